package platforms

import (
	"fmt"
	"strings"
	"testing"
)

func TestFingerprint(t *testing.T) {
	const tok = "123456:AAsecret-part-of-the-token_xyz"
	fp := Fingerprint(tok)
	if len(fp) != 16 || strings.Trim(fp, "0123456789abcdef") != "" {
		t.Fatalf("Fingerprint = %q, want 16 lower-case hex digits", fp)
	}
	if Fingerprint(tok) != fp {
		t.Errorf("Fingerprint is not stable")
	}
	if got := Fingerprint("  " + tok + "\n"); got != fp {
		t.Errorf("Fingerprint of the padded token = %q, want %q", got, fp)
	}
	if Fingerprint("123456:AAsecret-part-of-the-token_xyY") == fp {
		t.Errorf("distinct tokens share a fingerprint")
	}
	for _, part := range []string{tok, "AAsecret", "123456"} {
		if strings.Contains(fp, part) {
			t.Errorf("fingerprint %q contains %q", fp, part)
		}
	}
	seen := map[string]bool{}
	for i := range 10000 {
		f := Fingerprint(fmt.Sprintf("%d:AAtoken-%d", i, i))
		if seen[f] {
			t.Fatalf("fingerprint collision at %d", i)
		}
		seen[f] = true
	}
}
