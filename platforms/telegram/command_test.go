package telegram

import (
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"
)

// botCommandAt is a bot_command entity.
func botCommandAt(offset, length int) models.MessageEntity {
	return models.MessageEntity{Type: models.MessageEntityTypeBotCommand, Offset: offset, Length: length}
}

func TestCommand(t *testing.T) {
	bold := models.MessageEntity{Type: models.MessageEntityTypeBold, Offset: 0, Length: 4}
	mention := models.MessageEntity{Type: models.MessageEntityTypeMention, Offset: 5, Length: 8}
	tests := []struct {
		name     string
		msg      *models.Message
		bot      string
		wantName string
		wantArgs string
		wantOK   bool
	}{
		{"plain", &models.Message{Text: "/new", Entities: []models.MessageEntity{botCommandAt(0, 4)}},
			"ThisBot", "new", "", true},
		{"with args", &models.Message{Text: "/ask  what now? ", Entities: []models.MessageEntity{botCommandAt(0, 4)}},
			"ThisBot", "ask", "what now?", true},
		{"addressed to us", &models.Message{Text: "/new@ThisBot rest", Entities: []models.MessageEntity{botCommandAt(0, 12)}},
			"ThisBot", "new", "rest", true},
		{"address case and @ ignored", &models.Message{Text: "/new@thisbot rest",
			Entities: []models.MessageEntity{botCommandAt(0, 12)}}, "@ThisBot", "new", "rest", true},
		{"addressed to another bot", &models.Message{Text: "/new@otherbot",
			Entities: []models.MessageEntity{botCommandAt(0, 13)}}, "ThisBot", "", "", false},
		{"addressed while our name is unknown", &models.Message{Text: "/new@ThisBot",
			Entities: []models.MessageEntity{botCommandAt(0, 12)}}, "", "", "", false},
		{"name lower-cased", &models.Message{Text: "/NeW Hello", Entities: []models.MessageEntity{botCommandAt(0, 4)}},
			"ThisBot", "new", "Hello", true},
		{"args on the next line", &models.Message{Text: "/new\nline two", Entities: []models.MessageEntity{botCommandAt(0, 4)}},
			"ThisBot", "new", "line two", true},
		{"not at the start", &models.Message{Text: "hello /new", Entities: []models.MessageEntity{botCommandAt(6, 4)}},
			"ThisBot", "", "", false},
		{"emoji before the command", &models.Message{Text: "😀 /new", Entities: []models.MessageEntity{botCommandAt(3, 4)}},
			"ThisBot", "", "", false},
		{"emoji in the args", &models.Message{Text: "/ask@ThisBot 👋🏽 what is 😀?",
			Entities: []models.MessageEntity{botCommandAt(0, 12)}}, "ThisBot", "ask", "👋🏽 what is 😀?", true},
		// In UTF-16 units "/b" starts at 5, inside the emoji's bytes: read
		// as bytes the entity would look broken and the text fallback would
		// wrongly take "/a".
		{"entity after an emoji counted in UTF-16", &models.Message{Text: "/a 😀 /b",
			Entities: []models.MessageEntity{botCommandAt(5, 2)}}, "ThisBot", "", "", false},
		{"caption", &models.Message{Caption: "/new 😀 pic", CaptionEntities: []models.MessageEntity{botCommandAt(0, 4)}},
			"ThisBot", "new", "😀 pic", true},
		{"emoji before the command in a caption", &models.Message{Caption: "😀 /new",
			CaptionEntities: []models.MessageEntity{botCommandAt(3, 4)}}, "ThisBot", "", "", false},
		{"caption entities ignored for text", &models.Message{Text: "hi /new",
			CaptionEntities: []models.MessageEntity{botCommandAt(0, 4)}}, "ThisBot", "", "", false},
		{"other entities first", &models.Message{Text: "/new @someone",
			Entities: []models.MessageEntity{mention, botCommandAt(0, 4)}}, "ThisBot", "new", "@someone", true},
		{"entity past the end falls back to the text", &models.Message{Text: "/new",
			Entities: []models.MessageEntity{botCommandAt(0, 10)}}, "ThisBot", "new", "", true},
		{"entity offset past the end", &models.Message{Text: "/new rest",
			Entities: []models.MessageEntity{botCommandAt(100, 4)}}, "ThisBot", "new", "rest", true},
		{"negative entity", &models.Message{Text: "/new",
			Entities: []models.MessageEntity{botCommandAt(-1, -3)}}, "ThisBot", "new", "", true},
		{"entity splitting a surrogate pair", &models.Message{Text: "😀😀",
			Entities: []models.MessageEntity{botCommandAt(0, 3)}}, "ThisBot", "", "", false},
		{"entity not on a slash", &models.Message{Text: "hello", Entities: []models.MessageEntity{botCommandAt(0, 5)}},
			"ThisBot", "", "", false},
		{"no entities", &models.Message{Text: "/start"}, "ThisBot", "start", "", true},
		{"no entities, addressed", &models.Message{Text: "/Start@THISBOT go"}, "ThisBot", "start", "go", true},
		{"no entities, other bot", &models.Message{Text: "/start@OtherBot go"}, "ThisBot", "", "", false},
		{"only unrelated entities", &models.Message{Text: "/new", Entities: []models.MessageEntity{bold}},
			"ThisBot", "new", "", true},
		{"no entities, caption", &models.Message{Caption: "/new\tpicture"}, "ThisBot", "new", "picture", true},
		{"bare slash", &models.Message{Text: "/"}, "ThisBot", "", "", false},
		{"slash then space", &models.Message{Text: "/ new"}, "ThisBot", "", "", false},
		{"empty address", &models.Message{Text: "/new@ rest"}, "ThisBot", "", "", false},
		{"punctuation after the word", &models.Message{Text: "/new, please"}, "ThisBot", "", "", false},
		{"a path", &models.Message{Text: "/usr/bin/env"}, "ThisBot", "", "", false},
		{"no slash", &models.Message{Text: "new"}, "ThisBot", "", "", false},
		{"non-ASCII name", &models.Message{Text: "/привет"}, "ThisBot", "", "", false},
		{"empty message", &models.Message{}, "ThisBot", "", "", false},
		{"nil message", nil, "ThisBot", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, args, ok := Command(tt.msg, tt.bot)
			if name != tt.wantName || args != tt.wantArgs || ok != tt.wantOK {
				t.Errorf("Command() = (%q, %q, %v), want (%q, %q, %v)",
					name, args, ok, tt.wantName, tt.wantArgs, tt.wantOK)
			}
		})
	}
}

