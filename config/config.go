// Package config loads a Switchboard home directory: the gateway settings and
// the default profile from <home>/config.yaml and <home>/.env, and each named
// profile from <home>/profiles/<name>/config.yaml and .env. Each profile's
// secrets stay in that profile's own scope; the process environment is read
// only for the default profile and is never modified.
package config

import "time"

// DefaultProfile is the name of the profile that lives in the home directory
// itself. It is reserved: no directory under profiles/ may use it.
const DefaultProfile = "default"

// Home is a loaded home directory: the gateway settings and every profile
// that will be served, in serving order (default first, then by name).
type Home struct {
	// Dir is the home directory's absolute path.
	Dir string
	// Gateway holds the gateway: section of <home>/config.yaml.
	Gateway Gateway
	// Profiles lists the profiles to serve: the default profile first, then
	// the named ones sorted by name.
	Profiles []*Profile
	// Skipped lists profiles left out because of a problem that the
	// gateway.on_profile_error policy allowed to skip, each with its reason.
	Skipped []SkippedProfile
	// Warnings lists, one line each in the form of a Problem, settings that
	// load but are probably not meant, such as a Telegram bot that nobody is
	// allowed to talk to. They are not errors.
	Warnings []string
}

// SkippedProfile is a profile that is not served and why.
type SkippedProfile struct {
	// Name is the profile's directory name under <home>/profiles.
	Name string
	// Reason is the profile's Problems.
	Reason error
}

// Gateway holds process-wide settings. They are read from the gateway:
// section of <home>/config.yaml only, and SWITCHBOARD_<KEY> environment
// variables override them (SWITCHBOARD_MULTIPLEX_PROFILES=true).
type Gateway struct {
	// MultiplexProfiles serves every profile under <home>/profiles as well as
	// the default one. Default false: only the default profile is served.
	MultiplexProfiles bool `koanf:"multiplex_profiles"`
	// Profiles, when not empty, narrows the named profiles served while
	// multiplexing to this list. The default profile is always served.
	// Default empty: every profile directory is served.
	Profiles []string `koanf:"profiles"`
	// OnProfileError decides what a problem in one named profile does at
	// start-up: "fail" (default) stops the gateway with exit code 78, "skip"
	// leaves that profile out and serves the rest.
	OnProfileError string `koanf:"on_profile_error"`
	// DrainTimeout bounds how long a graceful stop waits for turns and
	// replies already in flight. Must be more than 0s. Default 10s.
	DrainTimeout time.Duration `koanf:"drain_timeout"`
	// Listen is the address of the one shared HTTP listener: the API,
	// webhooks, Telegram webhooks and /healthz, /readyz, /status, /metrics
	// for every profile. Default 127.0.0.1:8642; "off" turns it off. On an
	// address other than loopback the default profile must have an
	// API_SERVER_KEY.
	Listen string `koanf:"listen"`
	// MaxBodyBytes caps a request body; a larger one gets 413. Default
	// 1048576 (1 MiB).
	MaxBodyBytes int `koanf:"max_body_bytes"`
	// MaxConcurrentTurns caps agent turns running at once across all
	// profiles. Default 64.
	MaxConcurrentTurns int `koanf:"max_concurrent_turns"`
}

// Profile is one tenant: its own platform accounts, agent and secrets.
type Profile struct {
	// Name is "default" for the home directory's own profile.
	Name string `koanf:"-"`
	// Dir is the directory holding this profile's config.yaml and .env.
	Dir string `koanf:"-"`
	// Env holds the variables of this profile's .env file. They are secret
	// scope: never logged, never copied into the process environment.
	Env map[string]Secret `koanf:"-"`

	// Agent is the agent: section.
	Agent Agent `koanf:"agent"`
	// Sessions is the sessions: section.
	Sessions Sessions `koanf:"sessions"`
	// Platforms is the platforms: section, one subsection per platform.
	Platforms Platforms `koanf:"platforms"`
}

// Agent chooses what answers this profile's messages.
type Agent struct {
	// Kind is the agent backend. Default "echo": the reply repeats the
	// message, which is handy to check that a bot is wired up. "openai"
	// talks to any OpenAI-compatible chat-completions server (see OpenAI);
	// "http" posts each turn to the operator's own service (see HTTP).
	Kind string `koanf:"kind"`
	// HistoryTurns is how many earlier turns (a message and its answer) go
	// to the agent with each message. Default 20; 0 sends none.
	HistoryTurns int `koanf:"history_turns"`
	// MaxConcurrentTurns caps this profile's turns running at once, so one
	// tenant's flood cannot take every agent slot; further turns wait.
	// Default 4.
	MaxConcurrentTurns int `koanf:"max_concurrent_turns"`
	// Timeout bounds one call to the agent: the whole answer or, when
	// streaming, each next piece. Default 2m.
	Timeout time.Duration `koanf:"timeout"`
	// OpenAI is the agent.openai: section, used when Kind is "openai".
	OpenAI OpenAIAgent `koanf:"openai"`
	// HTTP is the agent.http: section, used when Kind is "http".
	HTTP HTTPAgent `koanf:"http"`
}

