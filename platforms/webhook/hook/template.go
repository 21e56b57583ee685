package hook

import (
	"reflect"
	"text/template"
	"text/template/parse"
)

// blankFunc is the function appended to every printing action so that a
// missing value prints as empty text. Its name cannot clash with an
// operator's, who has no way to register functions.
const blankFunc = "_blank"

// templateFuncs are the functions every prompt template gets, overriding the
// builtin index with one that tolerates missing keys.
var templateFuncs = template.FuncMap{
	"index":   index,
	blankFunc: blank,
}

// parseTemplate parses src as the prompt template called name and rewrites
// it so that missing values print as empty text.
func parseTemplate(name, src string) (*template.Template, error) {
	t, err := template.New(name).Funcs(templateFuncs).Parse(src)
	if err != nil {
		return nil, err
	}
	for _, def := range t.Templates() {
		if def.Tree != nil {
			blankMissing(def.Tree.Root, def.Tree)
		}
	}
	return t, nil
}

// blankMissing appends "| _blank" to every action under n that prints its
// value. text/template prints a missing map key as "<no value>" whatever
// missingkey option is set, so the value is filtered before it is printed.
func blankMissing(n parse.Node, tree *parse.Tree) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, child := range n.Nodes {
			blankMissing(child, tree)
		}
	case *parse.ActionNode:
		if len(n.Pipe.Decl) == 0 {
			n.Pipe.Cmds = append(n.Pipe.Cmds, blankCommand(n.Pipe.Pos, tree))
		}
	case *parse.IfNode:
		blankMissing(n.List, tree)
		blankMissing(n.ElseList, tree)
	case *parse.RangeNode:
		blankMissing(n.List, tree)
		blankMissing(n.ElseList, tree)
	case *parse.WithNode:
		blankMissing(n.List, tree)
		blankMissing(n.ElseList, tree)
	}
}

// blankCommand is the pipeline stage "_blank" at pos.
func blankCommand(pos parse.Pos, tree *parse.Tree) *parse.CommandNode {
	fn := parse.NewIdentifier(blankFunc).SetTree(tree).SetPos(pos)
	return &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos, Args: []parse.Node{fn}}
}

// blank returns v, or "" when v is missing or null.
func blank(v any) any {
	if v == nil {
		return ""
	}
	return v
}

// index is the template's index function: index x 1 "key" is x[1]["key"].
// Unlike the builtin it returns a missing value, which then behaves like a
// missing key, for a key that is absent, an index out of range, or an item
// that is neither an object nor an array.
func index(item any, keys ...any) reflect.Value {
	for _, k := range keys {
		var ok bool
		if item, ok = step(item, k); !ok {
			return reflect.Value{}
		}
	}
	return reflect.ValueOf(item)
}

// step returns item[k] for a JSON object or array, and false if there is none.
func step(item, k any) (any, bool) {
	switch v := item.(type) {
	case map[string]any:
		s, ok := k.(string)
		if !ok {
			return nil, false
		}
		e, ok := v[s]
		return e, ok
	case []any:
		i, ok := arrayIndex(k, len(v))
		if !ok {
			return nil, false
		}
		return v[i], true
	}
	return nil, false
}

// arrayIndex converts k to an index into an array of length n.
func arrayIndex(k any, n int) (int, bool) {
	var i int64
	switch k := k.(type) {
	case int:
		i = int64(k)
	case int64:
		i = k
	default:
		return 0, false
	}
	if i < 0 || i >= int64(n) {
		return 0, false
	}
	return int(i), true
}
