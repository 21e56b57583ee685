package platforms

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// fingerprintSalt keeps fingerprints specific to Switchboard, so that a
// fingerprint cannot be matched against a table of plain token hashes.
const fingerprintSalt = "switchboard/credential/v1\x00"

// Fingerprint identifies a credential without revealing it: the first 16
// hex digits of SHA-256 over a fixed salt and the trimmed credential. It is
// what logs, the state file and claims carry instead of a token.
func Fingerprint(credential string) string {
	sum := sha256.Sum256([]byte(fingerprintSalt + strings.TrimSpace(credential)))
	return hex.EncodeToString(sum[:8])
}
