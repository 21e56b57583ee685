package telegram

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxMessageUnits is the most UTF-16 code units Telegram accepts in the text
// of one message; longer replies must be sent as several messages.
const MaxMessageUnits = 4096

// UTF16Len reports how many UTF-16 code units s takes, the measure Telegram
// uses for message limits and entity offsets. A rune above U+FFFF takes two
// (a surrogate pair); an invalid byte counts one, as the U+FFFD it is sent as.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// Split cuts a reply into chunks of at most limit UTF-16 units, in order, to
// be sent as separate messages. A limit of zero or less means
// MaxMessageUnits.
//
// Text that fits is returned whole, as one chunk; empty or whitespace-only
// text gives nil. Longer text is cut at the last paragraph break (blank
// line) that fits, else the last line break, else the last space or tab,
// else hard at the limit. A hard cut never splits a rune and, where that
// still leaves something to send, falls before a combining mark, a
// variation selector, an emoji modifier or a zero-width joiner rather than
// after it, and between flags rather than inside one. The whitespace at a
// cut is dropped, except the indentation of the line that starts the next
// chunk; so are leading blank lines and trailing whitespace, and a chunk
// that would hold only whitespace is not sent.
//
// A chunk that ends inside a Markdown code fence (a line of three or more
// backticks, maybe with a language tag) gets a closing fence line, and the
// next chunk starts by repeating the opening line, so each message renders
// as code on its own; the added lines count toward the limit. Repair is
// skipped for an opening line so long that the two added lines would take
// more than a quarter of the limit.
//
// The only chunk that can exceed limit is a lone rune above U+FFFF when
// limit is 1. Split runs in time linear in len(text) and allocates the
// result slice plus one string per repaired chunk.
func Split(text string, limit int) []string {
	if isBlank(text) {
		return nil
	}
	if limit <= 0 {
		limit = MaxMessageUnits
	}
	// A string never takes more UTF-16 units than bytes.
	if len(text) <= limit {
		return []string{text}
	}
	s := splitter{text: text, limit: limit}
	if s.scan(0, -1, limit).all {
		return []string{text}
	}
	s.out = make([]string, 0, len(text)/limit+2)
	s.run()
	return s.out
}

// splitter holds the input and output of one Split call.
type splitter struct {
	text  string
	limit int
	out   []string
}

// mark is a place where a chunk may end.
type mark struct {
	at    int  // byte offset just past the chunk's last byte
	next  int  // byte offset where the next chunk starts
	units int  // UTF-16 units of the chunk, without added fence lines
	open  int  // byte offset of the opening line of the fence open at at, or -1
	ok    bool // whether this mark was found
}

// window is what one forward scan learns about the text after a chunk start.
type window struct {
	para, line, space mark       // the last mark of each kind that fits
	end               mark       // the furthest rune boundary that fits
	all               bool       // the rest of the text fits
	fences            fenceState // the fence state at end
}

// run emits chunks until the text is used up.
func (s *splitter) run() {
	carry := fence{at: -1} // the fence open at the start of the chunk
	start := skipBlankLines(s.text, 0)
	// Past the last rune that is not whitespace there is nothing to send.
	last := len(strings.TrimRightFunc(s.text, unicode.IsSpace))
	for start < last {
		budget := s.limit
		if carry.repair {
			budget -= carry.reopen
		}
		w := s.scan(start, carry.at, budget)
		if w.all {
			s.emit(carry, trimSpaceRight(s.text[start:]), fence{at: -1})
			return
		}
		m := s.choose(start, w)
		end := s.fence(m.open)
		// Leave room for the closing fence line, then look again: the
		// shorter window may end in another fence, or in none.
		for reserve := 0; end.repair && end.close > reserve; {
			reserve = end.close
			m = s.choose(start, s.scan(start, carry.at, budget-reserve))
			end = s.fence(m.open)
		}
		m = s.tidyFence(start, m, end, budget)
		end = s.fence(m.open)
		s.emit(carry, s.text[start:m.at], end)
		start, carry = m.next, end
	}
}

