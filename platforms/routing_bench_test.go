package platforms

import (
	"strconv"
	"testing"
)

// sinkKey keeps the compiler from dropping the work of a benchmark.
var sinkKey string

// BenchmarkSessionKey is the key every inbound message is routed by: a
// direct message, a group topic with a conversation per member, and the
// default profile's namespace.
func BenchmarkSessionKey(b *testing.B) {
	cases := []struct {
		name string
		src  Source
	}{
		{"dm", Source{Profile: "alpha", Platform: "telegram", ChatType: ChatDM, ChatID: "123456789",
			UserID: "123456789"}},
		{"group_topic_per_user", Source{Profile: "alpha", Platform: "telegram", ChatType: ChatGroup,
			ChatID: "-1001234567890", ThreadID: "42", UserID: "123456789"}},
		{"default_profile", Source{Profile: "default", Platform: "telegram", ChatType: ChatDM,
			ChatID: "123456789", UserID: "123456789"}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkKey = tc.src.SessionKey("default", true)
			}
		})
	}
}

// sinkAllowed keeps the compiler from dropping Allows.
var sinkAllowed bool

// BenchmarkAccessAllows is the admission check every inbound message
// passes before routing: allow_all, and an allowed_users list of 100 ids
// where the sender is last, found by id or by user name.
func BenchmarkAccessAllows(b *testing.B) {
	users := make([]string, 100)
	for i := range users {
		users[i] = strconv.Itoa(1000 + i)
	}
	users[99] = "@alice"
	cases := []struct {
		name   string
		access Access
		src    Source
	}{
		{"allow_all", Access{AllowAll: true}, Source{UserID: "7"}},
		{"list_100_by_id", Access{Users: append(users[:99:99], "7")}, Source{UserID: "7"}},
		{"list_100_by_name", Access{Users: users}, Source{UserID: "7", UserName: "Alice"}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkAllowed = tc.access.Allows(tc.src)
			}
			if !sinkAllowed {
				b.Fatal("sender not admitted")
			}
		})
	}
}
