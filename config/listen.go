package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"text/template"
)

// ListenOff is the value of gateway.listen that turns the listener off.
const ListenOff = "off"

// APIKeyVar is the .env variable holding a profile's API key.
const APIKeyVar = "API_SERVER_KEY"

// checkListen checks gateway.listen and gateway.max_body_bytes, and that a
// listener reachable from other machines is not left without a key.
func checkListen(g *Gateway, def *Profile, defKey bool, r *report) {
	if !r.has("gateway.max_body_bytes") && g.MaxBodyBytes <= 0 {
		r.add("gateway.max_body_bytes", "must be more than 0", "set it to a size in bytes such as 1048576")
	}
	if r.has("gateway.listen") || g.Listen == ListenOff {
		return
	}
	host, port, err := net.SplitHostPort(g.Listen)
	if err != nil || port == "" {
		r.add("gateway.listen", "not a host:port address", `set it to an address such as 127.0.0.1:8642, or "off"`)
		return
	}
	if def.Platforms.APIServer.Enabled && !defKey && !IsLoopback(host) {
		r.add("gateway.listen", "the API would be open to the network without a key",
			"add "+APIKeyVar+"=<a long random string> to the home .env, or listen on 127.0.0.1")
	}
}

// IsLoopback reports whether a listen host only accepts connections from
// this machine. An empty host listens on every interface.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// telegramModes are the values of platforms.telegram.mode.
var telegramModes = []string{"polling", "webhook"}

// checkTelegramMode checks mode and webhook_url.
func checkTelegramMode(t *Telegram, r *report) {
	const sec = "platforms.telegram."
	switch {
	case r.has(sec + "mode"):
	case t.Mode != "polling" && t.Mode != "webhook":
		r.add(sec+"mode", "unknown mode", "set it to polling or webhook")
	case t.Mode == "webhook" && !isHTTPS(t.WebhookURL):
		r.add(sec+"webhook_url", "webhook mode needs the public https address of the listener",
			"set it to the https URL your reverse proxy forwards to gateway.listen, e.g. https://bots.example.com")
	}
}

func isHTTPS(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

// deliverShape is a webhook delivery target.
var deliverShape = regexp.MustCompile(`^(response|telegram:-?[0-9]+(:[0-9]+)?)$`)

// checkWebhookRoutes checks each route; served names the profiles a route
// may be bound to.
func checkWebhookRoutes(w *Webhook, served map[string]bool, r *report) {
	for name, rt := range w.Routes {
		key := "platforms.webhook.routes." + name + "."
		if !r.has(key+"secret") && rt.Secret == "" {
			r.add(key+"secret", "missing secret", "set it to ${SOME_VARIABLE} from the home .env; "+
				"the sender signs each body with it (HMAC-SHA256)")
		}
		if rt.Profile != "" && !served[rt.Profile] {
			r.add(key+"profile", fmt.Sprintf("profile %q is not served", rt.Profile),
				"name a profile under profiles/ that the gateway serves, or leave it out for the default profile")
		}
		if rt.Deliver != "" && !deliverShape.MatchString(rt.Deliver) {
			r.add(key+"deliver", "unknown delivery target", `set it to "response" or "telegram:<chat_id>"`)
		}
		if _, err := template.New(name).Parse(rt.Prompt); err != nil {
			r.add(key+"prompt", "not a valid template: "+err.Error(), "fix the {{...}} syntax")
		}
	}
}
