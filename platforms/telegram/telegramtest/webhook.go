package telegramtest

import (
	"encoding/json"
	"net/url"

	"github.com/go-telegram/bot/models"
)

// WebhookInfo is a bot's webhook as the last setWebhook or deleteWebhook
// left it. The fake records it but never delivers updates to the URL.
type WebhookInfo struct {
	// Set reports whether a webhook is active; getUpdates answers 409 while it is.
	Set bool
	// URL is the webhook URL, empty when none is set.
	URL string
	// SecretToken is the secret_token Telegram would send in
	// X-Telegram-Bot-Api-Secret-Token.
	SecretToken string
	// AllowedUpdates is allowed_updates as given, nil when absent.
	AllowedUpdates []string
}

// Webhook returns token's webhook; the zero WebhookInfo for an unknown token.
func (s *Server) Webhook(token string) WebhookInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.bots[token]
	if !ok {
		return WebhookInfo{}
	}
	info := b.webhook
	info.AllowedUpdates = append([]string(nil), info.AllowedUpdates...)
	return info
}

// setWebhook sets an https webhook on port 80, 88, 443 or 8443; an empty url
// removes it, as in Telegram. drop_pending_updates empties the queue.
func (s *Server) setWebhook(c *call) (any, error) {
	p := c.params
	if p["url"] == "" {
		return s.deleteWebhook(c)
	}
	if err := checkWebhookURL(p["url"]); err != nil {
		return nil, err
	}
	var allowed []string
	if raw := p["allowed_updates"]; raw != "" && json.Unmarshal([]byte(raw), &allowed) != nil {
		return nil, badRequest("can't parse allowed updates JSON object")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	desc := "Webhook was set"
	if c.bot.webhook.Set && c.bot.webhook.URL == p["url"] {
		desc = "Webhook is already set"
	}
	c.bot.webhook = WebhookInfo{Set: true, URL: p["url"], SecretToken: p["secret_token"], AllowedUpdates: allowed}
	c.bot.dropPending(boolParam(p, "drop_pending_updates"))
	return described{result: true, description: desc}, nil
}

// checkWebhookURL applies Telegram's rules for a webhook URL.
func checkWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Hostname() == "" {
		return errWebhookHTTPS
	}
	switch u.Port() {
	case "", "80", "88", "443", "8443":
		return nil
	}
	return errWebhookPort
}

// deleteWebhook removes the webhook; drop_pending_updates empties the queue.
func (s *Server) deleteWebhook(c *call) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	desc := "Webhook is already deleted"
	if c.bot.webhook.Set {
		desc = "Webhook was deleted"
	}
	c.bot.webhook = WebhookInfo{}
	c.bot.dropPending(boolParam(c.params, "drop_pending_updates"))
	return described{result: true, description: desc}, nil
}

// getWebhookInfo answers the webhook and the number of queued updates.
func (s *Server) getWebhookInfo(c *call) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := models.WebhookInfo{URL: c.bot.webhook.URL, PendingUpdateCount: len(c.bot.queue),
		AllowedUpdates: c.bot.webhook.AllowedUpdates}
	if c.bot.webhook.Set {
		info.MaxConnections = 40 // Telegram's default
	}
	return info, nil
}

// dropPending empties the update queue when drop is true.
func (b *botState) dropPending(drop bool) {
	if drop {
		b.dropFront(len(b.queue))
	}
}
