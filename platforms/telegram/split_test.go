package telegram

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestUTF16Len(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"hello", 5},
		{"héllo", 5},
		{"你好", 2},
		{"😀", 2},
		{"a😀b", 4},
		{"👨‍👩‍👧", 8},
		{"🇫🇷", 4},
		{"e\u0301", 2},
		{"\xff\xfe", 2}, // each invalid byte is sent as one U+FFFD
	}
	for _, tt := range tests {
		if got := UTF16Len(tt.in); got != tt.want {
			t.Errorf("UTF16Len(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestSplit(t *testing.T) {
	x := strings.Repeat
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"empty", "", 0, nil},
		{"whitespace only", " \n\t\r\n ", 0, nil},
		{"unicode whitespace only", "\u3000\u00a0\n", 3, nil},
		{"short", "hello", 0, []string{"hello"}},
		{"fits kept verbatim", "\n  hi  \n", 10, []string{"\n  hi  \n"}},
		{"exactly 4096", x("a", 4096), 0, []string{x("a", 4096)}},
		{"4097", x("a", 4097), 0, []string{x("a", 4096), "a"}},
		{"4096 units of emoji", x("😀", 2048), 0, []string{x("😀", 2048)}},
		{"surrogate pair straddles 4096", "a" + x("😀", 2048), 0, []string{"a" + x("😀", 2047), "😀"}},
		{"surrogate pair straddles small limit", "😀😀😀", 5, []string{"😀😀", "😀"}},
		{"lone surrogate pair with limit 1", "😀😀", 1, []string{"😀", "😀"}},
		{"CJK", "你好世界", 3, []string{"你好世", "界"}},
		{"no spaces at all", x("x", 10000), 0, []string{x("x", 4096), x("x", 4096), x("x", 1808)}},
		{"combining mark kept with its base", "e\u0301e\u0301e\u0301", 5,
			[]string{"e\u0301e\u0301", "e\u0301"}},
		{"base with too many marks is cut anyway", "e\u0301\u0301\u0301\u0301\u0301", 3,
			[]string{"e\u0301\u0301", "\u0301\u0301\u0301"}},
		{"variation selector", "ab❤\ufe0f", 3, []string{"ab", "❤\ufe0f"}},
		{"zwj sequence", "ab👨\u200d👩\u200d👧", 6, []string{"ab", "👨\u200d👩\u200d", "👧"}},
		{"emoji modifier", "ab👍🏽", 5, []string{"ab", "👍🏽"}},
		{"flags", "🇫🇷🇩🇪", 6, []string{"🇫🇷", "🇩🇪"}},
		{"paragraph break first", "aaa bbb\nccc\n\nddd eee", 15, []string{"aaa bbb\nccc", "ddd eee"}},
		{"then line break", "aaa bbb\nccc ddd eee", 15, []string{"aaa bbb", "ccc ddd eee"}},
		{"then space", "aaa bbb ccc ddd", 10, []string{"aaa bbb", "ccc ddd"}},
		{"separator just past the limit", "aaaaa bbbbb", 5, []string{"aaaaa", "bbbbb"}},
		{"crlf blank line", "aaa\r\n\r\nbbb", 5, []string{"aaa", "bbb"}},
		{"run of spaces dropped", "aaaa" + x(" ", 30) + "bbbb", 10, []string{"aaaa", "bbbb"}},
		{"indentation kept", "func f() {\n    return\n}", 15, []string{"func f() {", "    return\n}"}},
		{"leading blank lines dropped", "\n\n  aaaa bbbb", 6, []string{"  aaaa", "bbbb"}},
		{"trailing whitespace dropped", "aaaa bbbb \n\n", 6, []string{"aaaa", "bbbb"}},
		{"invalid utf-8 bytes", "\xff\xff\xff\xff\xff\xff", 4, []string{"\xff\xff\xff\xff", "\xff\xff"}},
		{"fence with language",
			"intro\n\n```go\nfmt.Println(1)\nfmt.Println(2)\nfmt.Println(3)\n```\noutro", 40,
			[]string{"intro", "```go\nfmt.Println(1)\nfmt.Println(2)\n```", "```go\nfmt.Println(3)\n```\noutro"}},
		{"fence without language",
			"intro\n\n```\nfmt.Println(1)\nfmt.Println(2)\nfmt.Println(3)\n```\noutro", 40,
			[]string{"intro", "```\nfmt.Println(1)\nfmt.Println(2)\n```", "```\nfmt.Println(3)\n```\noutro"}},
		{"closing fence line joins the chunk", "```\ncode\n\n```\nmore words here and more words", 32,
			[]string{"```\ncode\n\n```", "more words here and more words"}},
		{"cut moves before an opening line", "intro text\n```\ncode code code code code code\n```", 32,
			[]string{"intro text", "```\ncode code code code code\n```", "```\ncode\n```"}},
		{"opening line never alone", "```\n" + x("x", 40) + "\n```", 32,
			[]string{"```\n" + x("x", 24) + "\n```", "```\n" + x("x", 16) + "\n```"}},
		{"fence too long to repair", "```go\naaaa bbbb cccc dddd eeee\n```", 20,
			[]string{"```go", "aaaa bbbb cccc dddd", "eeee\n```"}},
		{"inline backticks are no fence", "```a``` bb cc dd ee ff gg hh ii jj kk", 32,
			[]string{"```a``` bb cc dd ee ff gg hh ii", "jj kk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.text, tt.limit)
			if !equalChunks(got, tt.want) {
				t.Errorf("Split(%q, %d)\n got %q\nwant %q", abbrev(tt.text), tt.limit, abbrevAll(got), abbrevAll(tt.want))
			}
			if err := checkSplit(tt.text, tt.limit, got); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestSplitLongFence(t *testing.T) {
	var b strings.Builder
	b.WriteString("Here is the code:\n\n```go\n")
	for i := range 40 {
		fmt.Fprintf(&b, "\tx%02d := compute(%d) // step\n", i, i)
	}
	b.WriteString("```\n\nThat is all.")
	text := b.String()
	chunks := Split(text, 160)
	if len(chunks) < 5 {
		t.Fatalf("got %d chunks, want the fence spread over several", len(chunks))
	}
	if err := checkSplit(text, 160, chunks); err != nil {
		t.Fatal(err)
	}
	for i, c := range chunks[1 : len(chunks)-1] {
		if !strings.HasPrefix(c, "```go\n") || !strings.HasSuffix(c, "\n```") {
			t.Errorf("chunk %d = %q, want it wrapped in ```go ... ```", i+1, c)
		}
		if !strings.HasPrefix(c, "```go\n\tx") {
			t.Errorf("chunk %d = %q, want its first code line indented", i+1, c)
		}
	}
	for i, c := range chunks {
		if n := countFenceLines(c); n%2 != 0 {
			t.Errorf("chunk %d has %d fence lines, want an even number: %q", i, n, c)
		}
	}
}

func TestSplitLongLine(t *testing.T) {
	text := strings.Repeat("lorem ipsum dolor sit amet ", 2000) // one 54 KB line
	chunks := Split(text, MaxMessageUnits)
	if err := checkSplit(text, MaxMessageUnits, chunks); err != nil {
		t.Fatal(err)
	}
	for i, c := range chunks[:len(chunks)-1] {
		if n := UTF16Len(c); n < MaxMessageUnits-len("dolor ") {
			t.Errorf("chunk %d is %d units, want it filled to the last space", i, n)
		}
	}
}

// TestSplitRandom checks the invariants on random mixes of the pieces that
// make splitting hard.
func TestSplitRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		text := randomSplitText(rng, rng.IntN(600))
		limit := 2 + rng.IntN(120)
		if i%3 == 0 {
			limit = 32 + rng.IntN(200) // big enough for fence repair
		}
		if err := checkSplit(text, limit, Split(text, limit)); err != nil {
			t.Fatalf("Split(%q, %d): %v", text, limit, err)
		}
	}
}

// degenerateTexts are inputs that a careless splitter handles in quadratic
// time or gets wrong: runs of one awkward rune, huge fence lines.
func degenerateTexts(n int) map[string]string {
	r := strings.Repeat
	return map[string]string{
		"ideographic spaces": "x" + r("\u3000", n) + "y",
		"ascii spaces":       "x" + r(" ", n) + "y",
		"huge fence line":    "```" + r("x", n),
		"huge fence words":   "```" + r("x ", n/2) + "\n" + r("y ", n/2),
		"combining marks":    "x" + r("\u0301", n),
		"flags":              r("🇫", n+1),
		"joiners":            r("\u200d", n),
		"blank lines":        r("a\n\n", n/3),
		"fence lines":        r("```\n", n/4),
		"indented fences":    r("   ```` \n   ", n/12),
		"short fences":       r("```go\nfoo bar\n\nbaz\n```\n", n/24),
	}
}

func TestSplitDegenerate(t *testing.T) {
	for name, text := range degenerateTexts(3000) {
		for _, limit := range []int{2, 3, 7, 40, 100, MaxMessageUnits} {
			if err := checkSplit(text, limit, Split(text, limit)); err != nil {
				t.Errorf("%s, limit %d: %v", name, limit, err)
			}
		}
	}
}

func FuzzSplit(f *testing.F) {
	seeds := []struct {
		text  string
		limit int
	}{
		{"", 10},
		{"hello world", 5},
		{"😀😀😀", 3},
		{"e\u0301e\u0301e\u0301", 3},
		{"👨\u200d👩\u200d👧 🇫🇷🇩🇪", 4},
		{"aaa\n\nbbb\nccc ddd", 6},
		{"intro\n\n```go\nfmt.Println(1)\nfmt.Println(2)\n```\noutro", 40},
		{"```\n" + strings.Repeat("x", 100) + "\n```", 32},
		{"````md\n```go\ninner\n```\n````\ntail text", 36},
		{"\xff\xfe\xfd", 2},
		{strings.Repeat("\u3000", 20) + "x", 5},
	}
	for _, s := range seeds {
		f.Add(s.text, s.limit)
	}
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit < 0 {
			limit = -limit
		}
		limit = 2 + limit%500
		if err := checkSplit(text, limit, Split(text, limit)); err != nil {
			t.Fatalf("Split(%q, %d): %v", text, limit, err)
		}
	})
}

