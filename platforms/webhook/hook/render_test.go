package hook

import (
	"errors"
	"strings"
	"testing"
)

const pushPayload = `{
	"action": "opened",
	"number": 1347,
	"id": 2147483648000,
	"score": 0.5,
	"huge": 18446744073709551615,
	"draft": false,
	"assignee": null,
	"repository": {"full_name": "octo/hello", "owner": {"login": "octo"}},
	"commits": [{"message": "first"}, {"message": "second"}],
	"labels": ["bug", null]
}`

func TestRender(t *testing.T) {
	tests := []struct {
		name   string
		prompt string
		body   string
		want   string
	}{
		{"nested keys", "{{.action}} on {{.repository.full_name}} by {{.repository.owner.login}}",
			pushPayload, "opened on octo/hello by octo"},
		{"array via index", `{{index .commits 1 "message"}} then {{(index .commits 0).message}}`,
			pushPayload, "second then first"},
		{"range", "{{range $i, $c := .commits}}{{$i}}:{{$c.message}} {{end}}", pushPayload, "0:first 1:second "},
		{"numbers print as written", "#{{.number}} {{.id}} {{.score}} {{.huge}}", pushPayload,
			"#1347 2147483648000 0.5 18446744073709551615"},
		{"numbers compare", `{{if gt .number 1000}}big{{end}} {{if eq .number 1347}}eq{{end}}`, pushPayload, "big eq"},
		{"false is not missing", "[{{.draft}}]", pushPayload, "[false]"},
		{"missing key", "[{{.nope}}]", pushPayload, "[]"},
		{"missing nested key", "[{{.nope.deeper.still}}] [{{.repository.nope}}]", pushPayload, "[] []"},
		{"null member", "[{{.assignee}}] [{{.assignee.login}}]", pushPayload, "[] []"},
		{"null element", "[{{index .labels 1}}]", pushPayload, "[]"},
		{"index out of range", `[{{index .commits 9 "message"}}] [{{(index .commits 9).message}}]`,
			pushPayload, "[] []"},
		{"index of missing", `[{{index .nope 0}}]`, pushPayload, "[]"},
		{"missing in if, with and range", "{{if .nope}}x{{end}}{{with .nope}}x{{else}}w{{end}}{{range .nope}}x{{end}}",
			pushPayload, "w"},
		{"missing in a defined template", `{{define "t"}}[{{.nope}}]{{end}}{{template "t" .}}`, pushPayload, "[]"},
		{"declarations print nothing", "{{$a := .action}}{{$a = .nope}}[{{$a}}]", pushPayload, "[]"},
		{"top-level array", `{{index . 0 "name"}} {{len .}}`, `[{"name":"a"},{"name":"b"}]`, "a 2"},
		{"no escaping", "{{.s}}", `{"s":"<b>&'\""}`, `<b>&'"`},
		{"no template is the raw body", "", "just text, not JSON", "just text, not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := compiled(t, Route{Name: "github", Prompt: tt.prompt})
			got, err := r.Render([]byte(tt.body))
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if got != tt.want {
				t.Errorf("Render: got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	big := `{"items":[` + strings.TrimSuffix(strings.Repeat(`"xxxxxxxxxxxxxxxx",`, 10_000), ",") + `]}`
	tests := []struct {
		name   string
		prompt string
		body   string
		want   error
	}{
		{"invalid JSON", "{{.a}}", `{"a":`, ErrBadPayload},
		{"trailing data", "{{.a}}", `{"a":1} {"b":2}`, ErrBadPayload},
		{"scalar", "{{.}}", `"text"`, ErrBadPayload},
		{"empty body", "{{.a}}", "", ErrBadPayload},
		{"empty body without template", "", " \n", ErrBadPayload},
		{"field of a string", "{{.a.b}}", `{"a":"text"}`, ErrRender},
		{"range over a large array", "{{range .items}}{{.}}{{.}}{{end}}", big, ErrPromptTooLong},
		{"nested range", "{{range .items}}{{range $.items}}{{end}}.{{end}}", `{"items":[1,2,3]}`, nil},
		{"raw body too long", "", strings.Repeat("x", MaxPromptBytes+1), ErrPromptTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := compiled(t, Route{Name: "github", Prompt: tt.prompt})
			got, err := r.Render([]byte(tt.body))
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Render: got %q, %v; want %v", got, err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), `webhook route "github"`) {
				t.Errorf("error %q does not name the route", err)
			}
		})
	}
}

func TestRenderCapIsExact(t *testing.T) {
	r := compiled(t, Route{Name: "cap", Prompt: `{{.s}}`})
	at := `{"s":"` + strings.Repeat("x", MaxPromptBytes) + `"}`
	if got, err := r.Render([]byte(at)); err != nil || len(got) != MaxPromptBytes {
		t.Fatalf("Render at the cap: got %d bytes, %v; want %d bytes", len(got), err, MaxPromptBytes)
	}
	over := `{"s":"` + strings.Repeat("x", MaxPromptBytes+1) + `"}`
	if _, err := r.Render([]byte(over)); !errors.Is(err, ErrPromptTooLong) {
		t.Fatalf("Render over the cap: got %v, want %v", err, ErrPromptTooLong)
	}
}

func TestRenderRawBodyInvalidUTF8(t *testing.T) {
	r := compiled(t, Route{Name: "raw"})
	got, err := r.Render([]byte("ok \xff\xfe end"))
	if err != nil || got != "ok \uFFFD end" {
		t.Fatalf("Render: got %q, %v; want %q", got, err, "ok \uFFFD end")
	}
}

func TestCompile(t *testing.T) {
	tests := []struct {
		name    string
		prompt  string
		wantErr bool
	}{
		{"empty", "", false},
		{"plain", "{{.action}}", false},
		{"unclosed action", "{{.action", true},
		{"unclosed range", "{{range .items}}", true},
		{"unknown function", "{{shout .action}}", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Route{Name: "github", Prompt: tt.prompt}
			err := r.Compile()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Compile: got %v, want error %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), `webhook route "github"`) {
				t.Errorf("error %q does not name the route", err)
			}
		})
	}
}

func TestRenderNotCompiled(t *testing.T) {
	r := &Route{Name: "github", Prompt: "{{.a}}"}
	if _, err := r.Render([]byte(`{"a":1}`)); !errors.Is(err, ErrNotCompiled) {
		t.Fatalf("Render: got %v, want %v", err, ErrNotCompiled)
	}
}
