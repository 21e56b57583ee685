package main

import (
	"github.com/rs/zerolog"

	"switchboard/actors"
	"switchboard/actors/store"
	"switchboard/config"
	"switchboard/platforms"
	"switchboard/platforms/apiserver"
	"switchboard/platforms/listener"
	"switchboard/platforms/telegram"
	"switchboard/platforms/webhook"
	"switchboard/platforms/webhook/hook"
)

// builtinPlatforms lists the platforms this binary can serve. inbox makes
// Telegram intake durable (nil polls without one); lst is the shared
// listener (nil when it is off) and def the default profile, whose
// settings decide the platforms every profile is served on.
func builtinPlatforms(inbox store.Inbox, lst *listener.Server, def *config.Profile) []actors.Platform {
	return []actors.Platform{{
		Name: telegram.Platform,
		Build: func(p *config.Profile, log zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			var m listener.Mounter
			if lst != nil {
				m = lst
			}
			return telegram.Build(p, inbox, m, log)
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
	}, {
		Name: webhook.Platform,
		Build: func(p *config.Profile, _ zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
			if lst == nil || def == nil || !def.Platforms.Webhook.Enabled {
				return nil, platforms.Access{}, nil
			}
			routes, err := webhookRoutes(def.Platforms.Webhook, p.Name)
			if err != nil || len(routes) == 0 {
				return nil, platforms.Access{}, err
			}
			// Each delivery is authenticated by its route's signature.
			return webhook.New(p.Name, routes, lst), platforms.Access{AllowAll: true}, nil
		},
	}}
}

// webhookRoutes builds the routes bound to profile; a route that names no
// profile belongs to the default one.
func webhookRoutes(cfg config.Webhook, profile string) (map[string]*webhook.Route, error) {
	routes := map[string]*webhook.Route{}
	for name, rc := range cfg.Routes {
		bound := rc.Profile
		if bound == "" {
			bound = config.DefaultProfile
		}
		if bound != profile {
			continue
		}
		target, err := hook.ParseTarget(rc.Deliver)
		if err != nil {
			return nil, err
		}
		rt := &webhook.Route{Route: hook.Route{Name: name, Secret: []byte(rc.Secret.Reveal()), Prompt: rc.Prompt,
			DeliveryIDHeader: rc.DeliveryIDHeader}, Target: target}
		if err := rt.Compile(); err != nil {
			return nil, err
		}
		routes[name] = rt
	}
	return routes, nil
}
