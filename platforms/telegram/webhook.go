package telegram

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"switchboard/platforms"
	"switchboard/platforms/listener"
)

// webhookPath is where Telegram posts a profile's updates, below the
// profile's prefix on the shared listener.
const webhookPath = "/telegram"

// secretHeader carries the secret token given to setWebhook.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// webhook is the state of a poller in webhook mode.
type webhook struct {
	mounter   listener.Mounter
	publicURL string // the listener's public https base

	mu     sync.Mutex
	secret string
	intake platforms.Intake
	ctx    context.Context
}

// UseWebhook switches the poller to webhook mode: Telegram posts updates
// to publicURL plus the profile's path, served by m.
func (p *Poller) UseWebhook(m listener.Mounter, publicURL string) {
	p.hook = &webhook{mounter: m, publicURL: strings.TrimRight(publicURL, "/")}
}

// runWebhook registers the webhook with a fresh secret and serves it until
// ctx ends. Updates recorded before a crash are handled first. The webhook
// stays set when the gateway stops, so Telegram keeps new updates until
// the next start.
func (p *Poller) runWebhook(ctx context.Context, intake platforms.Intake) error {
	if err := p.connectOnly(ctx); err != nil {
		return p.stopped(ctx, err)
	}
	secret := newSecret()
	h := p.hook
	h.mu.Lock()
	h.secret, h.intake, h.ctx = secret, intake, ctx
	h.mu.Unlock()
	h.mounter.Mount(p.profile, webhookPath, http.HandlerFunc(p.serveUpdate), listener.AuthSelf)
	defer h.mounter.Unmount(p.profile, webhookPath)
	params := map[string]any{"url": h.publicURL + p.routePath(), "secret_token": secret, "drop_pending_updates": false}
	if err := p.call(ctx, "setWebhook", params, nil); err != nil {
		return p.stopped(ctx, err)
	}
	p.log.Info().Str("url", h.publicURL+p.routePath()).Msg("telegram webhook set")
	if err := p.replay(ctx, intake); err != nil {
		return p.stopped(ctx, err)
	}
	intake.Connected()
	intake.Progress()
	<-ctx.Done()
	return nil
}

// routePath is the profile's webhook path as Telegram must call it.
func (p *Poller) routePath() string {
	if p.defaultProfile {
		return webhookPath
	}
	return "/p/" + p.profile + webhookPath
}

// serveUpdate takes one update from Telegram. It answers 200 only once the
// update is durably recorded (or was recorded before), 401 for a wrong
// secret, 400 for a body that is not an update.
func (p *Poller) serveUpdate(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h := p.hook
	h.mu.Lock()
	secret, intake, ctx := h.secret, h.intake, h.ctx
	h.mu.Unlock()
	got := r.Header.Get(secretHeader)
	if secret == "" || subtle.ConstantTimeCompare([]byte(got), []byte(secret)) != 1 {
		http.Error(w, "wrong secret token", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil || !json.Valid(body) {
		http.Error(w, "body is not JSON", http.StatusBadRequest)
		return
	}
	batch, _ := p.batch([]json.RawMessage{body})
	if len(batch) == 0 {
		http.Error(w, "body is not an update", http.StatusBadRequest)
		return
	}
	fresh, err := p.record(r.Context(), batch)
	if err != nil {
		p.log.Error().Err(err).Msg("update not recorded; Telegram will send it again")
		http.Error(w, "not recorded", http.StatusServiceUnavailable)
		return
	}
	for _, it := range fresh {
		p.handle(ctx, intake, it)
	}
	w.WriteHeader(http.StatusOK)
}

// newSecret returns a random secret token for setWebhook.
func newSecret() string {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Errorf("crypto/rand failed: %w", err))
	}
	return hex.EncodeToString(b[:])
}
