package telegram

import (
	"fmt"

	"github.com/rs/zerolog"

	"switchboard/actors/store"
	"switchboard/config"
	"switchboard/platforms"
	"switchboard/platforms/listener"
)

// Build makes a profile's Telegram adapter and access policy from its
// config, or a nil adapter when the profile does not enable Telegram.
// inbox makes intake durable (nil polls without one); m is the shared
// listener, needed in webhook mode (nil when the listener is off).
func Build(p *config.Profile, inbox store.Inbox, m listener.Mounter, log zerolog.Logger) (platforms.Adapter,
	platforms.Access, error) {
	cfg := p.Platforms.Telegram
	if !cfg.Enabled {
		return nil, platforms.Access{}, nil
	}
	poller, err := New(p.Name, cfg, inbox, log)
	if err != nil {
		return nil, platforms.Access{}, err
	}
	if cfg.Mode == "webhook" {
		if m == nil {
			return nil, platforms.Access{}, fmt.Errorf("telegram: profile %q: webhook mode needs the shared listener "+
				"(fix: set gateway.listen, or platforms.telegram.mode: polling)", p.Name)
		}
		poller.UseWebhook(m, cfg.WebhookURL)
	}
	return poller, platforms.Access{AllowAll: cfg.AllowAll, Users: cfg.AllowedUsers}, nil
}
