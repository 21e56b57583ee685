package loadtest

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteTable prints the report as tables for a person: the machine, the
// message runs with their ratios to their baselines, the capacity stages,
// the targets, and anything that went wrong.
func (r *Report) WriteTable(w io.Writer) error {
	m := r.Machine
	fmt.Fprintf(w, "machine: %d cores (GOMAXPROCS %d), %.1f GiB, %s %s/%s, load average %s at start\n",
		m.Cores, m.GOMAXPROCS, float64(m.MemTotalBytes)/(1<<30), m.GoVersion, m.OS, m.Arch, m.LoadAverage)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if len(r.Runs) > 0 {
		fmt.Fprintln(w)
		r.writeRuns(tw)
	}
	if len(r.Capacity) > 0 {
		fmt.Fprintln(tw)
		r.writeCapacity(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := r.writeE2EDetail(w); err != nil {
		return err
	}
	if len(r.Targets) > 0 {
		fmt.Fprintln(w)
		if err := r.writeTargets(w); err != nil {
			return err
		}
	}
	for i, e := range r.Errors {
		if i == 0 {
			fmt.Fprintln(w, "\nproblems:")
		}
		fmt.Fprintf(w, "  - %s\n", e)
	}
	return nil
}

func (r *Report) writeRuns(w io.Writer) {
	fmt.Fprintln(w, "run\tphase\tmessages\tanswered\tdup\tmsg/s\t×base\tp50 ms\tp99 ms\tp99.9 ms\t"+
		"×base p99\tadded p50 ms\tadded p99 ms\tallocs/msg\tKiB/msg\tpeak RSS MiB\tpeak goroutines\terrors\t")
	for _, x := range r.Runs {
		added := []string{"-", "-"}
		if x.Added != nil {
			added = []string{f3(x.Added.P50), f3(x.Added.P99)}
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%.2f\t%.0f\t%d\t%d\t\n",
			x.Name, x.Phase, x.Messages, x.Answered, x.Duplicates, x.Throughput, ratio(x.ThroughputRatio),
			f3(x.Latency.P50), f3(x.Latency.P99), f3(x.Latency.P999), ratio(x.P99Ratio), added[0], added[1],
			x.AllocsPerMsg, x.BytesPerMsg/1024, mib(x.PeakRSSBytes), x.PeakGoroutines, x.Errors)
	}
}

// writeE2EDetail shows what each e2e message cost in Bot API calls and
// inbox writes.
func (r *Report) writeE2EDetail(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	rows := 0
	for _, x := range r.Runs {
		if x.APICalls == nil || x.Answered == 0 {
			continue
		}
		if rows++; rows == 1 {
			fmt.Fprintln(tw, "\ne2e detail\tphase\tgetUpdates/msg\tsendMessage/msg\tsendChatAction/msg\t"+
				"Record p50 ms\tRecord p99 ms\tDone p50 ms\tDone p99 ms\t")
		}
		per := func(m string) string { return fmt.Sprintf("%.2f", float64(x.APICalls[m])/float64(x.Answered)) }
		inbox := []string{"-", "-", "-", "-"}
		if x.InboxRecord != nil && x.InboxDone != nil {
			inbox = []string{f3(x.InboxRecord.P50), f3(x.InboxRecord.P99), f3(x.InboxDone.P50), f3(x.InboxDone.P99)}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", x.Name, x.Phase, per("getupdates"), per("sendmessage"),
			per("sendchataction"), strings.Join(inbox, "\t"))
	}
	return tw.Flush()
}

func (r *Report) writeCapacity(w io.Writer) {
	fmt.Fprintln(w, "capacity\tprofiles\tRSS MiB\t+RSS MiB\t+KiB/profile\t+Go mem MiB\tgoroutines\t"+
		"+goroutines\tthreads\tload s\tpolling s\trunning s\tstop s\t×bare +RSS\t")
	for _, c := range r.Capacity {
		cells := []string{c.Name, strconv.Itoa(c.Profiles), f1(mib(c.RSSBytes)), "-", "-", "-", "-", "-", "-",
			"-", f2(c.PollingSeconds), "-", f2(c.StopSeconds), ratio(c.RSSAddedRatio)}
		if c.Name != nameProcess {
			cells[3], cells[4] = f1(mib(c.RSSAddedBytes)), f1(float64(c.RSSAddedBytes)/1024/float64(max(c.Profiles, 1)))
			cells[5], cells[6], cells[7] = f1(mib(c.GoMemAddedBytes)), strconv.Itoa(c.Goroutines),
				strconv.Itoa(c.GoroutinesAdded)
		} else {
			cells[8] = strconv.Itoa(c.Threads)
		}
		if c.LoadSeconds > 0 {
			cells[9] = f2(c.LoadSeconds)
		}
		if c.RunningSeconds > 0 {
			cells[11] = f2(c.RunningSeconds)
		}
		fmt.Fprintln(w, strings.Join(cells, "\t")+"\t")
	}
}

func (r *Report) writeTargets(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\twant\tgot\tmet")
	for _, t := range r.Targets {
		met := "no"
		if t.Met {
			met = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Name, t.Want, t.Got, met)
	}
	return tw.Flush()
}

func ratio(v float64) string {
	if v == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f×", v)
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
func f2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

func f3(v float64) string {
	s := fmt.Sprintf("%.3f", v)
	if strings.HasPrefix(s, "0.000") && v > 0 {
		return fmt.Sprintf("%.1e", v)
	}
	return s
}
