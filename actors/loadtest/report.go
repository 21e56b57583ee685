package loadtest

import (
	"os"
	"runtime"
	"strings"
	"time"
)

// Report is everything one load test measured.
type Report struct {
	Machine  Machine    `json:"machine"`
	Params   Params     `json:"params"`
	Runs     []Result   `json:"runs"`
	Capacity []Capacity `json:"capacity,omitempty"`
	Targets  []Target   `json:"targets,omitempty"`
	// Errors lists what went wrong: incomplete phases, error lines the
	// gateway logged (redacted), failed sends of the bare bots.
	Errors []string `json:"errors,omitempty"`
}

// Complete reports whether every phase finished with every message
// answered exactly once.
func (r *Report) Complete() bool {
	for _, run := range r.Runs {
		if !run.Complete {
			return false
		}
	}
	for _, c := range r.Capacity {
		if !c.Complete {
			return false
		}
	}
	return true
}

// Machine describes where the figures were measured.
type Machine struct {
	Cores         int    `json:"cores"`
	GOMAXPROCS    int    `json:"gomaxprocs"`
	MemTotalBytes int64  `json:"mem_total_bytes"`
	GoVersion     string `json:"go_version"`
	OS            string `json:"os"`
	Arch          string `json:"arch"`
	// LoadAverage is /proc/loadavg's 1, 5 and 15 minute figures at the
	// start: other work on the machine makes every figure noisier.
	LoadAverage string    `json:"load_average"`
	StartedAt   time.Time `json:"started_at"`
}

// Params are the parameters the run used, defaults filled in.
type Params struct {
	Mode            string `json:"mode"`
	Profiles        int    `json:"profiles"`
	MailboxChats    int    `json:"mailbox_chats"`
	MailboxMessages int    `json:"mailbox_messages_per_chat"`
	Window          int    `json:"window"`
	Bots            int    `json:"bots"`
	E2EChats        int    `json:"e2e_chats_per_bot"`
	E2EMessages     int    `json:"e2e_messages_per_chat"`
	Rate            int    `json:"rate_per_sec"`
	Duration        string `json:"duration"`
	Capacity        []int  `json:"capacity"`
	PollTimeout     string `json:"poll_timeout"`
}

// Result is one phase of one system: the gateway or a baseline, in the
// throughput phase or the fixed-rate phase.
type Result struct {
	// Name is mailbox, chain, e2e or bare_bots.
	Name string `json:"name"`
	// Phase is throughput or rate.
	Phase string `json:"phase"`
	// Baseline names the run this one is compared with; empty for a baseline.
	Baseline string `json:"baseline,omitempty"`

	Messages   int `json:"messages"`
	Answered   int `json:"answered"`
	Duplicates int `json:"duplicates"`
	Missing    int `json:"missing"`
	// Complete means every message was answered exactly once.
	Complete bool `json:"complete"`

	// Seconds runs from the first message handed over to the last answer.
	Seconds    float64 `json:"seconds"`
	Throughput float64 `json:"msgs_per_sec"`
	// ThroughputRatio is Throughput over the baseline's.
	ThroughputRatio float64 `json:"throughput_ratio,omitempty"`
	// Latency runs from handing a message over (mailbox: the intake's
	// Deliver; e2e: pushing it into the fake Bot API) to its answer reaching
	// the sink (mailbox: the adapter's Send; e2e: sendMessage arriving at
	// the fake).
	Latency Latency `json:"latency_ms"`
	// Added is the e2e latency the bot itself adds: from the update being in
	// the bot's hands (the gateway: its inbox Record call; a bare bot: its
	// handler starting) to sendMessage arriving at the fake.
	Added *Latency `json:"added_latency_ms,omitempty"`
	// P99Ratio is Latency.P99 over the baseline's.
	P99Ratio float64 `json:"p99_ratio,omitempty"`
	// APICalls counts, by method, the Bot API calls that reached the fake
	// during the phase (e2e only).
	APICalls map[string]int `json:"api_calls,omitempty"`
	// InboxRecord and InboxDone are how long the gateway's inbox calls took
	// during the phase: one Record per getUpdates batch, one Done per
	// message (e2e gateway only).
	InboxRecord *Latency `json:"inbox_record_ms,omitempty"`
	InboxDone   *Latency `json:"inbox_done_ms,omitempty"`

	AllocsPerMsg   float64 `json:"allocs_per_msg"`
	BytesPerMsg    float64 `json:"alloc_bytes_per_msg"`
	PeakRSSBytes   int64   `json:"peak_rss_bytes"`
	PeakGoroutines int     `json:"peak_goroutines"`
	// Errors counts error lines the gateway logged, or failed calls of the
	// bare bots.
	Errors int `json:"errors"`
}

