package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// webhookEvents is the WebhookEventSchema enumeration.
var webhookEvents = []string{EventAvatarSuccess, EventAvatarFailed, EventVideoSuccess, EventVideoFailed}

// webhook is the stored form of a v1 Webhook.
type webhook struct {
	seq           int
	id            string
	callbackURL   string
	events        []string
	createdAt     time.Time
	updatedAt     time.Time
	lastTriggered time.Time // zero: never
}

func (e *Emulator) webhookJSON(h *webhook) map[string]any {
	out := map[string]any{
		"id":          h.id,
		"callbackUrl": h.callbackURL,
		"events":      h.events,
		"updatedAt":   formatTime(h.updatedAt),
	}
	out[e.opts.CreatedAtKey] = formatTime(h.createdAt)
	if !h.lastTriggered.IsZero() {
		out["lastTriggeredAt"] = formatTime(h.lastTriggered)
	}
	return out
}

// parseWebhookCreate validates WebhookCreateArgs: the webhook to store.
func (e *Emulator) parseWebhookCreate(body any) (*webhook, error) {
	return e.parseWebhookArgs(body, false)
}

// parseWebhookUpdate validates WebhookUpdateArgs: the fields to change, "" and nil when absent.
func (e *Emulator) parseWebhookUpdate(body any) (*webhook, error) {
	return e.parseWebhookArgs(body, true)
}

// parseWebhookArgs validates WebhookCreateArgs (partial false) or WebhookUpdateArgs
// (partial true) into a webhook's callbackURL and events. Absent fields come back as "" and nil.
func (e *Emulator) parseWebhookArgs(body any, partial bool) (*webhook, error) {
	m, err := object(body, "body")
	if err != nil {
		return nil, err
	}
	if err := onlyKeys(m, "body", "callbackUrl", "events"); err != nil {
		return nil, err
	}
	url, hasURL, err := optString(m, "", "callbackUrl")
	if err != nil {
		return nil, err
	}
	if hasURL {
		if err := absoluteURL(url, "callbackUrl", e.opts.RequireHTTPSWebhookURL); err != nil {
			return nil, err
		}
	} else if !partial {
		return nil, invalid("callbackUrl is required")
	}
	raw, hasEvents := m["events"]
	if !hasEvents {
		if !partial {
			return nil, invalid("events is required")
		}
		return &webhook{callbackURL: url}, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, invalid("events must be an array")
	}
	if len(list) == 0 {
		return nil, invalid("events must contain at least one event")
	}
	events := make([]string, 0, len(list))
	for _, item := range list {
		s, ok := item.(string)
		if !ok || !slices.Contains(webhookEvents, s) {
			return nil, invalid("events items must be one of AVATAR_TRAINING_SUCCESS, AVATAR_TRAINING_FAILED, VIDEO_GENERATION_SUCCESS, VIDEO_GENERATION_FAILED")
		}
		events = append(events, s)
	}
	return &webhook{callbackURL: url, events: events}, nil
}

func (e *Emulator) listWebhooks(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]map[string]any, 0, len(e.webhooks))
	for _, h := range inOrder(e.webhooks, nil) {
		out = append(out, e.webhookJSON(h))
	}
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) createWebhook(w http.ResponseWriter, r *http.Request) {
	h, ok := parseBody(w, r, e.parseWebhookCreate)
	if !ok {
		return
	}
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	h.seq, h.id, h.createdAt, h.updatedAt = e.nextSeq(), newUUID(), now, now
	e.webhooks[h.id] = h
	writeJSON(w, http.StatusCreated, e.webhookJSON(h))
}

// updateWebhook changes only the given fields (a partial update, despite PUT).
func (e *Emulator) updateWebhook(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	known := e.webhooks[r.PathValue("id")]
	e.mu.Unlock()
	if !found(w, known, "Webhook") {
		return
	}
	args, ok := parseBody(w, r, e.parseWebhookUpdate)
	if !ok {
		return
	}
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	h := e.webhooks[r.PathValue("id")]
	if !found(w, h, "Webhook") {
		return
	}
	if args.callbackURL != "" {
		h.callbackURL = args.callbackURL
	}
	if args.events != nil {
		h.events = args.events
	}
	h.updatedAt = now
	writeJSON(w, http.StatusOK, e.webhookJSON(h))
}

func (e *Emulator) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	id := r.PathValue("id")
	if !found(w, e.webhooks[id], "Webhook") {
		return
	}
	delete(e.webhooks, id)
	w.WriteHeader(http.StatusNoContent)
}

// webhookTargets returns the webhooks subscribed to event, oldest first. The caller holds e.mu.
func (e *Emulator) webhookTargets(event string) []target {
	var out []target
	for _, h := range inOrder(e.webhooks, nil) {
		if slices.Contains(h.events, event) {
			out = append(out, target{url: h.callbackURL, webhookID: h.id})
		}
	}
	return out
}

// markTriggered sets a webhook's lastTriggeredAt when an event is sent to it.
func (e *Emulator) markTriggered(webhookID string, at time.Time) {
	if webhookID == "" {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if h := e.webhooks[webhookID]; h != nil {
		h.lastTriggered = at
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps of strings and plain values are encoded
	}
	return b
}
