package loadtest

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progressEvery is how often the progress line is rewritten.
const progressEvery = 250 * time.Millisecond

// progress rewrites one line in place (with a carriage return) while a
// phase runs, and leaves its final state on a line of its own.
type progress struct {
	progressSpec
	w      io.Writer
	start  time.Time
	width  int
	stop   chan struct{}
	exited chan struct{}
}

// progressSpec says what a progress line shows: done() of total units,
// the rate, the RSS and a count (goroutines or threads) from gauges.
type progressSpec struct {
	label, unit string
	total       int64
	done        func() int64
	gauges      func() (rss, count int64)
	countName   string
}

// gaugesOf shows a sampler's latest RSS and goroutine count.
func gaugesOf(s *sampler) func() (int64, int64) {
	return func() (int64, int64) { return s.rss.Load(), s.g.Load() }
}

// startProgress shows a phase's progress on w; w nil shows nothing.
func startProgress(w io.Writer, spec progressSpec) *progress {
	p := &progress{progressSpec: spec, w: w, start: time.Now(), stop: make(chan struct{}),
		exited: make(chan struct{})}
	if w == nil {
		close(p.exited)
		return p
	}
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer close(p.exited)
	t := time.NewTicker(progressEvery)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.print("")
		}
	}
}

// finish stops the updates and prints the final line with a newline.
func (p *progress) finish() {
	if p.w == nil {
		return
	}
	close(p.stop)
	<-p.exited
	p.print("\n")
}

func (p *progress) print(end string) {
	n := p.done()
	el := time.Since(p.start).Seconds()
	rss, count := p.gauges()
	line := fmt.Sprintf("%-30s %7d/%-7d %s  %9.0f/s  rss %4d MiB  %s %6d  %5.1fs",
		p.label, n, p.total, p.unit, float64(n)/max(el, 1e-9), rss>>20, p.countName, count, el)
	pad := max(p.width-len(line), 0)
	p.width = len(line)
	// A failed write to the progress stream is not worth stopping a run for.
	fmt.Fprintf(p.w, "\r%s%s%s", line, strings.Repeat(" ", pad), end) //nolint:errcheck
}
