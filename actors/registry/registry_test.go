package registry

import (
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// ask sends msg to the registry and returns its answer.
func ask(t *testing.T, sys *actor.ActorSystem, reg *actor.PID, msg any) any {
	t.Helper()
	res, err := sys.Root.RequestFuture(reg, msg, time.Second).Result()
	if err != nil {
		t.Fatalf("request %T: %v", msg, err)
	}
	return res
}

func TestClaimGrantDenyRelease(t *testing.T) {
	sys := actor.NewActorSystem()
	defer sys.Shutdown()
	reg := sys.Root.Spawn(Props())
	defer func() { _ = sys.Root.StopFuture(reg).Wait() }()

	claim := func(profile string) any {
		return ask(t, sys, reg, &Claim{Platform: "telegram", Fingerprint: "f1", Profile: profile})
	}
	if _, ok := claim("default").(*Granted); !ok {
		t.Fatalf("first claim not granted")
	}
	if _, ok := claim("default").(*Granted); !ok {
		t.Errorf("the holder's repeated claim (a restart) was not granted")
	}
	d, ok := claim("alpha").(*Denied)
	if !ok || d.Holder != "default" || d.Profile != "alpha" {
		t.Fatalf("second profile's claim = %+v, want Denied naming holder default", d)
	}
	other := ask(t, sys, reg, &Claim{Platform: "discord", Fingerprint: "f1", Profile: "alpha"})
	if _, ok := other.(*Granted); !ok {
		t.Errorf("the same fingerprint on another platform was not granted")
	}
	r := ask(t, sys, reg, &Release{Platform: "telegram", Fingerprint: "f1", Profile: "alpha"}).(*Released)
	if r.Held {
		t.Errorf("a non-holder's release was honoured")
	}
	if _, ok := claim("alpha").(*Denied); !ok {
		t.Errorf("claim granted although the holder never released")
	}
	r = ask(t, sys, reg, &Release{Platform: "telegram", Fingerprint: "f1", Profile: "default"}).(*Released)
	if !r.Held {
		t.Errorf("the holder's release was not honoured")
	}
	if _, ok := claim("alpha").(*Granted); !ok {
		t.Errorf("released credential could not be claimed again")
	}
}
