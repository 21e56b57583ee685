package config

import (
	"fmt"
	"path/filepath"
	"slices"

	"switchboard/platforms"
)

// MultiplexConfigError is a named profile enabling a platform that needs
// inbound HTTP. Only the default profile owns the gateway's listener; a
// named profile is served on it under /p/<profile>/ instead.
type MultiplexConfigError struct {
	Profile  string
	Platform string
	// File is the named profile's config.yaml.
	File string
}

func (e *MultiplexConfigError) Error() string {
	return fmt.Sprintf("profile %q enables platforms.%s, which needs inbound HTTP; only the default profile "+
		"may bind a listener (fix: remove platforms.%s from %s and configure it in the default profile's "+
		"config.yaml; requests for this profile then arrive under /p/%s/)",
		e.Profile, e.Platform, e.Platform, e.File, e.Profile)
}

// checkPortBinding reports every port-binding platform a named profile's
// raw config mentions, and removes it so that it is not also reported as
// an unknown key.
func checkPortBinding(raw map[string]any, name, file string, r *report) {
	section, ok := raw["platforms"].(map[string]any)
	if !ok {
		return
	}
	keys := make([]string, 0, len(section))
	for k := range section {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !platforms.NeedsListener(k) {
			continue
		}
		delete(section, k)
		e := &MultiplexConfigError{Profile: name, Platform: k, File: file}
		r.probs = append(r.probs, Problem{
			Profile: name, File: file, Key: "platforms." + k,
			Message: fmt.Sprintf("%s needs inbound HTTP, and only the default profile may bind a listener", k),
			Fix: fmt.Sprintf("remove it here and configure %s in %s; this profile is then served under /p/%s/",
				k, filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(file))), "config.yaml"), name),
			Cause: e,
		})
	}
}
