package config

import "strings"

// report gathers the problems of one profile, or of the gateway settings.
type report struct {
	profile string // Problem.Profile of every problem added
	file    string // the config.yaml that keys belong to
	probs   Problems
}

// add records a problem at key in the report's config file.
func (r *report) add(key, msg, fix string) { r.addIn(r.file, key, msg, fix) }

// addIn records a problem found in another file.
func (r *report) addIn(file, key, msg, fix string) {
	r.probs = append(r.probs, Problem{Profile: r.profile, File: file, Key: key, Message: msg, Fix: fix})
}

// merge records problems found by code that does not know the profile.
func (r *report) merge(ps Problems) {
	for _, p := range ps {
		p.Profile = r.profile
		r.probs = append(r.probs, p)
	}
}

// has reports whether a problem was already recorded at key or under it, so
// that a later check does not report the same mistake twice.
func (r *report) has(key string) bool {
	for _, p := range r.probs {
		if p.Key == key || strings.HasPrefix(p.Key, key+".") || strings.HasPrefix(p.Key, key+"[") {
			return true
		}
	}
	return false
}
