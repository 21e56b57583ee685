package platforms

import "testing"

// BenchmarkFingerprint is the credential fingerprint each adapter computes
// when it claims its token, and logs and the state file carry.
func BenchmarkFingerprint(b *testing.B) {
	const token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
	b.ReportAllocs()
	for b.Loop() {
		sinkKey = Fingerprint(token)
	}
}
