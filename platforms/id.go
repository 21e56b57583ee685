package platforms

import (
	"crypto/rand"
	"encoding/hex"
)

// NewID returns a random id for a receipt or a conversation: 24 hex digits.
func NewID() string {
	var b [12]byte
	// crypto/rand.Read never fails on supported systems; it panics itself
	// rather than return short.
	rand.Read(b[:]) //nolint:errcheck // see above
	return hex.EncodeToString(b[:])
}
