package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"syscall"
	"text/tabwriter"
	"time"

	"switchboard/actors/state"
	"switchboard/config"
)

// cmdStatus prints the gateway's state file: a table for a person, or the
// file's JSON with --json. It exits 1 when there is no state file.
func cmdStatus(args, environ []string, stdout, stderr io.Writer) int {
	f, asJSON, ok := parseStatusFlags(args, stderr)
	if !ok {
		return exitUsage
	}
	dir, err := config.ResolveHome(f.home, environ)
	if err != nil {
		fmt.Fprintf(stderr, "switchboard status: %v\n", err)
		return exitConfig
	}
	g, err := state.Read(state.Path(dir))
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "switchboard status: no state file in %s; the gateway has not run with this home\n", dir)
		return exitFailed
	}
	if err != nil {
		fmt.Fprintf(stderr, "switchboard status: %v\n", err)
		return exitFailed
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(g); err != nil {
			return exitFailed
		}
		return exitOK
	}
	printStatus(stdout, g)
	return exitOK
}

func parseStatusFlags(args []string, stderr io.Writer) (commonFlags, bool, bool) {
	var asJSON bool
	rest := args[:0:0]
	for _, a := range args {
		if a == "--json" || a == "-json" {
			asJSON = true
			continue
		}
		rest = append(rest, a)
	}
	f, ok := parseFlags("status", rest, stderr)
	return f, asJSON, ok
}

// printStatus renders the state as a short header and a table of platforms.
func printStatus(w io.Writer, g *state.Gateway) {
	gs := g.GatewayState
	if gs != state.Stopped && gs != state.StartupFailed && !alive(g.PID) {
		gs += " (process " + fmt.Sprint(g.PID) + " is not running; the state is stale)"
	}
	fmt.Fprintf(w, "gateway:  %s\n", gs)
	fmt.Fprintf(w, "updated:  %s\n", g.UpdatedAt.Local().Format(time.RFC3339))
	fmt.Fprintf(w, "profiles: %v\n", g.ServedProfiles)
	if g.ExitReason != "" {
		fmt.Fprintf(w, "reason:   %s\n", g.ExitReason)
	}
	if len(g.Platforms) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROFILE:PLATFORM\tSTATE\tACCOUNT\tRESTARTS\tLAST PROGRESS\tERROR")
	keys := make([]string, 0, len(g.Platforms))
	for k := range g.Platforms {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := g.Platforms[k]
		last := "-"
		if p.LastProgressAt != nil {
			last = p.LastProgressAt.Local().Format(time.TimeOnly)
		}
		errText := p.ErrorCode
		if p.ErrorMessage != "" {
			errText += ": " + p.ErrorMessage
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", k, p.State, orDash(p.AccountID), p.Restarts, last, orDash(errText))
	}
	tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// alive reports whether a process with this pid exists.
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
