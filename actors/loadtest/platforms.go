package loadtest

import (
	"github.com/rs/zerolog"

	"switchboard/actors"
	"switchboard/actors/store"
	"switchboard/config"
	"switchboard/platforms"
	"switchboard/platforms/telegram"
)

// telegramOnly is the default Config.Platforms: Telegram in polling mode,
// built as the binary builds it when the shared listener is off.
func telegramOnly(inbox store.Inbox) []actors.Platform {
	return []actors.Platform{{
		Name: telegram.Platform,
		Build: func(p *config.Profile, log zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			return telegram.Build(p, inbox, nil, log)
		},
	}}
}