// scan walks forward from start, where the fence opened at byte offset
// open (-1 for none) is open, while the text fits in budget units, and
// notes the last mark of each kind.
func (s *splitter) scan(start, open, budget int) window {
	t := s.text
	w := window{fences: fenceState{open: open, changedAt: -1}}
	floor := start // a mark must leave the chunk something past floor
	if start == 0 || t[start-1] == '\n' {
		s.fenceLine(&w.fences, start)
		if w.fences.open == start {
			if f := s.fence(start); f.repair {
				// Never send an opening fence line on its own.
				floor = start + len(f.line)
			}
		}
	}
	pos, units := start, 0
	for pos < len(t) {
		c := t[pos]
		if c > ' ' && c < utf8.RuneSelf {
			if units >= budget {
				break
			}
			units++
			pos++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(t[pos:])
			u := 1
			if r > 0xFFFF {
				u = 2
			}
			if units+u > budget {
				break
			}
			units += u
			pos += size
			continue
		}
		if !isSpaceByte(c) {
			if units >= budget {
				break
			}
			units++
			pos++
			continue
		}
		end, lastNL, lines := whitespaceRun(t, pos)
		if pos > floor {
			w.record(pos, end, units, lastNL, lines)
		}
		if units+end-pos > budget {
			pos += budget - units
			units = budget
			break
		}
		units += end - pos
		pos = end
		if lastNL >= 0 {
			s.fenceLine(&w.fences, lastNL+1)
		}
	}
	w.all = pos == len(t)
	w.end = mark{at: pos, next: pos, units: units, open: w.fences.at(pos), ok: pos > start}
	return w
}

// record files a mark at the whitespace run from at to end by what the
// run holds: two or more newlines make a paragraph break, one a line break,
// none a space. The next chunk starts after the run's last newline,
// keeping that line's indentation.
func (w *window) record(at, end, units, lastNL, lines int) {
	m := &w.space
	switch {
	case lines >= 2:
		m = &w.para
	case lines == 1:
		m = &w.line
	}
	if lastNL >= 0 {
		end = lastNL + 1
	}
	// Field by field: copying a whole mark here costs a store-forwarding
	// stall on every space of the text.
	m.at, m.next, m.units, m.open, m.ok = at, end, units, w.fences.open, true
}

// choose picks the best mark a window offers.
func (s *splitter) choose(start int, w window) mark {
	switch {
	case w.para.ok:
		return w.para
	case w.line.ok:
		return w.line
	case w.space.ok:
		return w.space
	}
	at := w.end.at
	if at <= start {
		// Not even one rune fits (a surrogate pair with limit 1): send it
		// alone rather than loop forever.
		_, size := utf8.DecodeRuneInString(s.text[start:])
		at = start + size
	} else if b := clusterStart(s.text, start, at); b > start {
		at = b
	}
	if at == w.end.at {
		return w.end
	}
	return mark{at: at, next: at, units: UTF16Len(s.text[start:at]), open: w.fences.at(at), ok: true}
}

// emit appends one chunk, wrapped in the fence lines that repair a code
// block cut in two. A chunk of only whitespace is dropped.
func (s *splitter) emit(carry fence, body string, end fence) {
	if isBlank(body) {
		return
	}
	switch {
	case carry.repair && end.repair:
		body = carry.open + "\n" + body + "\n" + backticks(end.ticks)
	case carry.repair:
		body = carry.open + "\n" + body
	case end.repair:
		body = body + "\n" + backticks(end.ticks)
	}
	s.out = append(s.out, body)
}

// skipBlankLines returns where the text after a cut at i should resume:
// past whitespace up to and including its last newline, so blank lines go
// but the indentation of the next line stays.
func skipBlankLines(t string, i int) int {
	end, lastNL, _ := whitespaceRun(t, i)
	if lastNL >= 0 {
		return lastNL + 1
	}
	if end == len(t) {
		return end
	}
	return i
}