func BenchmarkSplit(b *testing.B) {
	text := benchReply(100 << 10)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Split(text, MaxMessageUnits)
	}
}

// BenchmarkSplitDegenerate shows that awkward 100 KB inputs split in
// linear time even with a tiny limit.
func BenchmarkSplitDegenerate(b *testing.B) {
	for name, text := range degenerateTexts(100 << 10) {
		for _, limit := range []int{3, MaxMessageUnits} {
			b.Run(fmt.Sprintf("%s/%d", strings.ReplaceAll(name, " ", "_"), limit), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					Split(text, limit)
				}
			})
		}
	}
}

func ExampleSplit() {
	for _, chunk := range Split("First paragraph.\n\nSecond one, a little longer.", 30) {
		fmt.Printf("%q\n", chunk)
	}
	// Output:
	// "First paragraph."
	// "Second one, a little longer."
}

// checkSplit reports the first broken invariant of a split: chunks within
// the limit, not blank, valid UTF-8 for valid input, not starting with a
// newline nor ending in whitespace the cut should have dropped, and giving
// back the text in order once fence repairs and dropped whitespace are
// accounted for.
func checkSplit(text string, limit int, chunks []string) error {
	if limit <= 0 {
		limit = MaxMessageUnits
	}
	if isBlank(text) != (chunks == nil) {
		return fmt.Errorf("blank input %v, but %d chunks", isBlank(text), len(chunks))
	}
	for i, c := range chunks {
		n := UTF16Len(c)
		switch {
		case n > limit && !(limit < 2 && utf8.RuneCountInString(c) == 1):
			return fmt.Errorf("chunk %d is %d units, over the limit of %d: %q", i, n, limit, abbrev(c))
		case isBlank(c):
			return fmt.Errorf("chunk %d is blank: %q", i, abbrev(c))
		case utf8.ValidString(text) && !utf8.ValidString(c):
			return fmt.Errorf("chunk %d is not valid UTF-8: %q", i, abbrev(c))
		case len(chunks) > 1 && c[0] == '\n':
			return fmt.Errorf("chunk %d starts with a newline: %q", i, abbrev(c))
		case len(chunks) > 1 && isSpaceByte(c[len(c)-1]):
			return fmt.Errorf("chunk %d ends with whitespace: %q", i, abbrev(c))
		}
	}
	return reassemble(text, chunks)
}

