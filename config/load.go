package config

import (
	"fmt"
	"path/filepath"
)

// LoadOptions tunes Load.
type LoadOptions struct {
	// Strict reports every problem of every profile that would be served,
	// whatever gateway.on_profile_error says. switchboard check uses it;
	// switchboard run does not, so that the policy applies.
	Strict bool
}

// Load reads the home directory dir: the gateway settings and the default
// profile from config.yaml and .env, then, when gateway.multiplex_profiles
// is on, every named profile under profiles/. environ is the process
// environment as KEY=VALUE entries (os.Environ()); SWITCHBOARD_<KEY>
// entries override gateway settings, and the default profile's ${NAME}
// references fall back to it. Load never changes the environment.
//
// A home directory or config.yaml that does not exist is not an error: it
// loads as Default(dir), with any overrides from environ applied.
//
// A problem in config.yaml or the home .env is always an error. A problem
// in a named profile is an error unless gateway.on_profile_error is skip
// and opts.Strict is off; then the profile goes into Home.Skipped and the
// rest load. The error is Problems, listing every problem found.
func Load(dir string, environ []string, opts LoadOptions) (*Home, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("load config: %w", err)
	}
	l := &loader{dir: abs, environ: environMap(environ), opts: opts}
	return l.load()
}

// loader holds the state of one Load call.
type loader struct {
	dir     string
	environ map[string]string
	opts    LoadOptions
	over    overrides // gateway settings overridden by SWITCHBOARD_<KEY>
	secrets []string  // .env values and tokens seen, scrubbed from problems
	// defaultKey is whether the default profile has an API key.
	defaultKey bool
}

// load reads the home, then the named profiles, and applies the policy.
func (l *loader) load() (*Home, error) {
	home, warnings, fatal := l.loadHome()
	named, listing := l.namedProfiles(&home.Gateway)
	fatal = append(fatal, listing...)
	var bad Problems
	for _, n := range named {
		bad = append(bad, n.probs...)
	}
	if l.opts.Strict {
		bad = append(bad, duplicateTokens(home.Profiles[0], named)...)
	}
	fatal = append(fatal, l.checkRoutes(home, named)...)
	skip := home.Gateway.OnProfileError == OnProfileErrorSkip && !l.opts.Strict
	if len(fatal) > 0 || (len(bad) > 0 && !skip) {
		return nil, scrub(append(fatal, bad...), l.secrets).err()
	}
	for _, n := range named {
		if len(n.probs) > 0 {
			reason := scrub(n.probs, l.secrets).Sorted()
			home.Skipped = append(home.Skipped, SkippedProfile{Name: n.name, Reason: reason})
			continue
		}
		home.Profiles = append(home.Profiles, n.profile)
		warnings = append(warnings, n.warnings...)
	}
	warnings = append(warnings, l.exposureWarning(home)...)
	home.Warnings = scrub(warnings, l.secrets).lines()
	return home, nil
}

// loadHome reads <home>/config.yaml and <home>/.env into the gateway
// settings and the default profile, and returns their warnings and
// problems. Every problem it finds is fatal.
func (l *loader) loadHome() (*Home, Problems, Problems) {
	cfg := filepath.Join(l.dir, "config.yaml")
	gw := &report{file: cfg}
	def := &report{profile: DefaultProfile, file: cfg}

	envFile := filepath.Join(l.dir, ".env")
	env := l.readEnv(envFile, def)
	raw, _, probs := readYAML(cfg)
	gw.probs = append(gw.probs, probs...)
	norm := l.checkHome(raw, scope{envFile: envFile, env: env, environ: l.environ}, gw, def)

	over, probs := gatewayOverrides(l.environ)
	l.over = over
	gw.probs = append(gw.probs, probs...)
	var hf homeFile
	if err := decodeLayers(&hf, gatewayDefaults(), profileDefaults(), norm, over.values); err != nil {
		gw.add("", "the settings do not decode: "+err.Error(), "report this as a bug in switchboard")
	}
	checkGateway(&hf.Gateway, gw, over)
	p := &hf.Profile
	_, hasKey := env[APIKeyVar]
	hasKey = hasKey || l.environ[APIKeyVar] != ""
	l.defaultKey = hasKey
	checkListen(&hf.Gateway, p, hasKey, gw)
	tidyTelegram(&p.Platforms.Telegram)
	warnings := append(gatewayWarnings(&hf.Gateway, cfg, over), checkProfile(p, l.dir, def)...)
	home := &Home{
		Dir:      l.dir,
		Gateway:  hf.Gateway,
		Profiles: []*Profile{finishProfile(p, DefaultProfile, l.dir, env)},
	}
	return home, warnings, append(gw.probs, def.probs...)
}

