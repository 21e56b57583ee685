package actors

import (
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rs/zerolog"

	"switchboard/actors/agent"
	"switchboard/actors/registry"
	"switchboard/actors/state"
	"switchboard/actors/waitfor"
	"switchboard/config"
	"switchboard/platforms"
)

// credAdapter is a memAdapter holding a credential, so that its actor
// claims it from the registry before connecting.
type credAdapter struct {
	*memAdapter
	fingerprint string
}

func (c credAdapter) Fingerprint() string { return c.fingerprint }
func (c credAdapter) AccountID() string   { return "acct-" + c.fingerprint[:4] }

// claimHome starts a gateway where every profile has a "tok" platform whose
// credential comes from creds, plus a credential-free "mem" platform. Each
// build waits a random moment so that adapters start in a shuffled order.
func claimHome(t *testing.T, creds map[string]string) (*Gateway, string, map[string]credAdapter, map[string]*memAdapter) {
	t.Helper()
	home := &config.Home{Gateway: config.Gateway{DrainTimeout: 5 * time.Second}}
	toks, mems := map[string]credAdapter{}, map[string]*memAdapter{}
	for _, name := range []string{"default", "alpha", "beta", "gamma"} {
		if _, ok := creds[name]; !ok {
			continue
		}
		home.Profiles = append(home.Profiles, &config.Profile{Name: name})
		toks[name] = credAdapter{newMemAdapter(), platforms.Fingerprint(creds[name])}
		mems[name] = newMemAdapter()
	}
	jitter := func() { time.Sleep(time.Duration(rand.IntN(3000)) * time.Microsecond) }
	statePath := filepath.Join(t.TempDir(), state.FileName)
	opts := Options{
		Log:       zerolog.Nop(),
		StatePath: statePath,
		NewAgent:  func(config.Agent) (agent.Agent, error) { return &countingAgent{}, nil },
		Platforms: []Platform{
			{Name: "tok", Build: func(p *config.Profile, _ zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
				jitter()
				return renamed{toks[p.Name], "tok"}, platforms.Access{AllowAll: true}, nil
			}},
			{Name: "mem", Build: func(p *config.Profile, _ zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
				jitter()
				return mems[p.Name], platforms.Access{AllowAll: true}, nil
			}},
		},
	}
	gw, err := Start(home, opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	return gw, statePath, toks, mems
}

// renamed gives an adapter another platform name.
type renamed struct {
	credAdapter
	name string
}

func (r renamed) Platform() string { return r.name }

// TestDuplicateCredentialSameWinnerEveryTime shares one credential between
// two named profiles (and, separately, with the default profile) and checks
// over many shuffled starts that the same profile always wins, the loser's
// other platform still runs, and the loser is fatal with
// duplicate_credential in the state file.
func TestDuplicateCredentialSameWinnerEveryTime(t *testing.T) {
	cases := []struct {
		name          string
		creds         map[string]string
		winner, loser string
	}{
		{"named vs named", map[string]string{"default": "t0", "beta": "shared", "gamma": "shared"}, "beta", "gamma"},
		{"default vs named", map[string]string{"default": "shared", "alpha": "shared", "beta": "t2"}, "default", "alpha"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for run := range 15 {
				gw, statePath, toks, mems := claimHome(t, tc.creds)
				waitfor.True(t, 5*time.Second, func() bool {
					g, err := state.Read(statePath)
					return err == nil && g.GatewayState == state.Degraded
				}, "run %d: gateway never became degraded", run)
				g, err := state.Read(statePath)
				if err != nil {
					t.Fatal(err)
				}
				lost := g.Platforms[tc.loser+":tok"]
				if lost == nil || lost.State != state.Fatal || lost.ErrorCode != "duplicate_credential" {
					t.Fatalf("run %d: %s:tok = %+v, want fatal duplicate_credential", run, tc.loser, lost)
				}
				if won := g.Platforms[tc.winner+":tok"]; won == nil || won.State != state.Connected {
					t.Fatalf("run %d: %s:tok = %+v, want connected", run, tc.winner, won)
				}
				if toks[tc.loser].runs.Load() != 0 {
					t.Fatalf("run %d: the loser's adapter ran", run)
				}
				mems[tc.loser].push("9", "other platform")
				waitfor.True(t, 5*time.Second, func() bool { return len(mems[tc.loser].Sent()) == 1 },
					"run %d: the loser's other platform does not answer", run)
				if err := gw.Stop("test"); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// listening is a memAdapter that serves HTTP routes.
type listening struct {
	*memAdapter
	name string
}

func (l listening) Platform() string                { return l.name }
func (l listening) Routes() map[string]http.Handler { return nil }

// TestListenerOutsidePortBindingIsRefused checks the runtime half of the
// port-binding rule: an adapter serving HTTP whose platform is not in
// platforms.PortBinding is never started.
func TestListenerOutsidePortBindingIsRefused(t *testing.T) {
	rogue, listed := newMemAdapter(), newMemAdapter()
	home := &config.Home{Profiles: []*config.Profile{{Name: "default"}}}
	build := func(a platforms.Adapter) func(*config.Profile, zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
		return func(*config.Profile, zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			return a, platforms.Access{}, nil
		}
	}
	gw, err := Start(home, Options{Log: zerolog.Nop(), Platforms: []Platform{
		{Name: "rogue_http", Build: build(listening{rogue, "rogue_http"})},
		{Name: "webhook", Build: build(listening{listed, "webhook"})},
	}})
	if err != nil {
		t.Fatal(err)
	}
	waitfor.True(t, 5*time.Second, func() bool { return listed.runs.Load() == 1 }, "listed listener not started")
	if err := gw.Stop("test"); err != nil {
		t.Fatal(err)
	}
	if rogue.runs.Load() != 0 {
		t.Errorf("a listener outside platforms.PortBinding was started")
	}
}

// TestStoppedAdapterReleasesItsClaim stops an adapter actor that holds a
// credential and checks that another profile can then claim it.
func TestStoppedAdapterReleasesItsClaim(t *testing.T) {
	sys := actor.NewActorSystem(actor.WithLoggerFactory(slogFactory(zerolog.Nop())))
	defer sys.Shutdown()
	reg := sys.Root.Spawn(registry.Props())
	ad := credAdapter{newMemAdapter(), platforms.Fingerprint("123:shared")}
	props := adapterProps(ad, adapterEnv{profile: "alpha", registry: reg, log: zerolog.Nop()})
	pid := sys.Root.Spawn(actor.PropsFromFunc(func(c actor.Context) {
		if _, ok := c.Message().(*actor.Started); ok {
			c.Spawn(props) // the adapter's parent stands in for its profile
		}
	}))
	waitfor.True(t, 5*time.Second, func() bool { return ad.runs.Load() == 1 }, "adapter never started")

	claim := &registry.Claim{Platform: "mem", Fingerprint: ad.fingerprint, Profile: "beta"}
	res, err := sys.Root.RequestFuture(reg, claim, time.Second).Result()
	if _, denied := res.(*registry.Denied); err != nil || !denied {
		t.Fatalf("claim while alpha holds it = %v, %v; want Denied", res, err)
	}
	if err := sys.Root.StopFuture(pid).Wait(); err != nil {
		t.Fatal(err)
	}
	res, err = sys.Root.RequestFuture(reg, claim, time.Second).Result()
	if _, granted := res.(*registry.Granted); err != nil || !granted {
		t.Fatalf("claim after alpha stopped = %v, %v; want Granted", res, err)
	}
	if err := sys.Root.StopFuture(reg).Wait(); err != nil {
		t.Fatal(err)
	}
}

// TestRefusedCredentialSendsNothing routes a reply of the losing profile to
// the platform whose credential it was refused (a webhook delivering to
// its "bot"): the reply must be dropped, not sent through the account.
func TestRefusedCredentialSendsNothing(t *testing.T) {
	gw, statePath, toks, mems := claimHome(t, map[string]string{"default": "shared", "alpha": "shared"})
	waitfor.True(t, 5*time.Second, func() bool {
		g, err := state.Read(statePath)
		return err == nil && g.GatewayState == state.Degraded
	}, "gateway never settled")
	mems["alpha"].in <- platforms.Inbound{
		Source:   platforms.Source{Platform: "mem", ChatType: platforms.ChatDM, ChatID: "5", UserID: "5"},
		Text:     "alert",
		ReplyVia: &platforms.Source{Platform: "tok", ChatType: platforms.ChatDM, ChatID: "42"},
	}
	mems["alpha"].push("6", "control") // answered on mem: proves the first message was handled
	waitfor.True(t, 5*time.Second, func() bool { return len(mems["alpha"].Sent()) == 1 }, "alpha stalled")
	if err := gw.Stop("test"); err != nil {
		t.Fatal(err)
	}
	for name, ad := range toks {
		if sent := ad.Sent(); len(sent) != 0 {
			t.Errorf("%s's credentialed adapter sent %+v; the refused profile's reply must be dropped", name, sent)
		}
	}
}
