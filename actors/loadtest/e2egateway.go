package loadtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"switchboard/actors"
	"switchboard/actors/state"
	"switchboard/actors/store"
	"switchboard/config"
)

// dbFile is the inbox database's name in a load test's home.
const dbFile = "switchboard.db"

// gatewayHome is a gateway serving one profile per bot of a fake, from a
// home written to a temporary directory, with its durable inbox there.
type gatewayHome struct {
	dir   string
	home  *config.Home
	db    *store.SQLite
	inbox *timedInbox
	logs  *logSink
	gw    *actors.Gateway
	// load is how long config.Load of the home took.
	load time.Duration
}

// prepareGateway writes and loads the home and opens its inbox; start
// then starts the gateway.
func prepareGateway(apiURL string, tokens []string, poll time.Duration, watch string) (*gatewayHome, error) {
	dir, err := os.MkdirTemp("", "switchboard-loadtest-")
	if err != nil {
		return nil, fmt.Errorf("load test home: %w", err)
	}
	g := &gatewayHome{dir: dir, logs: newLogSink(watch)}
	if err := writeHome(dir, apiURL, tokens, poll); err != nil {
		return nil, errors.Join(err, g.close())
	}
	t := time.Now()
	if g.home, err = loadHome(dir, apiURL); err != nil {
		return nil, errors.Join(err, g.close())
	}
	g.load = time.Since(t)
	if g.db, err = store.Open(filepath.Join(dir, dbFile)); err != nil {
		return nil, errors.Join(err, g.close())
	}
	g.inbox = newTimedInbox(g.db)
	return g, nil
}

// start starts the gateway with the state file in the home.
func (g *gatewayHome) start(cfg Config) error {
	gw, err := actors.Start(g.home, actors.Options{Log: g.logs.logger(), Platforms: cfg.Platforms(g.inbox),
		StatePath: state.Path(g.dir)})
	g.gw = gw
	return err
}

// stop stops the gateway, if started, and removes the home.
func (g *gatewayHome) stop() error {
	var err error
	if g.gw != nil {
		err = g.gw.Stop("load test finished")
		g.gw = nil
	}
	return errors.Join(err, g.close())
}

func (g *gatewayHome) close() error {
	var err error
	if g.db != nil {
		err = g.db.Close()
	}
	return errors.Join(err, os.RemoveAll(g.dir))
}

// e2eGateway is the gateway as an e2e system.
type e2eGateway struct {
	*gatewayHome
	r *e2eRun
}

func startE2EGateway(cfg Config) func(*e2eRun) (e2eSystem, error) {
	return func(r *e2eRun) (e2eSystem, error) {
		g, err := prepareGateway(r.srv.URL(), r.tokens, cfg.PollTimeout, "")
		if err != nil {
			return nil, err
		}
		if err := g.start(cfg); err != nil {
			return nil, errors.Join(err, g.close())
		}
		return &e2eGateway{gatewayHome: g, r: r}, nil
	}
}

func (g *e2eGateway) receivedAt(_ int, u updateKey) (time.Time, bool) { return g.inbox.receivedAt(u) }

func (g *e2eGateway) stop(context.Context) error { return g.gatewayHome.stop() }

// problems adds to the logged errors every pushed update the inbox did not
// mark done exactly once.
func (g *e2eGateway) problems() (int, []string) {
	n, lines := g.logs.errorLines()
	g.r.mu.Lock()
	defer g.r.mu.Unlock()
	var wrong int
	for _, u := range g.r.updates {
		if u.bot != "" && g.inbox.doneCount(u) != 1 {
			wrong++
		}
	}
	if wrong > 0 {
		lines = append(lines, fmt.Sprintf("%d updates were not marked done exactly once in the inbox", wrong))
	}
	return n, lines
}
