package config

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// entryName is what the names of map entries (webhook routes) look like:
// they appear in URL paths.
var entryName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// checker walks one parsed config file against its schema. It resolves
// ${NAME} references in text values, reports unknown keys and values of the
// wrong type, and returns a normalised copy holding only known keys whose
// values have the Go type of their setting. A key with a problem is left
// out of the copy, so the default stays in its place.
type checker struct {
	rep     *report
	scope   scope
	root    *node     // the whole schema, for "did you mean" hints
	secrets *[]string // collects secret values, to scrub from problems
}

// section checks a mapping against a section of the schema.
func (c *checker) section(raw map[string]any, sch *node) map[string]any {
	out := make(map[string]any, len(raw))
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		child, ok := sch.children[name]
		if !ok {
			c.unknown(joinKey(sch.key, name), name, sch)
			continue
		}
		if v, ok := c.value(raw[name], child); ok {
			out[name] = v
		}
	}
	return out
}

// value checks the value of one known key. An empty value (key: with
// nothing after it) counts as not set.
func (c *checker) value(v any, n *node) (any, bool) {
	switch {
	case v == nil:
		return nil, false
	case n.kind == kindSection:
		m, ok := v.(map[string]any)
		if !ok {
			c.wrongType(n.key, newTypeError(kindSection, describe(v)))
			return nil, false
		}
		return c.section(m, n), true
	case n.kind == kindList:
		return c.list(v, n)
	case n.kind == kindMap:
		return c.mapping(v, n)
	}
	return c.scalar(v, n)
}

// mapping checks a map of operator-chosen names, each entry a section.
func (c *checker) mapping(v any, n *node) (any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		c.wrongType(n.key, newTypeError(kindSection, describe(v)))
		return nil, false
	}
	out := make(map[string]any, len(m))
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if !entryName.MatchString(name) {
			c.rep.add(joinKey(n.key, name), "not a valid name",
				"use 1 to 64 characters of a-z, 0-9, _ and -, starting with a letter or digit")
			continue
		}
		if e, ok := c.value(m[name], n.entry(name)); ok {
			out[name] = e
		}
	}
	return out, true
}

// scalar checks a single value.
func (c *checker) scalar(v any, n *node) (any, bool) {
	if s, ok := v.(string); ok {
		if v, ok = c.expand(n.key, s); !ok {
			return nil, false
		}
	}
	out, err := convertScalar(v, n.kind)
	if err != nil {
		c.wrongType(n.key, err)
		return nil, false
	}
	if s, ok := out.(string); ok && n.kind == kindSecret {
		*c.secrets = append(*c.secrets, s)
	}
	return out, true
}

// list checks a list of text. Its entries may be YAML numbers, which
// become text. A list with any bad entry is left out as a whole.
func (c *checker) list(v any, n *node) (any, bool) {
	items, ok := v.([]any)
	if !ok {
		c.wrongType(n.key, newTypeError(kindList, describe(v)))
		return nil, false
	}
	out := make([]string, 0, len(items))
	for i, item := range items {
		key := fmt.Sprintf("%s[%d]", n.key, i)
		if s, ok := item.(string); ok {
			if item, ok = c.expand(key, s); !ok {
				continue
			}
		}
		s, err := listItem(item)
		if err != nil {
			c.wrongType(key, err)
			continue
		}
		out = append(out, s)
	}
	return out, len(out) == len(items)
}

// expand resolves the ${NAME} references of a text value at key.
func (c *checker) expand(key, s string) (string, bool) {
	out, missing, err := expand(s, c.scope.lookup)
	if err != nil {
		c.rep.add(key, "malformed ${...} reference",
			"write ${NAME} with a name of letters, digits and _, or $$ for a literal $")
		return "", false
	}
	for _, name := range missing {
		c.rep.add(key, "variable "+name+" is not defined", c.scope.fixMissing(name))
	}
	return out, len(missing) == 0
}

// unknown reports a key the schema does not have.
func (c *checker) unknown(key, name string, section *node) {
	if s := suggest(name, section, c.root); s != "" {
		c.rep.add(key, "unknown key", "did you mean "+s+"?")
		return
	}
	known := make([]string, 0, len(section.children))
	for _, n := range section.sorted() {
		known = append(known, n.name)
	}
	where := "here"
	if section.key != "" {
		where = "in " + section.key
	}
	c.rep.add(key, "unknown key", "remove it; the keys "+where+" are "+strings.Join(known, ", "))
}

// wrongType reports a value of the wrong type.
func (c *checker) wrongType(key string, err error) {
	var te *typeError
	if errors.As(err, &te) {
		c.rep.add(key, te.Error(), te.fix)
		return
	}
	c.rep.add(key, err.Error(), "")
}
