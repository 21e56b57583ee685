package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// kind is the type of value a setting takes in a config file.
type kind int

const (
	kindSection  kind = iota // a mapping of further keys
	kindBool                 // true or false
	kindInt                  // a whole number
	kindString               // text
	kindSecret               // text that must never be shown
	kindDuration             // a Go duration string such as "30s"
	kindList                 // a list of text; numbers become text
	kindMap                  // a mapping of operator-chosen names to sections
)

// node is one key of the schema of a config file.
type node struct {
	key      string // full dotted key, empty for the root
	name     string // last segment of key
	kind     kind
	children map[string]*node // for kindSection
	elem     *node            // for kindMap: the schema of each entry
}

// homeFile is the shape of <home>/config.yaml: the gateway section and the
// default profile's settings side by side.
type homeFile struct {
	Gateway Gateway `koanf:"gateway"`
	Profile `koanf:",squash"`
}

// The schemas are derived from the koanf tags of the structs, so a field
// added to a struct is known to the checks without further work.
var (
	homeSchema    = schemaOf(reflect.TypeFor[homeFile]())
	profileSchema = schemaOf(reflect.TypeFor[Profile]())
	gatewaySchema = homeSchema.children["gateway"]
)

var (
	durationType = reflect.TypeFor[time.Duration]()
	secretType   = reflect.TypeFor[Secret]()
)

// schemaOf builds the schema of a struct type.
func schemaOf(t reflect.Type) *node {
	root := &node{kind: kindSection, children: map[string]*node{}}
	addFields(root, t)
	return root
}

// addFields adds a node for every koanf-tagged field of struct type t to n.
// Fields tagged "-" are not settings; ",squash" inlines an embedded struct.
func addFields(n *node, t reflect.Type) {
	for f := range t.Fields() {
		name, opt, _ := strings.Cut(f.Tag.Get("koanf"), ",")
		switch {
		case !f.IsExported() || name == "-":
			continue
		case f.Anonymous && opt == "squash":
			addFields(n, f.Type)
			continue
		case name == "":
			panic(fmt.Sprintf("config: field %s.%s needs a koanf tag", t.Name(), f.Name))
		}
		child := &node{key: joinKey(n.key, name), name: name, kind: kindOf(f.Type)}
		switch child.kind {
		case kindSection:
			child.children = map[string]*node{}
			addFields(child, f.Type)
		case kindMap:
			child.elem = &node{key: joinKey(child.key, "*"), name: "*", kind: kindSection, children: map[string]*node{}}
			addFields(child.elem, f.Type.Elem())
		}
		n.children[name] = child
	}
}

// kindOf maps a Go field type to the kind of value it takes.
func kindOf(t reflect.Type) kind {
	switch {
	case t == durationType:
		return kindDuration
	case t == secretType:
		return kindSecret
	case t.Kind() == reflect.Struct:
		return kindSection
	case t.Kind() == reflect.Bool:
		return kindBool
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return kindInt
	case t.Kind() == reflect.String:
		return kindString
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return kindList
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.Struct:
		return kindMap
	}
	panic(fmt.Sprintf("config: setting type %s is not supported", t))
}

// sorted returns n's children sorted by name.
func (n *node) sorted() []*node {
	out := make([]*node, 0, len(n.children))
	for _, c := range n.children {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *node) int { return strings.Compare(a.name, b.name) })
	return out
}

// leaves calls fn for every non-section node under n, in key order; the
// entries of a map appear once, under the name "*".
func (n *node) leaves(fn func(*node)) {
	for _, c := range n.sorted() {
		switch c.kind {
		case kindSection:
			c.leaves(fn)
		case kindMap:
			c.elem.leaves(fn)
		default:
			fn(c)
		}
	}
}

// entry returns the schema of the map entry name, with keys spelled out
// (platforms.webhook.routes.github.secret) for problem reports.
func (n *node) entry(name string) *node {
	return n.elem.rekey(joinKey(n.key, name), name)
}

// rekey copies n with its key, and those of everything under it, rebased
// on key.
func (n *node) rekey(key, name string) *node {
	out := &node{key: key, name: name, kind: n.kind, elem: n.elem}
	if n.children != nil {
		out.children = make(map[string]*node, len(n.children))
		for cname, c := range n.children {
			out.children[cname] = c.rekey(joinKey(key, cname), cname)
		}
	}
	return out
}

// find returns the first node under n, in key order, whose name is name.
func (n *node) find(name string) *node {
	for _, c := range n.sorted() {
		if c.name == name {
			return c
		}
		if c.kind == kindSection {
			if f := c.find(name); f != nil {
				return f
			}
		}
	}
	return nil
}

// joinKey joins a dotted key prefix and a name.
func joinKey(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}
