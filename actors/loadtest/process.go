package loadtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"switchboard/actors/state"
	"switchboard/platforms/telegram"
)

// nameProcess names the capacity stage run as a separate process.
const nameProcess = "gateway_process"

// stateEvery is how often the process stage reads the state file.
const stateEvery = 50 * time.Millisecond

// processCapacity runs n idle profiles as `switchboard run` in a process of
// its own, on a home written as for the other stages, against the fake in
// this process. Its RSS is then the gateway's alone, the fake's share left
// out, and its start is what an operator sees: process start, config load,
// inbox open, every bot connected, until the state file says running. A
// process's goroutines cannot be counted from outside; its threads are.
func processCapacity(ctx context.Context, cfg Config, n int) (Capacity, []string, error) {
	srv, tokens := startFake(n)
	defer srv.Close()
	dir, err := os.MkdirTemp("", "switchboard-loadtest-")
	if err != nil {
		return Capacity{}, nil, fmt.Errorf("process stage: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := writeHome(dir, srv.URL(), tokens, cfg.PollTimeout); err != nil {
		return Capacity{}, nil, err
	}
	if _, err := loadHome(dir, srv.URL()); err != nil {
		return Capacity{}, nil, err
	}
	p, err := startProcess(cfg.Binary, dir)
	if err != nil {
		return Capacity{}, nil, err
	}
	c := Capacity{Name: nameProcess, Profiles: n}
	polls := newPollWatch(srv, tokens)
	prog := startProgress(cfg.Progress, progressSpec{label: fmt.Sprintf("capacity %d profiles, process", n),
		unit: "polling", total: int64(n), done: polls.count64, gauges: p.gauges, countName: "threads"})
	c.Complete = waitFor(ctx, cfg.Timeout, func() bool { return polls.count() == n })
	if c.Complete {
		c.PollingSeconds = lastFirstPoll(srv, tokens).Sub(p.started).Seconds()
		c.RunningSeconds, c.Complete = p.waitRunning(ctx, cfg.PollTimeout+cfg.Timeout)
	}
	time.Sleep(idleSettle) // as in-process stages: start-up leftovers finish first
	st := p.status()
	c.RSSBytes, c.PeakRSSBytes, c.Threads = st.rss, st.hwm, int(st.threads)
	prog.finish()
	t := time.Now()
	stopErr := p.stop(cfg.Timeout)
	c.StopSeconds = time.Since(t).Seconds()
	var problems []string
	if stopErr != nil {
		problems = append(problems, fmt.Sprintf("process stage: %v (its log: %s)", stopErr, p.logTail()))
	}
	return c, problems, nil
}

// gatewayProcess is `switchboard run` started on a home.
type gatewayProcess struct {
	cmd     *exec.Cmd
	dir     string
	log     *os.File
	started time.Time
	exited  chan error
}

func startProcess(binary, dir string) (*gatewayProcess, error) {
	log, err := os.Create(filepath.Join(dir, "gateway.log"))
	if err != nil {
		return nil, fmt.Errorf("process stage: %w", err)
	}
	cmd := exec.Command(binary, "run", "--home", dir, "--log-format", "json")
	// No SWITCHBOARD_* variable of ours may change the home's settings; the
	// Go runtime's settings pass through, so that the gateway can be
	// measured under them (GOMEMLIMIT=100MiB switchboard loadtest ...).
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for _, name := range []string{"GOGC", "GOMEMLIMIT", "GODEBUG", "GOMAXPROCS"} {
		if v, ok := os.LookupEnv(name); ok {
			cmd.Env = append(cmd.Env, name+"="+v)
		}
	}
	cmd.Stdout, cmd.Stderr = log, log
	p := &gatewayProcess{cmd: cmd, dir: dir, log: log, exited: make(chan error, 1)}
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("process stage: start %s: %w", binary, err)
	}
	go func() { p.exited <- cmd.Wait() }()
	return p, nil
}

func (p *gatewayProcess) status() procFigures {
	return readStatus("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/status")
}

func (p *gatewayProcess) gauges() (int64, int64) {
	st := p.status()
	return st.rss, st.threads
}

// waitRunning reads the state file until it says running, and returns the
// time from the process start to the write that said so.
func (p *gatewayProcess) waitRunning(ctx context.Context, timeout time.Duration) (float64, bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(stateEvery)
	defer tick.Stop()
	for {
		if g, err := state.Read(state.Path(p.dir)); err == nil && g.GatewayState == state.Running {
			return g.UpdatedAt.Sub(p.started).Seconds(), true
		}
		select {
		case <-ctx.Done():
			return 0, false
		case <-deadline.C:
			return 0, false
		case <-tick.C:
		}
	}
}

// stop sends SIGTERM and waits for a clean exit, killing the process if it
// does not exit in time.
func (p *gatewayProcess) stop(timeout time.Duration) error {
	defer p.log.Close()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("stop gateway process: %w", err)
	}
	select {
	case err := <-p.exited:
		return err
	case <-time.After(timeout):
		return errors.Join(errors.New("gateway process did not exit in time; killed"), p.cmd.Process.Kill(), <-p.exited)
	}
}

// logTail is the end of the process's log, for a problem report.
func (p *gatewayProcess) logTail() string {
	b, err := os.ReadFile(p.log.Name())
	if err != nil {
		return err.Error()
	}
	return telegram.Redact(string(b[max(len(b)-500, 0):]))
}
