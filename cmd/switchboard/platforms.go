package main

import (
	"fmt"

	"github.com/rs/zerolog"

	"switchboard/actors"
	"switchboard/actors/store"
	"switchboard/config"
	"switchboard/platforms"
	"switchboard/platforms/apiserver"
	"switchboard/platforms/listener"
	"switchboard/platforms/telegram"
)

// builtinPlatforms lists the platforms this binary can serve. inbox makes
// Telegram intake durable (nil polls without one); lst is the shared
// listener (nil when it is off) and def the default profile, whose
// settings decide the platforms every profile is served on.
func builtinPlatforms(inbox store.Inbox, lst *listener.Server, def *config.Profile) []actors.Platform {
	return []actors.Platform{{
		Name: telegram.Platform,
		Build: func(p *config.Profile, log zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			return buildTelegram(p, inbox, lst, log)
		},
	}, {
		Name: apiserver.Platform,
		Build: func(p *config.Profile, _ zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			if lst == nil || def == nil || !def.Platforms.APIServer.Enabled {
				return nil, platforms.Access{}, nil
			}
			// The listener checks each profile's key; every key holder may talk.
			return apiserver.New(p.Name, def.Platforms.APIServer.Model, lst), platforms.Access{AllowAll: true}, nil
		},
	}}
}

func buildTelegram(p *config.Profile, inbox store.Inbox, lst *listener.Server,
	log zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
	cfg := p.Platforms.Telegram
	if !cfg.Enabled {
		return nil, platforms.Access{}, nil
	}
	poller, err := telegram.New(p.Name, cfg, inbox, log)
	if err != nil {
		return nil, platforms.Access{}, err
	}
	if cfg.Mode == "webhook" {
		if lst == nil {
			return nil, platforms.Access{}, fmt.Errorf("telegram: profile %q: webhook mode needs the shared listener "+
				"(fix: set gateway.listen, or platforms.telegram.mode: polling)", p.Name)
		}
		poller.UseWebhook(lst, cfg.WebhookURL)
	}
	return poller, platforms.Access{AllowAll: cfg.AllowAll, Users: cfg.AllowedUsers}, nil
}