// reassemble finds each chunk, less any fence line Split may have added at
// either end, in text after the previous one with only whitespace between.
// A chunk can match in more than one way (its own closing fence line may
// be the start of the text that follows), so it searches all of them.
func reassemble(text string, chunks []string) error {
	failed := make(map[[2]int]bool) // chunk index and byte offset known not to work
	var match func(i, pos int) bool
	match = func(i, pos int) bool {
		if i == len(chunks) {
			return isBlank(text[pos:])
		}
		if failed[[2]int{i, pos}] {
			return false
		}
		for _, body := range chunkBodies(chunks[i]) {
			for _, end := range matchesAfterBlank(text, pos, body) {
				if match(i+1, end) {
					return true
				}
			}
		}
		failed[[2]int{i, pos}] = true
		return false
	}
	if !match(0, 0) {
		return fmt.Errorf("chunks do not give back the text: %q", abbrevAll(chunks))
	}
	return nil
}

// chunkBodies lists what a chunk may have been cut from: itself, or itself
// without a leading reopened fence line and/or a trailing closing one.
func chunkBodies(c string) []string {
	out := []string{c}
	head := c
	if strings.HasPrefix(strings.TrimLeft(c, " "), "```") {
		if i := strings.IndexByte(c, '\n'); i >= 0 {
			head = c[i+1:]
			out = append(out, head)
		}
	}
	if i := strings.LastIndex(c, "\n```"); i >= 0 && strings.Trim(c[i+1:], "`") == "" {
		out = append(out, c[:i])
		if len(head) < len(c) && i >= len(c)-len(head) {
			out = append(out, c[len(c)-len(head):i])
		}
	}
	return out
}