// OpenAIAgent configures an OpenAI-compatible chat-completions backend.
type OpenAIAgent struct {
	// BaseURL is the API root that /chat/completions is appended to.
	// Default https://api.openai.com/v1; e.g. http://127.0.0.1:11434/v1.
	BaseURL string `koanf:"base_url"`
	// Model is the model id, e.g. gpt-4o-mini. Required with kind openai.
	Model string `koanf:"model"`
	// APIKey is sent as a bearer token. Keep it in the profile's .env:
	// api_key: ${OPENAI_API_KEY}. Default none (local servers).
	APIKey Secret `koanf:"api_key"`
	// SystemPrompt is sent first with every request. Default none.
	SystemPrompt string `koanf:"system_prompt"`
	// MaxTokens caps a reply's length in tokens. Default 0: the server's.
	MaxTokens int `koanf:"max_tokens"`
	// Retries is how often a call that timed out or got a 5xx, 408 or 429
	// is tried again, 0 to 10. Default 2.
	Retries int `koanf:"retries"`
	// Retry shapes the waits between retries. Default 1s doubling to 10s,
	// 20% jitter.
	Retry Backoff `koanf:"retry"`
	// RetryAfterMax is the longest Retry-After waited for; a longer one
	// fails the turn at once. Default 30s.
	RetryAfterMax time.Duration `koanf:"retry_after_max"`
}

// HTTPAgent configures the operator's own agent service.
type HTTPAgent struct {
	// URL receives each turn as a JSON POST. Required with kind http.
	URL string `koanf:"url"`
	// Token is sent as a bearer token. Keep it in the profile's .env:
	// token: ${AGENT_TOKEN}. Default none.
	Token Secret `koanf:"token"`
}

// Sessions shapes how messages are grouped into conversations.
type Sessions struct {
	// PerUserInGroups gives every member of a group chat a conversation of
	// their own instead of one shared by the group. Default true.
	PerUserInGroups bool `koanf:"per_user_in_groups"`
	// IdleTimeout frees a conversation's memory after this long without a
	// message; the next message starts it again. Default 30m.
	IdleTimeout time.Duration `koanf:"idle_timeout"`
	// Busy decides what a message does while a turn runs: "queue"
	// (default) answers it after, in order; "interrupt" cancels the
	// running turn and answers the new message instead.
	Busy string `koanf:"busy"`
}

// Platforms holds one section per chat platform.
type Platforms struct {
	// Telegram is the platforms.telegram: section.
	Telegram Telegram `koanf:"telegram"`
	// APIServer is the OpenAI-compatible API. Only the default profile may
	// configure it; it serves every profile.
	APIServer APIServer `koanf:"api_server"`
	// Webhook is the inbound webhook routes. Only the default profile may
	// configure them; each route may be bound to any profile.
	Webhook Webhook `koanf:"webhook"`
}

// APIServer serves an OpenAI-compatible chat-completions API on the shared
// listener: /v1/... for the default profile and, while multiplexing,
// /p/<profile>/v1/... for each named profile. Each profile's requests need
// that profile's own key, API_SERVER_KEY in its .env; a named profile
// without one refuses every request.
type APIServer struct {
	// Enabled serves the API. Default true.
	Enabled bool `koanf:"enabled"`
	// Model is the model id the API lists and answers as. Default
	// "switchboard".
	Model string `koanf:"model"`
}

// Webhook holds the inbound webhook routes, served at /webhooks/<route>
// (routes of the default profile) and /p/<profile>/webhooks/<route>.
type Webhook struct {
	// Enabled serves the routes. Default false.
	Enabled bool `koanf:"enabled"`
	// Routes maps each route name, the <route> of the URL, to its
	// settings. Default none.
	Routes map[string]WebhookRoute `koanf:"routes"`
}

