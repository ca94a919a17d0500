package argil

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Webhook events a v1 webhook can subscribe to.
const (
	EventAvatarTrainingSuccess  = "AVATAR_TRAINING_SUCCESS"
	EventAvatarTrainingFailed   = "AVATAR_TRAINING_FAILED"
	EventVideoGenerationSuccess = "VIDEO_GENERATION_SUCCESS"
	EventVideoGenerationFailed  = "VIDEO_GENERATION_FAILED"
)

// WebhookEvents lists every documented webhook event.
var WebhookEvents = []string{EventAvatarTrainingSuccess, EventAvatarTrainingFailed, EventVideoGenerationSuccess, EventVideoGenerationFailed}

// Webhook is a v1 webhook registration. v1 webhooks have no secret and no signature.
// Unknown fields are ignored; null or absent timestamps are empty strings.
type Webhook struct {
	ID          string   `json:"id"`
	CallbackURL string   `json:"callbackUrl"`
	Events      []string `json:"events"`
	// CreatedAt is read from createdAt, or from createAt (the spelling of a rendered example
	// in Argil's docs) when createdAt is absent.
	CreatedAt       string `json:"createdAt"`
	UpdatedAt       string `json:"updatedAt"`
	LastTriggeredAt string `json:"lastTriggeredAt"`
}

// UnmarshalJSON decodes a Webhook, accepting both createdAt and createAt.
func (w *Webhook) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*w = Webhook{
		ID:              looseString(raw["id"]),
		CallbackURL:     looseString(raw["callbackUrl"]),
		CreatedAt:       looseString(raw["createdAt"]),
		UpdatedAt:       looseString(raw["updatedAt"]),
		LastTriggeredAt: looseString(raw["lastTriggeredAt"]),
	}
	if w.CreatedAt == "" {
		w.CreatedAt = looseString(raw["createAt"])
	}
	if ev, ok := raw["events"]; ok {
		var events []string
		if json.Unmarshal(ev, &events) == nil {
			w.Events = events
		}
	}
	return nil
}

// ListWebhooks returns every webhook of the API key's account (the API does not paginate
// this list).
func (c *Client) ListWebhooks(ctx context.Context) ([]Webhook, error) {
	var list []Webhook
	if _, err := c.do(ctx, request{method: http.MethodGet, path: "/webhooks"}, &list); err != nil {
		return nil, err
	}
	for _, w := range list {
		c.ProtectURL(w.CallbackURL) // the account's callback URLs are secrets like the configured ones
	}
	return list, nil
}

// FindWebhook returns the webhook with this id, and false when no webhook has it. The API has
// no GET /webhooks/{id}: this lists the webhooks and looks for the id.
func (c *Client) FindWebhook(ctx context.Context, id string) (*Webhook, bool, error) {
	list, err := c.ListWebhooks(ctx)
	if err != nil {
		return nil, false, err
	}
	for i := range list {
		if list[i].ID == id {
			return &list[i], true, nil
		}
	}
	return nil, false, nil
}

// WebhookCreateArgs is the body of POST /webhooks.
type WebhookCreateArgs struct {
	// CallbackURL receives a POST for every subscribed event.
	CallbackURL string `json:"callbackUrl"`
	// Events are the subscribed events, at least one (see WebhookEvents).
	Events []string `json:"events"`
}

// CreateWebhook registers a webhook (201). After an ambiguous failure (*AmbiguousError) it is not
// sent again: see WebhookLookup.
func (c *Client) CreateWebhook(ctx context.Context, args WebhookCreateArgs) (*Webhook, error) {
	c.ProtectURL(args.CallbackURL)
	return send[Webhook](ctx, c, request{method: http.MethodPost, path: "/webhooks", body: args})
}

// WebhookLookup finds the webhook of a create whose answer was lost: a webhook with this
// callback URL and these events, created since (the time of the request).
func (c *Client) WebhookLookup(args WebhookCreateArgs, since time.Time) Lookup[Webhook] {
	same := func(w *Webhook) bool {
		return w.CallbackURL == args.CallbackURL && sameSet(w.Events, args.Events)
	}
	return Lookup[Webhook]{
		c: c, kind: KindWebhook, key: strings.Join(args.Events, ","),
		what: fmt.Sprintf("with the same callback URL and events created since %s", since.UTC().Format(time.RFC3339)),
		hint: "list the webhooks (GET /webhooks) and look for the callback URL",
		find: func(ctx context.Context) ([]Webhook, error) {
			list, err := c.ListWebhooks(ctx)
			if err != nil {
				return nil, err
			}
			return createdSince(list, since, same, func(w *Webhook) string { return w.CreatedAt }), nil
		},
		candidate: func(w *Webhook) Candidate { return Candidate{ID: w.ID, CreatedAt: w.CreatedAt} },
	}
}

// sameSet tells whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// WebhookUpdateArgs is the body of PUT /webhooks/{id}. Fields left empty are not sent; the
// API documents both as optional.
type WebhookUpdateArgs struct {
	CallbackURL string   `json:"callbackUrl,omitempty"`
	Events      []string `json:"events,omitempty"`
}

// UpdateWebhook changes a webhook in place (PUT, 200). A webhook that does not exist gives a
// 404 (IsNotFound).
func (c *Client) UpdateWebhook(ctx context.Context, id string, args WebhookUpdateArgs) (*Webhook, error) {
	c.ProtectURL(args.CallbackURL)
	return send[Webhook](ctx, c, request{method: http.MethodPut, path: "/webhooks/" + url.PathEscape(id), body: args})
}

// DeleteWebhook deletes a webhook (204). A webhook that is already gone is not an error.
func (c *Client) DeleteWebhook(ctx context.Context, id string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: "/webhooks/" + url.PathEscape(id)}, nil)
	if IsNotFound(err) {
		return nil
	}
	return err
}
