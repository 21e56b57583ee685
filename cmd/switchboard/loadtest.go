package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"switchboard/actors"
	"switchboard/actors/loadtest"
	"switchboard/actors/store"
)

// loadtestFlags are the flags of switchboard loadtest beyond the test's
// own parameters.
type loadtestFlags struct {
	asJSON     bool
	cpuProfile string
	memProfile string
}

// cmdLoadtest runs the load test against fakes on 127.0.0.1 (see
// docs/BENCHMARKS.md): a progress line on stderr while it runs, then a
// summary table, or the report as JSON with --json, on stdout. It exits 1
// when a phase did not answer every message exactly once.
func cmdLoadtest(args []string, stdout, stderr io.Writer) int {
	cfg, f, ok := parseLoadtestFlags(args, stderr)
	if !ok {
		return exitUsage
	}
	heap := wireLoadtest(&cfg, f, stderr)
	stopProfile, err := startCPUProfile(f.cpuProfile)
	if err != nil {
		fmt.Fprintf(stderr, "switchboard loadtest: %v\n", err)
		return exitFailed
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	rep, runErr := loadtest.Run(ctx, cfg)
	if err := errors.Join(stopProfile(), heap.err); err != nil {
		fmt.Fprintf(stderr, "switchboard loadtest: %v\n", err)
	}
	if rep != nil {
		if err := writeReport(rep, f.asJSON, stdout); err != nil {
			fmt.Fprintf(stderr, "switchboard loadtest: write report: %v\n", err)
			return exitFailed
		}
	}
	return loadtestExit(rep, runErr, stderr)
}

// wireLoadtest gives the load test the binary's own pieces: the progress
// stream, Telegram as `switchboard run` builds it (the shared listener
// off), this binary for the capacity stage run as a process, and the heap
// profiler.
func wireLoadtest(cfg *loadtest.Config, f loadtestFlags, stderr io.Writer) *heapProfiler {
	cfg.Progress = stderr
	cfg.Platforms = func(inbox store.Inbox) []actors.Platform { return builtinPlatforms(inbox, nil, nil) }
	// A test binary started as `switchboard run` would run its tests instead.
	if exe, err := os.Executable(); err == nil && !testing.Testing() {
		cfg.Binary = exe
	}
	heap := &heapProfiler{path: f.memProfile}
	if heap.path != "" {
		cfg.Idle = heap.idle
	}
	return heap
}

// heapProfiler writes the heap profile while a gateway capacity stage is
// idle, and keeps the error for the end of the run.
type heapProfiler struct {
	path string
	err  error
}

// idle writes the profile for a gateway stage; each later stage overwrites
// the file, which ends up holding the last one.
func (h *heapProfiler) idle(name string, _ int) {
	if name == "gateway" {
		h.err = writeMemProfile(h.path)
	}
}

// loadtestExit reports how the run ended and returns the exit code: usage
// for a bad parameter, failure when interrupted, broken, or when a message
// was not answered exactly once.
func loadtestExit(rep *loadtest.Report, runErr error, stderr io.Writer) int {
	switch {
	case errors.Is(runErr, loadtest.ErrConfig):
		fmt.Fprintf(stderr, "switchboard loadtest: %v\n", runErr)
		return exitUsage
	case errors.Is(runErr, context.Canceled):
		fmt.Fprintln(stderr, "switchboard loadtest: interrupted")
		return exitFailed
	case runErr != nil:
		fmt.Fprintf(stderr, "switchboard loadtest: %v\n", runErr)
		return exitFailed
	case !rep.Complete():
		fmt.Fprintln(stderr, "switchboard loadtest: some messages were not answered exactly once (see problems)")
		return exitFailed
	}
	return exitOK
}

func writeReport(rep *loadtest.Report, asJSON bool, w io.Writer) error {
	if !asJSON {
		return rep.WriteTable(w)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// parseLoadtestFlags reads the flags into a load test config; zero values
// leave the defaults to the loadtest package.
func parseLoadtestFlags(args []string, stderr io.Writer) (loadtest.Config, loadtestFlags, bool) {
	var cfg loadtest.Config
	var f loadtestFlags
	var capacity string
	fs := flag.NewFlagSet("switchboard loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Mode, "mode", loadtest.ModeAll, "mailbox, e2e, baseline, capacity or all")
	fs.IntVar(&cfg.Profiles, "profiles", 0, "profiles in mailbox mode (default 10)")
	fs.IntVar(&cfg.Bots, "bots", 0, "Telegram bots in e2e mode, one profile each (default 10)")
	fs.IntVar(&cfg.Chats, "chats", 0, "chats per profile (mailbox, default 100) or per bot (e2e, default 10)")
	fs.IntVar(&cfg.Messages, "messages", 0, "messages per chat in the throughput phase (mailbox 300, e2e 100)")
	fs.IntVar(&cfg.Window, "window", 0, "unanswered messages per chat in the mailbox throughput phase (default 4)")
	fs.IntVar(&cfg.Rate, "rate", 0, "messages per second of the fixed-rate phase (default 1000)")
	fs.DurationVar(&cfg.Duration, "duration", 0, "length of the fixed-rate phase (default 3s)")
	fs.StringVar(&capacity, "capacity", "", "idle profile counts of capacity mode (default 1,100,1000)")
	fs.DurationVar(&cfg.PollTimeout, "poll-timeout", 0, "Telegram long-poll timeout (default 30s)")
	fs.DurationVar(&cfg.Timeout, "timeout", 0, "bound on each phase (default 2m)")
	fs.BoolVar(&f.asJSON, "json", false, "print the report as JSON instead of tables")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file")
	fs.StringVar(&f.memProfile, "memprofile", "",
		"write a heap profile of the idle gateway in the last capacity stage to this file")
	if err := fs.Parse(args); err != nil {
		return cfg, f, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "switchboard loadtest: unexpected argument %q\n", fs.Arg(0))
		return cfg, f, false
	}
	counts, err := parseCounts(capacity)
	if err != nil {
		fmt.Fprintf(stderr, "switchboard loadtest: --capacity %q: %v\n", capacity, err)
		return cfg, f, false
	}
	cfg.Capacity = counts
	return cfg, f, true
}

// parseCounts reads a comma-separated list of profile counts; empty gives nil.
func parseCounts(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []int
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil {
			return nil, fmt.Errorf("want numbers separated by commas, such as 1,100,1000")
		}
		out = append(out, n)
	}
	return out, nil
}

// startCPUProfile starts profiling into path, if set, and returns how to
// stop.
func startCPUProfile(path string) (func() error, error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	file, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(file); err != nil {
		file.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := file.Close(); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		return nil
	}, nil
}

// writeMemProfile writes a heap profile to path.
func writeMemProfile(path string) error {
	file, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	if err := pprof.Lookup("heap").WriteTo(file, 0); err != nil {
		file.Close()
		return fmt.Errorf("heap profile: %w", err)
	}
	return file.Close()
}