// WebhookRoute is one inbound webhook.
type WebhookRoute struct {
	// Secret is the HMAC-SHA256 key the sender signs each body with
	// (X-Hub-Signature-256: sha256=<hex>). Required.
	Secret Secret `koanf:"secret"`
	// Profile is the profile whose agent answers the route. Default the
	// default profile.
	Profile string `koanf:"profile"`
	// Prompt is a Go template over the JSON payload that becomes the
	// agent's message, e.g. "{{.action}} on {{.repository.full_name}}".
	// Default: the body as it came.
	Prompt string `koanf:"prompt"`
	// Deliver is where the answer goes: "response" (the HTTP response;
	// default) or "telegram:<chat_id>[:<thread_id>]", sent through the
	// routed profile's own bot while the request is answered 202 at once.
	Deliver string `koanf:"deliver"`
	// DeliveryIDHeader names the header with the sender's delivery id;
	// a delivery seen before is acknowledged and not handled again.
	// Default X-GitHub-Delivery.
	DeliveryIDHeader string `koanf:"delivery_id_header"`
}

// Telegram configures the profile's Telegram bot.
type Telegram struct {
	// Enabled turns the bot on. Default false. A bot that is on needs a
	// token, and answers only AllowedUsers unless AllowAll is set.
	Enabled bool `koanf:"enabled"`
	// Token is the bot token from @BotFather. Keep it in the profile's .env
	// and write token: ${TELEGRAM_BOT_TOKEN} here. Required when enabled.
	Token Secret `koanf:"token"`
	// APIURL is the Bot API server, an absolute http or https URL. Default
	// https://api.telegram.org; point it at a local Bot API server or a
	// test fake.
	APIURL string `koanf:"api_url"`
	// PollTimeout is how long one getUpdates long poll may wait for news,
	// from 0s (short polling) to 50s. Default 30s.
	PollTimeout time.Duration `koanf:"poll_timeout"`
	// AllowedUsers lists the user ids or @usernames who may talk to the bot.
	// Ids may be written as numbers; the @ of a username is dropped when
	// loading. Default empty: nobody, unless AllowAll is set.
	AllowedUsers []string `koanf:"allowed_users"`
	// AllowAll lets every Telegram user talk to the bot. Default false.
	AllowAll bool `koanf:"allow_all"`
	// Mode is how updates arrive: "polling" (default) or "webhook", where
	// Telegram posts them to the shared listener at /p/<profile>/telegram.
	// Webhook mode binds nothing of its own, so any profile may use it.
	Mode string `koanf:"mode"`
	// WebhookURL is the public https address at which Telegram reaches the
	// shared listener (through a reverse proxy), e.g.
	// https://bots.example.com. Required in webhook mode.
	WebhookURL string `koanf:"webhook_url"`
	// ParseMode formats replies: "" sends plain text (default), "HTML" or
	// "MarkdownV2" ask Telegram to parse markup. A chunk Telegram cannot
	// parse is sent again once as plain text.
	ParseMode string `koanf:"parse_mode"`
	// Stream shows a reply while the agent writes it: the message grows by
	// edits at most about once a second and gets a final edit at the end.
	// Default false.
	Stream bool `koanf:"stream"`
	// Restart shapes the waits between restarts of the bot's adapter after
	// transient failures (network errors, 5xx, 429, 409). Default 1s
	// doubling to 60s, 20% jitter.
	Restart Backoff `koanf:"restart"`
}

// Backoff is a capped, jittered exponential backoff: the wait before
// restart n is Initial·2^(n-1), at most Max, less a random part of at most
// JitterPercent percent. It starts again from Initial once the adapter has
// made real progress (a successful poll), not merely started.
type Backoff struct {
	// Initial is the first wait. Default 1s.
	Initial time.Duration `koanf:"initial"`
	// Max caps every wait. Default 60s.
	Max time.Duration `koanf:"max"`
	// JitterPercent is the largest part of a wait, in percent, taken off at
	// random so that many bots do not retry in step. Default 20.
	JitterPercent int `koanf:"jitter_percent"`
}

// Defaults for settings an operator leaves out.
const (
	DefaultAPIURL       = "https://api.telegram.org"
	DefaultPollTimeout  = 30 * time.Second
	DefaultDrainTimeout = 10 * time.Second

	DefaultIdleTimeout = 30 * time.Minute

	DefaultOpenAIBaseURL = "https://api.openai.com/v1"

	DefaultListen       = "127.0.0.1:8642"
	DefaultMaxBodyBytes = 1 << 20
	DefaultModel        = "switchboard"

	DefaultRestartInitial = time.Second
	DefaultRestartMax     = time.Minute
	DefaultRestartJitter  = 20
)