// Latency is a latency distribution in milliseconds.
type Latency struct {
	Samples int     `json:"samples"`
	P50     float64 `json:"p50"`
	P99     float64 `json:"p99"`
	P999    float64 `json:"p99_9"`
	Max     float64 `json:"max"`
}

// Capacity is the cost of a number of idle profiles, each polling a bot.
type Capacity struct {
	// Name is gateway (in this process, beside the fake Bot API),
	// gateway_process (switchboard run in a process of its own) or bare_bots.
	Name     string `json:"name"`
	Profiles int    `json:"profiles"`
	// RSSBytes is the process's resident memory once idle, the fake Bot API
	// included; RSSAddedBytes is what it grew by from just before the start.
	RSSBytes      int64 `json:"rss_bytes"`
	RSSAddedBytes int64 `json:"rss_added_bytes"`
	PeakRSSBytes  int64 `json:"peak_rss_bytes"`
	// GoMemAddedBytes is the growth of the Go heap and stacks in use.
	GoMemAddedBytes int64 `json:"go_mem_added_bytes"`
	Goroutines      int   `json:"goroutines"`
	GoroutinesAdded int   `json:"goroutines_added"`
	// Threads is the OS threads of a gateway in its own process, whose
	// goroutines cannot be counted from outside.
	Threads int `json:"threads,omitempty"`
	// LoadSeconds is config.Load of the home directory.
	LoadSeconds float64 `json:"load_seconds,omitempty"`
	// PollingSeconds runs from the start until every bot's first getUpdates
	// reached the fake.
	PollingSeconds float64 `json:"polling_seconds"`
	// RunningSeconds runs from the start until the gateway logged "gateway
	// running" (and wrote it to the state file); 0 when not measured.
	RunningSeconds float64 `json:"running_seconds,omitempty"`
	StopSeconds    float64 `json:"stop_seconds"`
	// RSSAddedRatio is RSSAddedBytes over the bare bots' at the same count.
	RSSAddedRatio float64 `json:"rss_added_ratio,omitempty"`
	Complete      bool    `json:"complete"`
}

// Target is one of the goals next to what was measured.
type Target struct {
	Name string `json:"name"`
	Want string `json:"want"`
	Got  string `json:"got"`
	Met  bool   `json:"met"`
}

func machine() Machine {
	m := Machine{Cores: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), GoVersion: runtime.Version(),
		OS: runtime.GOOS, Arch: runtime.GOARCH, MemTotalBytes: memTotal(), StartedAt: time.Now().UTC()}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.LoadAverage = strings.Join(f[:3], " ")
		}
	}
	return m
}

func (c Config) params() Params {
	m, e := c.mailboxLayout(), c.e2eLayout()
	return Params{Mode: c.Mode, Profiles: c.Profiles, MailboxChats: m.chats, MailboxMessages: m.messages,
		Window: c.Window, Bots: c.Bots, E2EChats: e.chats, E2EMessages: e.messages, Rate: c.Rate,
		Duration: c.Duration.String(), Capacity: c.Capacity, PollTimeout: c.PollTimeout.String()}
}
