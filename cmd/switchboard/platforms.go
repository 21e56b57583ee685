package main

import (
	"github.com/rs/zerolog"

	"switchboard/actors"
	"switchboard/actors/store"
	"switchboard/config"
	"switchboard/platforms"
	"switchboard/platforms/telegram"
)

// builtinPlatforms lists the platforms this binary can serve. inbox makes
// Telegram intake durable; nil polls without one.
func builtinPlatforms(inbox store.Inbox) []actors.Platform {
	return []actors.Platform{{
		Name: telegram.Platform,
		Build: func(p *config.Profile, log zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			return buildTelegram(p, inbox, log)
		},
	}}
}

func buildTelegram(p *config.Profile, inbox store.Inbox, log zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
	cfg := p.Platforms.Telegram
	if !cfg.Enabled {
		return nil, platforms.Access{}, nil
	}
	poller, err := telegram.New(p.Name, cfg, inbox, log)
	if err != nil {
		return nil, platforms.Access{}, err
	}
	return poller, platforms.Access{AllowAll: cfg.AllowAll, Users: cfg.AllowedUsers}, nil
}
