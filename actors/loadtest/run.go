package loadtest

import (
	"context"
	"fmt"
)

// Run runs the measurements cfg asks for, each baseline right before the
// gateway run it is compared with, and returns the report. It returns an
// error, with what was measured so far, when cfg is not usable or a system
// could not be started; a phase that did not finish is reported in the
// Report (see Report.Complete), not as an error. When ctx ends, the phase
// running stops early and nothing further starts.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	rep := &Report{Machine: machine(), Params: cfg.params(), Runs: []Result{}}
	steps := []struct {
		want  bool
		name  string
		start func() ([]Result, []string, error)
	}{
		{cfg.runs(ModeMailbox) || cfg.runs(ModeBaseline), nameChain, func() ([]Result, []string, error) {
			return measureMailbox(ctx, cfg, nameChain, startChainSystem)
		}},
		{cfg.runs(ModeMailbox), nameMailbox, func() ([]Result, []string, error) {
			return measureMailbox(ctx, cfg, nameMailbox, startGatewaySystem)
		}},
		{cfg.runs(ModeE2E) || cfg.runs(ModeBaseline), nameBareBots, func() ([]Result, []string, error) {
			return measureE2E(ctx, cfg, nameBareBots, startBareBots(cfg))
		}},
		{cfg.runs(ModeE2E), nameE2E, func() ([]Result, []string, error) {
			return measureE2E(ctx, cfg, nameE2E, startE2EGateway(cfg))
		}},
	}
	for _, s := range steps {
		if !s.want || ctx.Err() != nil {
			continue
		}
		runs, problems, err := s.start()
		rep.Runs = append(rep.Runs, runs...)
		rep.Errors = append(rep.Errors, problems...)
		if err != nil {
			return rep.finish(cfg), err
		}
	}
	if cfg.runs(ModeCapacity) && ctx.Err() == nil {
		cs, problems, err := runCapacity(ctx, cfg)
		rep.Capacity = cs
		rep.Errors = append(rep.Errors, problems...)
		if err != nil {
			return rep.finish(cfg), fmt.Errorf("capacity: %w", err)
		}
	}
	return rep.finish(cfg), ctx.Err()
}

// finish adds the ratios, the targets and a line for each incomplete run.
func (r *Report) finish(cfg Config) *Report {
	compare(r.Runs)
	r.Targets = targets(r, cfg.Rate)
	for _, x := range r.Runs {
		if !x.Complete {
			r.Errors = append(r.Errors, fmt.Sprintf("%s %s: %d of %d answered, %d duplicates",
				x.Name, x.Phase, x.Answered, x.Messages, x.Duplicates))
		}
	}
	for _, c := range r.Capacity {
		if !c.Complete {
			r.Errors = append(r.Errors, fmt.Sprintf("capacity %s %d: did not finish", c.Name, c.Profiles))
		}
	}
	return r
}
