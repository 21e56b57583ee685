package loadtest

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/rs/zerolog"

	"switchboard/actors"
	"switchboard/config"
	"switchboard/platforms"
)

// Names of the message measurements in a Report.
const (
	nameChain    = "chain"
	nameMailbox  = "mailbox"
	nameBareBots = "bare_bots"
	nameE2E      = "e2e"
)

// mailboxSystem is what a mailbox measurement drives: it starts with the
// driver's adapters as its platform accounts, and is stopped once both
// phases are over.
type mailboxSystem interface {
	stop() error
	// errorLines returns how many errors the system logged and the first few.
	errorLines() (int, []string)
}

// measureMailbox runs both phases of a mailbox measurement against the
// system start builds, and returns one Result per phase and what went wrong.
func measureMailbox(ctx context.Context, cfg Config, name string,
	start func(*driver) (mailboxSystem, error)) ([]Result, []string, error) {
	l := cfg.mailboxLayout()
	tr := newTracker(l.total())
	d := newDriver(l, tr)
	settle()
	sys, err := start(d)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	if !waitFor(ctx, cfg.Timeout, d.running) {
		return nil, nil, errors.Join(fmt.Errorf("%s: intake not running after %v", name, cfg.Timeout), sys.stop())
	}
	answered := func() int64 { return tr.answered.Load() }
	var problems []string
	thr := measurePhase(ctx, cfg, name+" throughput", 0, l.burst(), answered, d.startBurst)
	thrEnd := tr.at(tr.last.Load())
	var rate phaseStats
	if thr.ok && l.rated > 0 {
		paced := make(chan struct{})
		label := fmt.Sprintf("%s at %d/s", name, cfg.Rate)
		rate = measurePhase(ctx, cfg, label, l.burst(), l.total(), answered, func() {
			go func() {
				defer close(paced)
				d.pace(ctx, cfg.Rate)
			}()
		})
		<-paced
	}
	rateEnd := tr.at(tr.last.Load())
	if err := sys.stop(); err != nil {
		problems = append(problems, fmt.Sprintf("%s: stop: %v", name, err))
	}
	runs := []Result{thr.run(name, phaseThroughput, l.burst(), tr.count(0, l.burst()), thrEnd, tr.latencies(0, l.burst()))}
	if thr.ok && l.rated > 0 {
		runs = append(runs, rate.run(name, phaseRate, l.rated, tr.count(l.burst(), l.total()), rateEnd,
			tr.latencies(l.burst(), l.total())))
	}
	n, lines := sys.errorLines()
	for i := range runs {
		runs[i].Errors = n
	}
	if s := tr.stray.Load(); s > 0 {
		problems = append(problems, fmt.Sprintf("%s: %d answers to no message of the run or through "+
			"another profile's adapter", name, s))
	}
	return runs, append(problems, lines...), nil
}

// chainSystem is the bare chain as a mailbox system.
type chainSystem struct{ *chain }

func (chainSystem) errorLines() (int, []string) { return 0, nil }

func startChainSystem(d *driver) (mailboxSystem, error) {
	return chainSystem{startChain(d)}, nil
}

// gatewaySystem is a gateway whose profiles each own one in-memory adapter.
type gatewaySystem struct {
	gw   *actors.Gateway
	logs *logSink
}

func (g gatewaySystem) stop() error                 { return g.gw.Stop("load test finished") }
func (g gatewaySystem) errorLines() (int, []string) { return g.logs.errorLines() }

// startGatewaySystem starts a gateway with one profile per adapter of d,
// answered by the default (echo) agent, each admitting every user.
func startGatewaySystem(d *driver) (mailboxSystem, error) {
	home := config.Default("")
	def := home.Profiles[0]
	byName := map[string]*memAdapter{def.Name: d.adapters[0]}
	for i, a := range d.adapters[1:] {
		p := *def
		p.Name, p.Env = "p"+strconv.Itoa(i+1), map[string]config.Secret{}
		home.Profiles = append(home.Profiles, &p)
		byName[p.Name] = a
	}
	logs := newLogSink("")
	gw, err := actors.Start(home, actors.Options{
		Log: logs.logger(),
		Platforms: []actors.Platform{{Name: platformName,
			Build: func(p *config.Profile, _ zerolog.Logger) (platforms.Adapter, platforms.Access, error) {
				if a, ok := byName[p.Name]; ok {
					return a, platforms.Access{AllowAll: true}, nil
				}
				return nil, platforms.Access{}, nil
			}}},
	})
	if err != nil {
		return nil, err
	}
	return gatewaySystem{gw: gw, logs: logs}, nil
}
