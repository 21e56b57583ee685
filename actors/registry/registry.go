// Package registry is the owner of every credential claim. Before an
// adapter connects it sends a Claim with its credential's fingerprint and
// gets Granted or Denied naming the holder; it sends Release when it stops.
// One bot token is therefore used by one adapter at a time, decided by
// messages rather than locks. Claims are answered in the order they arrive,
// so a gateway that claims in a fixed order always picks the same owner.
package registry

import (
	"github.com/asynkron/protoactor-go/actor"
)

// holding identifies one credential on one platform.
type holding struct{ platform, fingerprint string }

// Actor is the registry actor. Spawn it with Props.
type Actor struct {
	holders map[holding]string
}

// Props returns the props of a registry actor.
func Props() *actor.Props {
	return actor.PropsFromProducer(func() actor.Actor {
		return &Actor{holders: map[holding]string{}}
	})
}

// Receive answers Claim and Release.
func (a *Actor) Receive(c actor.Context) {
	switch m := c.Message().(type) {
	case *Claim:
		c.Respond(a.claim(m))
	case *Release:
		r := a.release(m)
		if c.Sender() != nil {
			c.Respond(r)
		}
	}
}

func (a *Actor) claim(m *Claim) any {
	h := holding{m.Platform, m.Fingerprint}
	holder, held := a.holders[h]
	if held && holder != m.Profile {
		return &Denied{Platform: m.Platform, Fingerprint: m.Fingerprint, Profile: m.Profile, Holder: holder}
	}
	a.holders[h] = m.Profile
	return &Granted{Platform: m.Platform, Fingerprint: m.Fingerprint, Profile: m.Profile}
}

func (a *Actor) release(m *Release) *Released {
	h := holding{m.Platform, m.Fingerprint}
	held := a.holders[h] == m.Profile
	if held {
		delete(a.holders, h)
	}
	return &Released{Platform: m.Platform, Fingerprint: m.Fingerprint, Profile: m.Profile, Held: held}
}
