package hook

import (
	"errors"
	"net/http"
	"testing"
	"unicode/utf8"
)

// fuzzPrompts are the templates each fuzzed body is rendered with: field
// chains, index, ranges and comparisons over whatever shape the body has.
var fuzzPrompts = []string{
	"",
	"{{.action}} {{.a.b.c}} {{index . 0}} {{index .a 0 \"b\"}}",
	"{{range $k, $v := .}}{{$k}}={{$v}};{{end}}",
	"{{range .items}}{{range $.items}}{{.}}{{end}}{{end}}",
	"{{if eq .n 1}}one{{else if gt .n 1}}many{{end}} {{len .}} {{printf \"%v\" .}}",
	"{{with .a}}{{.b}}{{else}}none{{end}}",
}

// FuzzVerifyRender feeds arbitrary bodies and signatures through Verify and
// Render: neither may panic, a correct signature always verifies, a prompt
// never exceeds the cap, and every failure is one of the documented errors.
func FuzzVerifyRender(f *testing.F) {
	f.Add([]byte(pushPayload), "sha256=00")
	f.Add([]byte(`[1,null,{"a":[{"b":2}]}]`), "")
	f.Add([]byte(`{"items":[1,2,3],"n":2,"a":{"b":null}}`), "sha1=abc")
	f.Add([]byte(`{"n":"1","a":"str"}`), "sha256=")
	f.Add([]byte("\xff not json"), "sha256=zz")
	routes := make([]*Route, len(fuzzPrompts))
	for i, p := range fuzzPrompts {
		routes[i] = compiled(f, Route{Name: "fuzz", Secret: []byte("k"), Prompt: p})
	}
	f.Fuzz(func(t *testing.T, body []byte, sig string) {
		r := routes[0]
		err := r.Verify(http.Header{"X-Hub-Signature-256": {sig}}, body)
		if err != nil && !errors.Is(err, ErrNoSignature) && !errors.Is(err, ErrBadSignature) {
			t.Fatalf("Verify(%q): undocumented error %v", sig, err)
		}
		good := http.Header{"X-Switchboard-Signature-256": {sign(r.Secret, body)}}
		if err := r.Verify(good, body); err != nil {
			t.Fatalf("Verify with the right signature: %v", err)
		}
		for _, r := range routes {
			checkRender(t, r, body)
		}
	})
}

// checkRender renders body with r and checks the result against Render's
// promises.
func checkRender(t *testing.T, r *Route, body []byte) {
	got, err := r.Render(body)
	switch {
	case err == nil:
		if len(got) > MaxPromptBytes || !utf8.ValidString(got) {
			t.Fatalf("Render(%q) with %q: %d bytes, valid UTF-8 %v", body, r.Prompt, len(got), utf8.ValidString(got))
		}
	case !errors.Is(err, ErrBadPayload) && !errors.Is(err, ErrRender) && !errors.Is(err, ErrPromptTooLong):
		t.Fatalf("Render(%q) with %q: undocumented error %v", body, r.Prompt, err)
	}
}