func TestCommandUnitSpan(t *testing.T) {
	tests := []struct {
		text             string
		offset, length   int
		wantFrom, wantTo int
		wantOK           bool
	}{
		{"/new", 0, 4, 0, 4, true},
		{"😀 /new", 3, 4, 5, 9, true},
		{"a😀b", 1, 2, 1, 5, true},
		{"a😀b", 3, 1, 5, 6, true},
		{"a😀b", 2, 1, 0, 0, false}, // starts inside the pair
		{"a😀b", 1, 1, 0, 0, false}, // ends inside the pair
		{"你好", 1, 1, 3, 6, true},
		{"abc", 3, 1, 0, 0, false},
		{"abc", 1, 5, 0, 0, false},
		{"abc", 0, 0, 0, 0, false},
		{"abc", -1, 2, 0, 0, false},
		{"", 0, 1, 0, 0, false},
	}
	for _, tt := range tests {
		from, to, ok := unitSpan(tt.text, tt.offset, tt.length)
		if ok != tt.wantOK || ok && (from != tt.wantFrom || to != tt.wantTo) {
			t.Errorf("unitSpan(%q, %d, %d) = (%d, %d, %v), want (%d, %d, %v)", tt.text, tt.offset, tt.length,
				from, to, ok, tt.wantFrom, tt.wantTo, tt.wantOK)
		}
	}
}

func FuzzCommand(f *testing.F) {
	f.Add("/new@ThisBot rest", 0, 12, false, "ThisBot")
	f.Add("😀 /new", 3, 4, true, "ThisBot")
	f.Add("/new", 0, 10, false, "")
	f.Add("/a 😀 /b", 5, 2, false, "x")
	f.Add("😀😀", 0, 3, true, "ThisBot")
	f.Fuzz(func(t *testing.T, text string, offset, length int, caption bool, bot string) {
		m := &models.Message{Text: text, Entities: []models.MessageEntity{botCommandAt(offset, length)}}
		if caption {
			m = &models.Message{Caption: text, CaptionEntities: m.Entities}
		}
		name, args, ok := Command(m, bot)
		if !ok {
			if name != "" || args != "" {
				t.Fatalf("Command(%q) = (%q, %q, false), want empty results", text, name, args)
			}
			return
		}
		switch {
		case name == "" || name != strings.ToLower(name) || strings.ContainsAny(name, "@/ "):
			t.Fatalf("Command(%q) gave name %q", text, name)
		case !strings.HasPrefix(strings.ToLower(text), "/"+name):
			t.Fatalf("Command(%q) gave name %q, which does not start the text", text, name)
		case args != strings.TrimSpace(args) || !strings.Contains(text, args):
			t.Fatalf("Command(%q) gave args %q", text, args)
		}
	})
}
