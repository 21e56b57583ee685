package main

import (
	"github.com/rs/zerolog"

	"switchboard/actors"
	"switchboard/config"
	"switchboard/platforms"
	"switchboard/platforms/telegram"
)

// builtinPlatforms lists the platforms this binary can serve.
func builtinPlatforms() []actors.Platform {
	return []actors.Platform{{Name: telegram.Platform, Build: buildTelegram}}
}

func buildTelegram(p *config.Profile, log zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
	cfg := p.Platforms.Telegram
	if !cfg.Enabled {
		return nil, platforms.Access{}, nil
	}
	poller, err := telegram.New(p.Name, cfg, log)
	if err != nil {
		return nil, platforms.Access{}, err
	}
	return poller, platforms.Access{AllowAll: cfg.AllowAll, Users: cfg.AllowedUsers}, nil
}
