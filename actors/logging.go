package actors

import (
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/rs/zerolog"
)

// slogFactory routes protoactor's own log output through the gateway's
// zerolog logger, tagged so it can be told apart from ours.
func slogFactory(log zerolog.Logger) func(*actor.ActorSystem) *slog.Logger {
	l := log.With().Str("component", "protoactor").Logger()
	return func(*actor.ActorSystem) *slog.Logger {
		return slog.New(zerolog.NewSlogHandler(l))
	}
}

// logPanics is a receiver middleware that logs a panic with its stack and
// the actor it happened in, then panics again so that supervision still
// sees the failure.
func logPanics(log zerolog.Logger) actor.ReceiverMiddleware {
	return func(next actor.ReceiverFunc) actor.ReceiverFunc {
		return func(c actor.ReceiverContext, env *actor.MessageEnvelope) {
			defer func() {
				if r := recover(); r != nil {
					if _, planned := r.(restartRequest); planned {
						panic(r)
					}
					log.Error().
						Str("actor", c.Self().Id).
						Str("message_type", fmt.Sprintf("%T", env.Message)).
						Str("panic", fmt.Sprint(r)).
						Bytes("stack", debug.Stack()).
						Msg("actor failed; its supervisor decides what happens next")
					panic(r)
				}
			}()
			next(c, env)
		}
	}
}