// checkHome checks the parsed <home>/config.yaml: the gateway section for
// the gateway report, the rest for the default profile's.
func (l *loader) checkHome(raw map[string]any, sc scope, gw, def *report) map[string]any {
	gwRaw, hasGateway := raw["gateway"]
	delete(raw, "gateway")
	norm := l.checker(def, sc, homeSchema).section(raw, homeSchema)
	if v, ok := l.checker(gw, sc, homeSchema).value(gwRaw, gatewaySchema); ok && hasGateway {
		norm["gateway"] = v
	}
	return norm
}

// loadProfile reads the named profile in <home>/profiles/<name>.
func (l *loader) loadProfile(name string) loaded {
	dir := filepath.Join(l.dir, "profiles", name)
	cfg := filepath.Join(dir, "config.yaml")
	r := &report{profile: name, file: cfg}
	envFile := filepath.Join(dir, ".env")
	env := l.readEnv(envFile, r)
	raw, exists, probs := readYAML(cfg)
	r.merge(probs)
	if !exists {
		r.add("", "the profile directory has no config.yaml",
			"create "+cfg+" (an empty file serves the profile with every default), or remove the directory")
		return loaded{name: name, probs: r.probs}
	}
	if _, ok := raw["gateway"]; ok {
		delete(raw, "gateway")
		r.add("gateway", "gateway settings are not allowed in a named profile",
			"move them to the gateway: section of "+filepath.Join(l.dir, "config.yaml"))
	}
	checkPortBinding(raw, name, cfg, r)
	norm := l.checker(r, scope{envFile: envFile, env: env}, profileSchema).section(raw, profileSchema)
	var p Profile
	if err := decodeLayers(&p, profileDefaults(), norm); err != nil {
		r.add("", "the settings do not decode: "+err.Error(), "report this as a bug in switchboard")
	}
	tidyTelegram(&p.Platforms.Telegram)
	warnings := checkProfile(&p, dir, r)
	return loaded{name: name, profile: finishProfile(&p, name, dir, env), probs: r.probs, warnings: warnings}
}

// readEnv reads a profile's .env into r and remembers its values as
// secrets.
func (l *loader) readEnv(path string, r *report) map[string]Secret {
	env, probs := readDotenv(path)
	r.merge(probs)
	for _, v := range env {
		l.secrets = append(l.secrets, v.Reveal())
	}
	return env
}

// checker returns a checker that reports into r and resolves from sc.
func (l *loader) checker(r *report, sc scope, root *node) *checker {
	return &checker{rep: r, scope: sc, root: root, secrets: &l.secrets}
}

// duplicateTokens reports every enabled Telegram bot whose token an earlier
// profile (in serving order) already uses. run refuses the later one at
// start; check says so beforehand.
func duplicateTokens(def *Profile, named []loaded) Problems {
	profiles := []*Profile{def}
	for _, n := range named {
		if n.profile != nil {
			profiles = append(profiles, n.profile)
		}
	}
	var probs Problems
	first := map[string]*Profile{}
	for _, p := range profiles {
		t := p.Platforms.Telegram
		if !t.Enabled || t.Token == "" {
			continue
		}
		holder, seen := first[t.Token.Reveal()]
		if !seen {
			first[t.Token.Reveal()] = p
			continue
		}
		probs = append(probs, Problem{Profile: p.Name, File: filepath.Join(p.Dir, "config.yaml"),
			Key:     "platforms.telegram.token",
			Message: fmt.Sprintf("the same bot token as profile %s (%s); only one profile may poll a token", holder.Name, filepath.Join(holder.Dir, "config.yaml")),
			Fix:     "give profile " + p.Name + " a bot token of its own from @BotFather, or disable telegram in it"})
	}
	return probs
}

// checkRoutes checks the webhook routes of the home config.yaml against
// the profiles that will be served.
func (l *loader) checkRoutes(home *Home, named []loaded) Problems {
	served := map[string]bool{DefaultProfile: true}
	for _, n := range named {
		served[n.name] = len(n.probs) == 0 || home.Gateway.OnProfileError != OnProfileErrorSkip || l.opts.Strict
	}
	r := &report{profile: DefaultProfile, file: filepath.Join(l.dir, "config.yaml")}
	checkWebhookRoutes(&home.Profiles[0].Platforms.Webhook, served, r)
	return r.probs
}

// exposureWarning points out a keyless API on a listener that Telegram
// webhook mode implies is reachable through a public reverse proxy: the
// listener is on loopback, but the proxy may forward more than /telegram.
func (l *loader) exposureWarning(home *Home) Problems {
	def := home.Profiles[0]
	if l.defaultKey || !def.Platforms.APIServer.Enabled || home.Gateway.Listen == ListenOff {
		return nil
	}
	for _, p := range home.Profiles {
		if p.Platforms.Telegram.Enabled && p.Platforms.Telegram.Mode == "webhook" {
			return Problems{{File: filepath.Join(l.dir, ".env"), Key: APIKeyVar,
				Message: "the API has no key, and Telegram webhook mode means a public proxy reaches the listener",
				Fix: "set " + APIKeyVar + " in " + filepath.Join(l.dir, ".env") +
					", or make the proxy forward only the /telegram paths"}}
		}
	}
	return nil
}