// whitespaceRun returns the end of the run of ASCII whitespace starting at
// i, the offset of its last newline (-1 if none) and how many newlines it
// holds.
func whitespaceRun(t string, i int) (end, lastNL, lines int) {
	lastNL = -1
	for ; i < len(t) && isSpaceByte(t[i]); i++ {
		if t[i] == '\n' {
			lastNL = i
			lines++
		}
	}
	return i, lastNL, lines
}

// trimSpaceRight drops the ASCII whitespace that ends s.
func trimSpaceRight(s string) string {
	for len(s) > 0 && isSpaceByte(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// isSpaceByte reports whether c is one of the ASCII whitespace bytes
// " \t\n\v\f\r".
func isSpaceByte(c byte) bool {
	return c == ' ' || c >= '\t' && c <= '\r'
}

// isBlank reports whether s holds nothing but whitespace, which Telegram
// refuses to send.
func isBlank(s string) bool {
	return strings.TrimLeftFunc(s, unicode.IsSpace) == ""
}

// fence describes the Markdown code fence open at some point of the text.
type fence struct {
	at     int    // byte offset of the opening line; -1 outside a fence
	line   string // the opening line; set, like open, only when it is short
	open   string // the opening line without trailing blanks, e.g. "```go"
	ticks  int    // backticks in the opening marker; a closing one needs as many
	reopen int    // UTF-16 units that repeating the opening line adds
	close  int    // UTF-16 units that a closing line adds
	repair bool   // whether a chunk cut inside this fence is closed and reopened
}

// fence describes the fence whose opening line starts at byte offset at.
// Only an opening line short enough to be repaired is read in full, so a
// huge one costs little however many chunks it spans.
func (s *splitter) fence(at int) fence {
	if at < 0 {
		return fence{at: -1}
	}
	t := s.text[at:]
	_, ticks := fenceTicks(t)
	f := fence{at: at, ticks: ticks, close: 1 + ticks}
	// A rune takes at most 3 bytes per UTF-16 unit, and a repairable
	// opening line at most a quarter of the limit.
	t = t[:min(len(t), 3*s.limit/4+1)]
	if i := strings.IndexByte(t, '\n'); i >= 0 {
		t = t[:i]
	} else if len(t) < len(s.text)-at {
		return f
	}
	f.line, f.open = t, trimSpaceRight(t)
	f.reopen = UTF16Len(f.open) + 1
	f.repair = 4*(f.reopen+f.close) <= s.limit
	return f
}

// fenceState follows the open fence through a scan by the offset of its
// opening line. It keeps the state before the last change, so that a cut
// made before a fence line sees that line's effect undone.
type fenceState struct {
	open, prev int
	changedAt  int
}

func (f *fenceState) set(at, open int) {
	f.prev, f.open, f.changedAt = f.open, open, at
}

// at returns the opening offset of the fence open just before pos.
func (f *fenceState) at(pos int) int {
	if f.changedAt >= pos {
		return f.prev
	}
	return f.open
}

// fenceLine updates the fence state with the line starting at p, if it is
// a fence line: outside a fence it opens one unless backticks follow the
// marker (that is inline code), inside it closes the fence when it is bare
// backticks at least as many as the opening ones.
func (s *splitter) fenceLine(f *fenceState, p int) {
	t := s.text[p:]
	if len(t) == 0 || t[0] != '`' && t[0] != ' ' {
		return // the common case, kept cheap
	}
	indent, ticks := fenceTicks(t)
	if ticks < 3 {
		return
	}
	rest := lineAt(t, 0)[indent+ticks:]
	switch {
	case f.open < 0:
		if !strings.Contains(rest, "`") {
			f.set(p, p)
		}
	case trimSpaceRight(rest) == "":
		if _, opening := fenceTicks(s.text[f.open:]); ticks >= opening {
			f.set(p, -1)
		}
	}
}

// fenceTicks reads the start of t as a fence marker: up to three spaces of
// indentation, then backticks, of which a fence needs three or more.
func fenceTicks(t string) (indent, ticks int) {
	for indent < 3 && indent < len(t) && t[indent] == ' ' {
		indent++
	}
	for indent+ticks < len(t) && t[indent+ticks] == '`' {
		ticks++
	}
	return indent, ticks
}

// lineAt returns the line starting at byte offset p, without its newline.
func lineAt(t string, p int) string {
	if j := strings.IndexByte(t[p:], '\n'); j >= 0 {
		return t[p : p+j]
	}
	return t[p:]
}

// tidyFence avoids the empty code blocks that a cut right beside a fence
// line would make, for a mark m inside fence f. A closing fence line just
// after the cut joins this chunk when it fits in budget, instead of being
// added and then repeated; a cut right after an opening line moves to
// before that line.
func (s *splitter) tidyFence(start int, m mark, f fence, budget int) mark {
	t := s.text
	if !f.repair {
		return m
	}
	if m.next > m.at && t[m.next-1] == '\n' {
		indent, ticks := fenceTicks(t[m.next:])
		marker := m.next + indent + ticks
		if ticks >= f.ticks && m.next+len(trimSpaceRight(lineAt(t, m.next))) == marker {
			if units := m.units + UTF16Len(t[m.at:marker]); units <= budget {
				return mark{at: marker, next: skipBlankLines(t, marker), units: units, open: -1, ok: true}
			}
		}
	}
	if f.at > start && m.at <= f.at+len(f.line) {
		r := f.at
		for r > start && isSpaceByte(t[r-1]) {
			r--
		}
		if r > start {
			return mark{at: r, next: f.at, units: UTF16Len(t[start:r]), open: -1, ok: true}
		}
	}
	return m
}

// backticks returns a closing fence marker of n backticks.
func backticks(n int) string {
	const run = "````````````````"
	if n <= len(run) {
		return run[:n]
	}
	return strings.Repeat("`", n)
}

// zwj is the zero-width joiner, which glues emoji into one picture.
const zwj = '\u200d'

// clusterStart moves a hard cut at byte offset at back to the start of the
// grapheme cluster it would split, going no further than start.
func clusterStart(t string, start, at int) int {
	for at > start && at < len(t) {
		r, _ := utf8.DecodeRuneInString(t[at:])
		prev, size := utf8.DecodeLastRuneInString(t[start:at])
		if !joins(t[start:at], prev, r) {
			break
		}
		at -= size
	}
	return at
}

// joins reports whether r belongs to the same grapheme cluster as prev,
// the last rune of before. It covers combining marks, variation selectors,
// emoji modifiers and tags, zero-width joiner sequences and flag pairs;
// TODO(graphemes): Hangul jamo and Indic conjuncts may still be split by a
// hard cut, which only happens in a line with no space in 4096 units.
func joins(before string, prev, r rune) bool {
	switch {
	case prev == zwj || extends(r):
		return true
	case isRegional(prev) && isRegional(r):
		return regionalRun(before)%2 == 1
	}
	return false
}

// extends reports whether r attaches to the rune before it.
func extends(r rune) bool {
	switch {
	case r < 0x300:
		return false
	case r == zwj, r >= 0x1F3FB && r <= 0x1F3FF, r >= 0xE0020 && r <= 0xE007F:
		return true
	}
	return unicode.Is(unicode.M, r)
}

// isRegional reports whether r is a regional indicator, half of a flag.
func isRegional(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// regionalRun counts the regional indicators that end s.
func regionalRun(s string) int {
	n := 0
	for {
		r, size := utf8.DecodeLastRuneInString(s)
		if !isRegional(r) {
			return n
		}
		n++
		s = s[:len(s)-size]
	}
}
