// Command switchboard runs the Switchboard gateway: one process that
// connects AI agents to chat platforms for many profiles at once.
//
//	switchboard run      serve every configured profile until SIGINT/SIGTERM
//	switchboard check    validate the configuration of every profile
//	switchboard status   print the gateway's state file
//	switchboard version  print the version
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes. exitConfig is sysexits' EX_CONFIG, which service managers
// know as "configuration error; do not restart in a loop".
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
	exitConfig = 78
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	os.Exit(runMain(os.Args[1:], os.Environ(), os.Stdout, os.Stderr))
}

// runMain dispatches a subcommand and returns the process exit code.
func runMain(args, environ []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return cmdRun(args[1:], environ, stderr)
	case "check":
		return cmdCheck(args[1:], environ, stdout, stderr)
	case "status":
		return cmdStatus(args[1:], environ, stdout, stderr)
	case "loadtest":
		return cmdLoadtest(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "switchboard %s\n", version)
		return exitOK
	case "help", "--help", "-h":
		usage(stdout)
		return exitOK
	default:
		fmt.Fprintf(stderr, "switchboard: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: switchboard <command> [flags]

commands:
  run      run the gateway until SIGINT or SIGTERM
  check    validate the configuration of every profile that would be served
  status   print the gateway's state (--json for the state file as is)
  loadtest measure throughput, latency and memory against fakes on 127.0.0.1 (docs/BENCHMARKS.md)
  version  print the version

flags (run, check, status):
  --home DIR          home directory (default $SWITCHBOARD_HOME, else ~/.switchboard)
  --log-format FMT    console or json (default console)
  --log-level LEVEL   debug, info, warn or error (default info)
`)
}
