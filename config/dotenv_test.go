package config

import (
	"maps"
	"testing"
)

func TestParseDotenv(t *testing.T) {
	tests := []struct {
		name, text string
		want       map[string]Secret
	}{
		{"plain", "A=1\nB=two words\n", map[string]Secret{"A": "1", "B": "two words"}},
		{"export", "export A=1\nexport\tB=2\nexport=3\n", map[string]Secret{"A": "1", "B": "2", "export": "3"}},
		{"comments and blanks", "# note\n\n   # indented\nA=1\n", map[string]Secret{"A": "1"}},
		{"trailing comment", "A=value # note\nB=value\t# note\nC=a#b\nD= #only a comment\n",
			map[string]Secret{"A": "value", "B": "value", "C": "a#b", "D": ""}},
		{"spaces around =", "  A = spaced  \n", map[string]Secret{"A": "spaced"}},
		{"empty value", "A=\n", map[string]Secret{"A": ""}},
		{"single quotes are literal", `A='x\ny "z" #w' # note`, map[string]Secret{"A": `x\ny "z" #w`}},
		{"double quote escapes", `A="l1\nl2 \"q\" back\\slash # kept"`,
			map[string]Secret{"A": "l1\nl2 \"q\" back\\slash # kept"}},
		{"no expansion", "A=$B ${C}\n", map[string]Secret{"A": "$B ${C}"}},
		{"CRLF and BOM", "\uFEFFA=1\r\nB='2'\r\n", map[string]Secret{"A": "1", "B": "2"}},
		{"last one wins", "A=1\nA=2\n", map[string]Secret{"A": "2"}},
		{"equals in the value", "A=b=c\n", map[string]Secret{"A": "b=c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDotenv(".env", []byte(tt.text))
			if err != nil {
				t.Fatalf("ParseDotenv: %v", err)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("got %#v, want %#v", reveal(got), reveal(tt.want))
			}
		})
	}
}

func reveal(m map[string]Secret) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v.Reveal()
	}
	return out
}

func TestParseDotenvBadLines(t *testing.T) {
	const secret = "s3cr3t-value-never-shown"
	tests := []struct {
		name, text string
		wantFile   string
		wantMsg    string
	}{
		{"no equals", "OK=1\n" + secret + "\n", "x.env:2", errNoEquals.msg},
		{"bad name", "1ABC=" + secret, "x.env:1", errBadName.msg},
		{"name with a space", "MY KEY=" + secret, "x.env:1", errBadName.msg},
		{"unclosed single quote", "A='" + secret, "x.env:1", errUnclosed.msg},
		{"unclosed double quote", `A="` + secret + `\"`, "x.env:1", errUnclosed.msg},
		{"text after quote", `A="` + secret + `"` + secret, "x.env:1", errTrailing.msg},
		{"unknown escape", `A="` + secret + `\q"`, "x.env:1", errEscape.msg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDotenv("x.env", []byte(tt.text))
			probs := problemsOf(t, err)
			if len(probs) != 1 || probs[0].File != tt.wantFile || probs[0].Message != tt.wantMsg {
				t.Fatalf("got %v, want one problem at %s: %s", err, tt.wantFile, tt.wantMsg)
			}
			if containsAny(err.Error(), secret) {
				t.Errorf("problem shows the value: %v", err)
			}
		})
	}
}
