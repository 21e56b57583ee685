package main

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"switchboard/actors/metrics"
	"switchboard/actors/state"
	"switchboard/config"
	"switchboard/platforms/listener"
)

// shutdownWait bounds how long the listener waits for requests in flight
// once the gateway has stopped.
const shutdownWait = 5 * time.Second

// startListener binds gateway.listen and serves the gateway's own paths;
// adapters mount the rest. It returns nil when the listener is off.
func startListener(home *config.Home, environ []string, m *metrics.Metrics,
	log zerolog.Logger) (*listener.Server, error) {
	if home.Gateway.Listen == config.ListenOff {
		return nil, nil
	}
	srv, err := listener.Listen(listener.Options{
		Addr:           home.Gateway.Listen,
		DefaultProfile: config.DefaultProfile,
		Multiplex:      home.Gateway.MultiplexProfiles,
		MaxBodyBytes:   int64(home.Gateway.MaxBodyBytes),
		Keys:           apiKeys(home, environ),
		Log:            log,
	})
	if err != nil {
		return nil, err
	}
	statePath := state.Path(home.Dir)
	srv.Handle("/healthz", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ok\n")) //nolint:errcheck // a client that left needs no answer
	}), false)
	srv.Handle("/readyz", readyz(statePath), false)
	srv.Handle("/status", statusHandler(statePath), true)
	srv.Handle("/metrics", m.Handler(), true)
	go func() {
		if err := srv.Serve(); err != nil {
			log.Error().Err(err).Msg("listener stopped")
		}
	}()
	log.Info().Str("addr", srv.Addr()).Msg("listening")
	return srv, nil
}

// apiKeys maps each profile to its API_SERVER_KEY: from the profile's own
// .env, and for the default profile also from the process environment.
func apiKeys(home *config.Home, environ []string) map[string]string {
	keys := map[string]string{}
	for _, p := range home.Profiles {
		if k, ok := p.Env[config.APIKeyVar]; ok && k != "" {
			keys[p.Name] = k.Reveal()
		}
	}
	if keys[config.DefaultProfile] == "" {
		if v := lookupEnv(environ, config.APIKeyVar); v != "" {
			keys[config.DefaultProfile] = v
		}
	}
	return keys
}

// lookupEnv finds name in environ; the last entry wins, as in os.Getenv.
func lookupEnv(environ []string, name string) string {
	for i := len(environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(environ[i], "="); ok && k == name {
			return v
		}
	}
	return ""
}

// readyz answers 200 while the gateway serves (running or degraded).
func readyz(statePath string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		g, err := state.Read(statePath)
		if err != nil || (g.GatewayState != state.Running && g.GatewayState != state.Degraded) {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n")) //nolint:errcheck // a client that left needs no answer
	})
}

// statusHandler serves the state file as it is: it never holds a secret.
func statusHandler(statePath string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", http.MethodGet)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		data, err := os.ReadFile(statePath)
		if errors.Is(err, fs.ErrNotExist) {
			http.Error(w, "no state yet", http.StatusServiceUnavailable)
			return
		}
		if err != nil {
			http.Error(w, "state unreadable", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(data) //nolint:errcheck // a client that left needs no answer
	})
}

// stopListener waits briefly for requests in flight, then closes.
func stopListener(srv *listener.Server, log zerolog.Logger) {
	if srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), shutdownWait)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		log.Warn().Err(err).Msg("listener closed with requests still open")
	}
}
