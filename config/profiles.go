package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// loaded is one named profile as read, with what is wrong with it. profile
// is nil when the profile could not be read at all.
type loaded struct {
	name     string
	profile  *Profile
	probs    Problems
	warnings Problems
}

// namedProfiles loads the named profiles that gateway settings g would
// serve, sorted by name. Without multiplexing there are none and profiles/
// is not read. The Problems returned are about the profiles directory as a
// whole; each profile's own problems are in its entry.
func (l *loader) namedProfiles(g *Gateway) ([]loaded, Problems) {
	if !g.MultiplexProfiles {
		return nil, nil
	}
	root := filepath.Join(l.dir, "profiles")
	dirs, err := profileDirs(root)
	if err != nil {
		return nil, Problems{readProblem(root, err)}
	}
	var out []loaded
	if len(g.Profiles) > 0 {
		out = l.allowed(dirs, g.Profiles)
	} else {
		out = l.everyProfile(dirs)
	}
	slices.SortFunc(out, func(a, b loaded) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

// profileDirs lists the directories under root, sorted by name, leaving out
// dot-entries and plain files. A missing root has none.
func profileDirs(root string) ([]string, error) {
	entries, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if fi, err := os.Stat(filepath.Join(root, e.Name())); err == nil && fi.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs, nil
}

// everyProfile loads every profile directory; one whose name is not valid
// becomes a problem instead.
func (l *loader) everyProfile(dirs []string) []loaded {
	out := make([]loaded, 0, len(dirs))
	for _, name := range dirs {
		if p, bad := l.badName(name); bad {
			out = append(out, loaded{name: name, probs: Problems{p}})
			continue
		}
		out = append(out, l.loadProfile(name))
	}
	return out
}

// allowed loads the profiles named by the gateway.profiles allowlist. A
// listed name without a directory is a problem of that profile; "default"
// and invalid names are left to checkGateway.
func (l *loader) allowed(dirs, allow []string) []loaded {
	var out []loaded
	seen := map[string]bool{}
	for _, name := range allow {
		if seen[name] || !ValidProfileName(name) {
			continue
		}
		seen[name] = true
		if !slices.Contains(dirs, name) {
			out = append(out, loaded{name: name, probs: Problems{l.notFound(name)}})
			continue
		}
		out = append(out, l.loadProfile(name))
	}
	return out
}

// notFound reports an allowlisted profile that has no directory.
func (l *loader) notFound(name string) Problem {
	dir := filepath.Join(l.dir, "profiles", name)
	file, key := l.over.origin(filepath.Join(l.dir, "config.yaml"), "gateway.profiles")
	return Problem{Profile: name, File: file, Key: key,
		Message: "lists profile " + name + " but " + dir + " does not exist",
		Fix:     "create " + filepath.Join(dir, "config.yaml") + ", or take " + name + " off the list"}
}

// badName reports a profile directory whose name cannot be served.
func (l *loader) badName(name string) (Problem, bool) {
	dir := filepath.Join(l.dir, "profiles", name)
	p := Problem{Profile: name, File: dir}
	switch {
	case name == DefaultProfile:
		p.Message = "the name default is reserved for the profile in the home directory itself"
		p.Fix = "rename the directory, or move its config.yaml and .env into " + l.dir +
			" to make them the default profile"
	case name == reservedMain:
		p.Message = "the name main is reserved: it names the default profile's conversations"
		p.Fix = "rename the directory, for example to " + filepath.Join(l.dir, "profiles", "main-profile")
	case !ValidProfileName(name):
		p.Message = "not a valid profile name: " + nameRule
		p.Fix = "rename it to a valid name"
		if s := suggestName(name); s != "" {
			p.Fix = "rename it to " + filepath.Join(l.dir, "profiles", s)
		}
	default:
		return Problem{}, false
	}
	return p, true
}

var notNameChars = regexp.MustCompile(`[^a-z0-9_-]+`)

// suggestName turns an invalid directory name into a valid one, or "" when
// nothing sensible is left.
func suggestName(name string) string {
	s := notNameChars.ReplaceAllString(strings.ToLower(name), "-")
	s = strings.TrimLeft(s, "-_")
	if len(s) > 64 {
		s = s[:64]
	}
	if !ValidProfileName(s) {
		return ""
	}
	return s
}
