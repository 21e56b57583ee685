package main

import (
	"flag"
	"fmt"
	"io"
)

// commonFlags are the flags every subcommand takes.
type commonFlags struct {
	home      string
	logFormat string
	logLevel  string
}

// parseFlags parses a subcommand's flags. It reports false, after printing
// the problem, when the arguments are not usable.
func parseFlags(name string, args []string, stderr io.Writer) (commonFlags, bool) {
	var f commonFlags
	fs := flag.NewFlagSet("switchboard "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.home, "home", "", "home directory (default $SWITCHBOARD_HOME, else ~/.switchboard)")
	fs.StringVar(&f.logFormat, "log-format", "console", "log format: console or json")
	fs.StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return f, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "switchboard %s: unexpected argument %q\n", name, fs.Arg(0))
		return f, false
	}
	return f, true
}
