package loadtest

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"
)

// sampleEvery is how often a sampler reads RSS and the goroutine count.
const sampleEvery = 50 * time.Millisecond

// procStatus reads this process's resident set size and its high-water
// mark, in bytes; zeros where there is no /proc.
func procStatus() (rss, hwm int64) {
	st := readStatus("/proc/self/status")
	return st.rss, st.hwm
}

// procFigures are the lines of a /proc/<pid>/status file a load test reads.
type procFigures struct {
	rss, hwm int64 // bytes
	threads  int64
}

// readStatus reads a /proc/<pid>/status file; zeros where it cannot.
func readStatus(path string) procFigures {
	b, err := os.ReadFile(path)
	if err != nil {
		return procFigures{}
	}
	return procFigures{rss: kbField(b, "VmRSS:") << 10, hwm: kbField(b, "VmHWM:") << 10,
		threads: kbField(b, "Threads:")}
}

// memTotal is the machine's memory from /proc/meminfo, in bytes.
func memTotal() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	return kbField(b, "MemTotal:") << 10
}

// kbField returns the number on the "<name> <n> [kB]" line.
func kbField(b []byte, name string) int64 {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte(name))
		if !ok {
			continue
		}
		digits, _, _ := bytes.Cut(bytes.TrimSpace(rest), []byte(" "))
		n, err := strconv.ParseInt(string(digits), 10, 64)
		if err != nil {
			return 0
		}
		return n
	}
	return 0
}

// resetPeakRSS resets the kernel's RSS high-water mark (Linux 4.0 and
// later) and reports whether it could.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// settle collects garbage and returns freed memory to the system, so that
// one phase's leftovers do not count in the next one's memory figures.
func settle() {
	runtime.GC()
	debug.FreeOSMemory()
}

// allocs is a point on the allocation counters.
type allocs struct{ mallocs, bytes uint64 }

func readAllocs() allocs {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return allocs{mallocs: m.Mallocs, bytes: m.TotalAlloc}
}

// goMem is the Go heap and stacks in use, in bytes.
func goMem() int64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse + m.StackInuse)
}

// sampler watches RSS and the goroutine count while a phase runs and keeps
// their peaks.
type sampler struct {
	rss, peakRSS atomic.Int64
	g, peakG     atomic.Int64
	hwmReset     bool
	stop, done   chan struct{}
}

func startSampler() *sampler {
	s := &sampler{stop: make(chan struct{}), done: make(chan struct{}), hwmReset: resetPeakRSS()}
	s.sample()
	go s.loop()
	return s
}

func (s *sampler) loop() {
	defer close(s.done)
	t := time.NewTicker(sampleEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.sample()
		}
	}
}

func (s *sampler) sample() {
	rss, _ := procStatus()
	s.rss.Store(rss)
	raise(&s.peakRSS, rss)
	g := int64(runtime.NumGoroutine())
	s.g.Store(g)
	raise(&s.peakG, g)
}

// finish stops sampling and returns the peaks. The kernel's high-water
// mark, reset at the start, catches a peak between two samples.
func (s *sampler) finish() (peakRSS int64, peakGoroutines int) {
	close(s.stop)
	<-s.done
	s.sample()
	peak := s.peakRSS.Load()
	if _, hwm := procStatus(); s.hwmReset && hwm > peak {
		peak = hwm
	}
	return peak, int(s.peakG.Load())
}

// raise sets v to n if n is larger.
func raise(v *atomic.Int64, n int64) {
	for {
		old := v.Load()
		if n <= old || v.CompareAndSwap(old, n) {
			return
		}
	}
}
