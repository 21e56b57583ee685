package main

import (
	"fmt"
	"io"

	"switchboard/config"
)

// cmdCheck validates every profile that run would serve and lists every
// problem found, with the file, the key and the fix. It exits 0 when the
// home is good and 78 otherwise.
func cmdCheck(args, environ []string, stdout, stderr io.Writer) int {
	f, ok := parseFlags("check", args, stderr)
	if !ok {
		return exitUsage
	}
	home, code := loadHome(f, environ, config.LoadOptions{Strict: true}, stderr)
	if home == nil {
		return code
	}
	for _, w := range home.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	fmt.Fprintf(stdout, "ok: %s serves %d profile(s): %v\n", home.Dir, len(home.Profiles), profileNames(home))
	return exitOK
}