// matchesAfterBlank returns where body ends in each place it occurs in
// text at pos or after whitespace following pos.
func matchesAfterBlank(text string, pos int, body string) []int {
	var ends []int
	for p := pos; p <= len(text); {
		if strings.HasPrefix(text[p:], body) {
			ends = append(ends, p+len(body))
		}
		r, size := utf8.DecodeRuneInString(text[p:])
		if size == 0 || !isBlank(string(r)) {
			break
		}
		p += size
	}
	return ends
}

// abbrev abbreviates long strings in failure messages.
func abbrev(s string) string {
	if len(s) <= 200 {
		return s
	}
	return fmt.Sprintf("%s…(%d bytes)…%s", s[:80], len(s), s[len(s)-80:])
}

func abbrevAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = abbrev(s)
	}
	return out
}

func equalChunks(a, b []string) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// countFenceLines counts the lines of c that start with three backticks.
func countFenceLines(c string) int {
	n := 0
	for line := range strings.Lines(c) {
		if strings.HasPrefix(line, "```") {
			n++
		}
	}
	return n
}

// randomSplitText strings together n pieces chosen to hit every rule of Split.
func randomSplitText(rng *rand.Rand, n int) string {
	pieces := []string{
		"a", "word", "longerword", " ", " ", "  ", "\t", "\n", "\n", "\n\n", "\r\n", "\n   ",
		"😀", "你", "好", "é", "e\u0301", "\u0301", "\u200d", "👨\u200d👩\u200d👧", "❤\ufe0f",
		"👍🏽", "🇫🇷", "🇩", "\u3000", "\u00a0", "\n```\n", "\n```go\n", "```", "\n````\n", "`",
		"\n  ```py\n", "\xff",
	}
	var b strings.Builder
	for range n {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// benchReply builds about size bytes of a typical model reply: prose
// paragraphs with emoji and CJK, lists and fenced code.
func benchReply(size int) string {
	paras := []string{
		"The gateway keeps one session per chat 🙂 and answers in order. " +
			"Long replies are split so that each message stays under Telegram's limit.",
		"- first point\n- second point with **bold** text\n- third point, 中文字符 mixed in",
		"```go\nfunc main() {\n\tfor i := range 10 {\n\t\tfmt.Println(i) // 🚀\n\t}\n}\n```",
		"Ünïcödé prose with combining marks e\u0301 and flags 🇫🇷🇩🇪, then a family 👨\u200d👩\u200d👧.",
		"日本語の文章も含まれています。句読点で区切られた長い文が続きます。",
	}
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		b.WriteString(paras[i%len(paras)])
		b.WriteString("\n\n")
	}
	return b.String()
}
