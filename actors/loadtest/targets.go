package loadtest

import "fmt"

// The targets.
const (
	targetMailboxRatio = 0.5
	targetE2ERatio     = 0.9
	targetIdleRSS      = 100 << 20
	targetRunning      = 2.0 // seconds
	targetAddedP99     = 2.0 // milliseconds
	targetAddedRate    = 1000
)

// compare sets each gateway run's ratios to its baseline run of the same
// phase.
func compare(runs []Result) {
	base := map[string]Result{}
	for _, r := range runs {
		base[r.Name+"/"+r.Phase] = r
	}
	pairs := map[string]string{nameMailbox: nameChain, nameE2E: nameBareBots}
	for i, r := range runs {
		b, ok := base[pairs[r.Name]+"/"+r.Phase]
		if !ok {
			continue
		}
		runs[i].Baseline = b.Name
		if b.Throughput > 0 {
			runs[i].ThroughputRatio = r.Throughput / b.Throughput
		}
		if b.Latency.P99 > 0 {
			runs[i].P99Ratio = r.Latency.P99 / b.Latency.P99
		}
	}
}

// targets puts what was measured next to the targets, for those
// the run measured.
func targets(rep *Report, rate int) []Target {
	var out []Target
	find := func(name, phase string) (Result, bool) {
		for _, r := range rep.Runs {
			if r.Name == name && r.Phase == phase {
				return r, true
			}
		}
		return Result{}, false
	}
	if r, ok := find(nameMailbox, phaseThroughput); ok && r.ThroughputRatio > 0 {
		out = append(out, Target{Name: "mailbox throughput vs the bare three-actor chain",
			Want: fmt.Sprintf("≥ %.2f×", targetMailboxRatio), Got: fmt.Sprintf("%.3f×", r.ThroughputRatio),
			Met: r.ThroughputRatio >= targetMailboxRatio})
	}
	if r, ok := find(nameE2E, phaseThroughput); ok && r.ThroughputRatio > 0 {
		out = append(out, Target{Name: "e2e throughput vs bare go-telegram/bot bots (inbox on)",
			Want: fmt.Sprintf("≥ %.2f×", targetE2ERatio), Got: fmt.Sprintf("%.3f×", r.ThroughputRatio),
			Met: r.ThroughputRatio >= targetE2ERatio})
	}
	if r, ok := find(nameE2E, phaseRate); ok && r.Added != nil {
		name := fmt.Sprintf("gateway-added latency p99 (update received → sendMessage) at %d/s", rate)
		out = append(out, Target{Name: name,
			Want: fmt.Sprintf("< %.0f ms at %d/s", targetAddedP99, targetAddedRate),
			Got:  fmt.Sprintf("%.2f ms", r.Added.P99), Met: r.Added.P99 < targetAddedP99 && rate >= targetAddedRate})
	}
	return append(out, capacityTargets(rep.Capacity)...)
}

func capacityTargets(cs []Capacity) []Target {
	how := map[string][2]string{
		nameGateway: {"in this process, fake Bot API included", "from actors.Start"},
		nameProcess: {"switchboard run in its own process", "from the process start"},
	}
	var out []Target
	for _, c := range cs {
		h, ok := how[c.Name]
		if !ok || c.RunningSeconds == 0 {
			continue
		}
		out = append(out,
			Target{Name: fmt.Sprintf("RSS of %d idle polling profiles, %s", c.Profiles, h[0]),
				Want: fmt.Sprintf("≤ %d MiB", targetIdleRSS>>20), Got: fmt.Sprintf("%.1f MiB", mib(c.RSSBytes)),
				Met: c.RSSBytes <= targetIdleRSS},
			Target{Name: fmt.Sprintf("start to running, %d profiles, %s", c.Profiles, h[1]),
				Want: fmt.Sprintf("< %.0f s", targetRunning), Got: fmt.Sprintf("%.2f s", c.RunningSeconds),
				Met: c.RunningSeconds < targetRunning})
	}
	return out
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
