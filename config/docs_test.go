package config

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"testing"
)

// TestSettingsAreDocumented keeps the promise that every setting's comment
// is its user documentation: each koanf-tagged field has a doc comment, and
// a leaf setting's comment states its default (or that it is required).
func TestSettingsAreDocumented(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "config.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return false
		}
		for _, field := range st.Fields.List {
			checkFieldDoc(t, ts.Name.Name, field)
		}
		return false
	})
}

func checkFieldDoc(t *testing.T, typeName string, field *ast.Field) {
	t.Helper()
	if field.Tag == nil || len(field.Names) == 0 {
		return
	}
	tag := reflect.StructTag(strings.Trim(field.Tag.Value, "`")).Get("koanf")
	if tag == "" || tag == "-" {
		return
	}
	name := typeName + "." + field.Names[0].Name
	doc := field.Doc.Text()
	switch {
	case doc == "":
		t.Errorf("%s has no doc comment", name)
	case !strings.HasPrefix(doc, field.Names[0].Name+" ") && !strings.HasPrefix(doc, field.Names[0].Name+","):
		t.Errorf("%s: doc comment must start with the field name", name)
	case isLeaf(field.Type) && !strings.Contains(strings.ToLower(doc), "default") &&
		!strings.Contains(doc, "Required"):
		t.Errorf("%s: doc comment must state the default", name)
	}
}

// isLeaf reports whether a field type is a single setting rather than a
// section: sections are the package's own struct types.
func isLeaf(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return true
	}
	switch id.Name {
	case "Agent", "Sessions", "Platforms", "Telegram", "APIServer", "Webhook", "OpenAIAgent", "HTTPAgent", "Backoff":
		return false
	}
	return true
}
