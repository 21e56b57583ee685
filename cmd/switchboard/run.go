package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"switchboard/actors"
	"switchboard/actors/metrics"
	"switchboard/actors/state"
	"switchboard/actors/store"
	"switchboard/config"
)

// cmdRun runs the gateway until SIGINT or SIGTERM, then stops it
// gracefully: intake stops, turns and replies in flight finish within
// gateway.drain_timeout, actors stop children first.
func cmdRun(args, environ []string, stderr io.Writer) int {
	f, ok := parseFlags("run", args, stderr)
	if !ok {
		return exitUsage
	}
	log, scrub, err := newLogger(f, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "switchboard run: %v\n", err)
		return exitUsage
	}
	home, code := loadHome(f, environ, config.LoadOptions{}, stderr)
	if home == nil {
		return code
	}
	scrub.addHome(home)
	for _, s := range home.Skipped {
		log.Error().Str("profile", s.Name).Err(s.Reason).Msg("profile not served (gateway.on_profile_error: skip)")
	}
	for _, w := range home.Warnings {
		log.Warn().Msg(w)
	}
	if !anyPlatformEnabled(home) && home.Gateway.Listen == config.ListenOff {
		log.Warn().Str("config", filepath.Join(home.Dir, "config.yaml")).
			Msg("no platform is enabled, so nothing will reach the gateway; enable platforms.telegram (see README)")
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	log.Info().Str("home", home.Dir).Str("version", version).Strs("profiles", profileNames(home)).
		Msg("switchboard starting")
	db, err := openStore(home.Dir)
	if err != nil {
		recordStartupFailure(home.Dir, fmt.Errorf("open database: %w", err), stderr)
		log.Error().Err(err).Msg("database not opened; fix its file's permissions or path")
		return exitFailed
	}
	defer db.Close()
	m := metrics.New()
	lst, err := startListener(home, environ, m, log)
	if err != nil {
		recordStartupFailure(home.Dir, err, stderr)
		log.Error().Err(err).Msg("listener did not start")
		return exitFailed
	}
	defer stopListener(lst, log)
	gw, err := actors.Start(home, actors.Options{
		Log: log, Platforms: builtinPlatforms(db, lst, home.Profiles[0]), StatePath: state.Path(home.Dir),
		Metrics: m, History: db,
	})
	if err != nil {
		log.Error().Err(err).Msg("gateway did not start")
		return exitFailed
	}
	<-ctx.Done()
	stop()
	log.Info().Msg("signal received; stopping")
	if lst != nil {
		lst.Drain()
	}
	if err := gw.Stop("stopped by signal"); err != nil && !errors.Is(err, actors.ErrDrainTimeout) {
		log.Error().Err(err).Msg("gateway did not stop cleanly")
		return exitFailed
	}
	return exitOK
}

// loadHome resolves and loads the home directory. On failure it prints
// every problem and returns a nil home with the exit code to use; run also
// records the failure in the state file, so that a supervisor or operator
// reading `switchboard status` sees why the gateway is not running.
func loadHome(f commonFlags, environ []string, opts config.LoadOptions, stderr io.Writer) (*config.Home, int) {
	dir, err := config.ResolveHome(f.home, environ)
	if err != nil {
		fmt.Fprintf(stderr, "switchboard: %v\n", err)
		return nil, exitConfig
	}
	home, err := config.Load(dir, environ, opts)
	if err != nil && !opts.Strict {
		recordStartupFailure(dir, err, stderr)
	}
	if err != nil {
		var probs config.Problems
		if errors.As(err, &probs) {
			fmt.Fprintf(stderr, "switchboard: %d configuration problem(s) in %s:\n", len(probs), dir)
			for _, p := range probs {
				fmt.Fprintf(stderr, "  - %s\n", p.Error())
			}
		} else {
			fmt.Fprintf(stderr, "switchboard: load %s: %v\n", dir, err)
		}
		return nil, exitConfig
	}
	return home, exitOK
}

func profileNames(h *config.Home) []string {
	names := make([]string, len(h.Profiles))
	for i, p := range h.Profiles {
		names[i] = p.Name
	}
	return names
}

// recordStartupFailure writes startup_failed with the reason to the state
// file of an existing home directory.
func recordStartupFailure(dir string, reason error, stderr io.Writer) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return
	}
	g := &state.Gateway{
		GatewayState: state.StartupFailed, ExitReason: reason.Error(), PID: os.Getpid(),
		UpdatedAt: time.Now().UTC(), ServedProfiles: []string{}, Platforms: map[string]*state.Platform{},
	}
	if err := state.Write(state.Path(dir), g); err != nil {
		fmt.Fprintf(stderr, "switchboard: %v\n", err)
	}
}

// dbFile is the name of the embedded database inside the home directory.
const dbFile = "switchboard.db"

// openStore opens the home's database and drops finished inbox entries
// past their retention.
func openStore(home string) (*store.SQLite, error) {
	db, err := store.Open(filepath.Join(home, dbFile))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.Prune(ctx, time.Now().Add(-store.DefaultRetention)); err != nil {
		db.Close()
		return nil, fmt.Errorf("prune inbox: %w", err)
	}
	return db, nil
}

func anyPlatformEnabled(h *config.Home) bool {
	for _, p := range h.Profiles {
		if p.Platforms.Telegram.Enabled {
			return true
		}
	}
	return false
}
