package config

import "strings"

// suggest returns the known key an unknown key name was most likely meant
// to be, or "" when none is close. It first tries the keys of the section
// the name was found in, allowing a few typing mistakes; then any key of the
// whole schema with exactly that name, for a key put in the wrong section.
func suggest(name string, section, root *node) string {
	name = strings.ToLower(name)
	best, bestDist := "", max(2, len(name)/3)+1
	for _, c := range section.sorted() {
		if d := editDistance(name, c.name); d < bestDist {
			best, bestDist = c.key, d
		}
	}
	if best != "" {
		return best
	}
	if n := root.find(name); n != nil {
		return n.key
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
