package config

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// MaxPollTimeout is the longest long poll the Telegram Bot API holds open.
const MaxPollTimeout = 50 * time.Second

var (
	// tokenShape is the shape of a Bot API token: the bot id, a colon and
	// the secret part.
	tokenShape = regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]{20,}$`)
	// userShape is a Telegram user id or a username without its @.
	userShape = regexp.MustCompile(`^([0-9]+|[A-Za-z][A-Za-z0-9_]*)$`)
)

const nameRule = "names are 1 to 64 characters of a-z, 0-9, _ and -, starting with a letter or digit"

// checkGateway checks the values of the gateway settings. Keys that already
// have a problem, such as a wrong type, are not checked again.
func checkGateway(g *Gateway, r *report, o overrides) {
	check := func(key string, ok bool, msg, fix string) {
		if !ok && !r.has(key) {
			file, k := o.origin(r.file, key)
			r.addIn(file, k, msg, fix)
		}
	}
	check("gateway.on_profile_error",
		g.OnProfileError == OnProfileErrorFail || g.OnProfileError == OnProfileErrorSkip,
		"must be fail or skip",
		"set it to fail (stop when a profile has a problem) or skip (serve the other profiles)")
	check("gateway.drain_timeout", g.DrainTimeout > 0,
		"must be more than 0s", "set it to a duration such as 10s")
	check("gateway.max_concurrent_turns", g.MaxConcurrentTurns > 0,
		"must be at least 1", "set it to a number such as 64")
	for i, name := range g.Profiles {
		check(fmt.Sprintf("gateway.profiles[%d]", i), name == DefaultProfile || ValidProfileName(name),
			"not a valid profile name", "use the name of a directory under profiles/; "+nameRule)
	}
}

// gatewayWarnings points out gateway settings that do nothing.
func gatewayWarnings(g *Gateway, file string, o overrides) Problems {
	if len(g.Profiles) == 0 || g.MultiplexProfiles {
		return nil
	}
	f, k := o.origin(file, "gateway.profiles")
	return Problems{{File: f, Key: k,
		Message: "has no effect while gateway.multiplex_profiles is off",
		Fix:     "set gateway.multiplex_profiles: true to serve the listed profiles, or remove the list"}}
}

// tidyTelegram normalises values operators write loosely: spaces around
// the token, and the @ of an @username.
func tidyTelegram(t *Telegram) {
	t.Token = Secret(strings.TrimSpace(t.Token.Reveal()))
	for i, u := range t.AllowedUsers {
		t.AllowedUsers[i] = strings.TrimPrefix(strings.TrimSpace(u), "@")
	}
}

// checkProfile checks the values of a profile's settings and returns its
// warnings: things that are allowed but probably not meant.
func checkProfile(p *Profile, dir string, r *report) Problems {
	if !r.has("agent.kind") && !slices.Contains(agentKinds, p.Agent.Kind) {
		r.add("agent.kind", "unknown agent kind",
			"set it to one of: "+strings.Join(agentKinds, ", "))
	}
	checkAgent(&p.Agent, r)
	if !r.has("sessions.busy") && p.Sessions.Busy != "queue" && p.Sessions.Busy != "interrupt" {
		r.add("sessions.busy", "must be queue or interrupt", "set it to queue (answer in order) or interrupt")
	}
	if !r.has("sessions.idle_timeout") && p.Sessions.IdleTimeout < time.Second {
		r.add("sessions.idle_timeout", "must be at least 1s", "set it to a duration such as 30m")
	}
	return checkTelegram(&p.Platforms.Telegram, dir, r)
}

// checkTelegram checks the platforms.telegram section.
func checkTelegram(t *Telegram, dir string, r *report) Problems {
	const sec = "platforms.telegram."
	if !r.has(sec+"api_url") && !isHTTPURL(t.APIURL) {
		r.add(sec+"api_url", "must be an absolute http or https URL",
			"set it to "+DefaultAPIURL+" or to your Bot API server, such as http://localhost:8081")
	}
	if !r.has(sec+"poll_timeout") && (t.PollTimeout < time.Second || t.PollTimeout > MaxPollTimeout) {
		r.add(sec+"poll_timeout", "must be between 1s and 50s",
			"set it to a duration such as 30s; Telegram holds a long poll open for 50s at most, "+
				"and shorter polls only cost requests")
	}
	for i, u := range t.AllowedUsers {
		if key := fmt.Sprintf("%sallowed_users[%d]", sec, i); !r.has(key) && !userShape.MatchString(u) {
			r.add(key, "not a Telegram user id or @username",
				"write a numeric user id such as 123456789, or a username such as @alice")
		}
	}
	checkToken(t, dir, r)
	if !r.has(sec+"parse_mode") && !slices.Contains(parseModes, t.ParseMode) {
		r.add(sec+"parse_mode", "unknown parse mode",
			`set it to "" (plain text), HTML or MarkdownV2`)
	}
	checkBackoff(t.Restart, sec+"restart.", r)
	checkTelegramMode(t, r)
	if t.Enabled && len(t.AllowedUsers) == 0 && !t.AllowAll {
		return Problems{{Profile: r.profile, File: r.file, Key: sec + "allowed_users",
			Message: "telegram is enabled but nobody may talk to the bot",
			Fix:     "list user ids or @usernames in platforms.telegram.allowed_users, or set allow_all: true"}}
	}
	return nil
}

// checkAgent checks the settings of the chosen agent backend.
func checkAgent(a *Agent, r *report) {
	if !r.has("agent.max_concurrent_turns") && a.MaxConcurrentTurns < 1 {
		r.add("agent.max_concurrent_turns", "must be at least 1", "set it to a number such as 4")
	}
	switch a.Kind {
	case "openai":
		if !r.has("agent.openai.model") && a.OpenAI.Model == "" {
			r.add("agent.openai.model", "missing model", "set it to the model id, such as gpt-4o-mini")
		}
		if !r.has("agent.openai.base_url") && !isHTTPURL(a.OpenAI.BaseURL) {
			r.add("agent.openai.base_url", "must be an absolute http or https URL",
				"set it to the API root, such as "+DefaultOpenAIBaseURL)
		}
		if !r.has("agent.openai.retries") && (a.OpenAI.Retries < 0 || a.OpenAI.Retries > 10) {
			r.add("agent.openai.retries", "must be between 0 and 10", "set it to a number such as 2")
		}
		checkBackoff(a.OpenAI.Retry, "agent.openai.retry.", r)
	case "http":
		if !r.has("agent.http.url") && !isHTTPURL(a.HTTP.URL) {
			r.add("agent.http.url", "missing or not an absolute http or https URL",
				"set it to your agent service, such as http://127.0.0.1:9000/turn")
		}
	}
}

// parseModes are the values of platforms.telegram.parse_mode.
var parseModes = []string{"", "HTML", "MarkdownV2"}

// checkBackoff checks a restart backoff section whose keys start with sec.
func checkBackoff(b Backoff, sec string, r *report) {
	if !r.has(sec+"initial") && b.Initial <= 0 {
		r.add(sec+"initial", "must be more than 0s", "set it to a duration such as 1s")
	}
	if !r.has(sec+"max") && b.Max < b.Initial {
		r.add(sec+"max", "must be at least the initial wait", "set it to a duration such as 60s")
	}
	if !r.has(sec+"jitter_percent") && (b.JitterPercent < 0 || b.JitterPercent > 100) {
		r.add(sec+"jitter_percent", "must be between 0 and 100", "set it to a percentage such as 20")
	}
}

// checkToken checks that an enabled bot has a token, and that any token is
// shaped like one. Neither message shows the token.
func checkToken(t *Telegram, dir string, r *report) {
	const key = "platforms.telegram.token"
	envFile := filepath.Join(dir, ".env")
	switch {
	case r.has(key):
	case t.Token == "" && t.Enabled:
		r.add(key, "missing token", "add TELEGRAM_BOT_TOKEN=<token from @BotFather> to "+envFile+
			" and set platforms.telegram.token: ${TELEGRAM_BOT_TOKEN}")
	case t.Token != "" && !tokenShape.MatchString(t.Token.Reveal()):
		r.add(key, "the token is not shaped like a bot token (<bot id>:<secret of 20 or more characters>)",
			"copy the whole token from @BotFather into "+envFile+" as TELEGRAM_BOT_TOKEN=<token>")
	}
}

// isHTTPURL reports whether s is an absolute http or https URL.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// profileNameShape is what a named profile's directory name looks like.
var profileNameShape = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// ValidProfileName reports whether name may name a profile directory under
// <home>/profiles. "default" is reserved for the home directory itself.
func ValidProfileName(name string) bool {
	return name != DefaultProfile && name != reservedMain && profileNameShape.MatchString(name)
}

// reservedMain is the session-key namespace of the default profile, so no
// named profile may take it: its conversations would share keys with the
// default profile's.
const reservedMain = "main"
