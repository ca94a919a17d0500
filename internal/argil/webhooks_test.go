package argil_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func TestWebhookLifecycleAgainstTheEmulator(t *testing.T) {
	e, c := startEmulatorWith(t, emulator.Options{})
	ctx := context.Background()

	w, err := c.CreateWebhook(ctx, argil.WebhookCreateArgs{CallbackURL: "https://hooks.example.com/argil?token=s3cret", Events: []string{argil.EventVideoGenerationSuccess}})
	if err != nil {
		t.Fatal(err)
	}
	if w.ID == "" || w.CallbackURL != "https://hooks.example.com/argil?token=s3cret" || !slices.Equal(w.Events, []string{"VIDEO_GENERATION_SUCCESS"}) || w.CreatedAt == "" || w.UpdatedAt == "" {
		t.Fatalf("created = %+v", w)
	}
	if w.LastTriggeredAt != "" {
		t.Errorf("lastTriggeredAt of a new webhook = %q, want empty", w.LastTriggeredAt)
	}

	found, ok, err := c.FindWebhook(ctx, w.ID)
	if err != nil || !ok || found.ID != w.ID || found.CreatedAt != w.CreatedAt {
		t.Errorf("FindWebhook = %+v, %v, %v; want the webhook", found, ok, err)
	}

	// Events only: the callback URL stays (the API updates the given fields).
	up, err := c.UpdateWebhook(ctx, w.ID, argil.WebhookUpdateArgs{Events: []string{argil.EventVideoGenerationFailed, argil.EventVideoGenerationSuccess}})
	if err != nil {
		t.Fatal(err)
	}
	if up.CallbackURL != w.CallbackURL || len(up.Events) != 2 {
		t.Errorf("after the events update = %+v", up)
	}
	up, err = c.UpdateWebhook(ctx, w.ID, argil.WebhookUpdateArgs{CallbackURL: "https://hooks.example.com/v2"})
	if err != nil || up.CallbackURL != "https://hooks.example.com/v2" || len(up.Events) != 2 {
		t.Errorf("after the URL update = %+v (err %v)", up, err)
	}
	if n := e.Count("PUT /webhooks/{id}"); n != 2 {
		t.Errorf("PUT /webhooks/{id} reached the emulator %d times, want 2", n)
	}

	if err := c.DeleteWebhook(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := c.FindWebhook(ctx, w.ID); ok || err != nil {
		t.Errorf("FindWebhook after delete = %v, %v; want not found", ok, err)
	}
	if err := c.DeleteWebhook(ctx, w.ID); err != nil {
		t.Errorf("deleting a deleted webhook: err = %v, want nil (404 is fine)", err)
	}
	if _, err := c.UpdateWebhook(ctx, w.ID, argil.WebhookUpdateArgs{CallbackURL: "https://x.example.com"}); !argil.IsNotFound(err) {
		t.Errorf("updating a deleted webhook: err = %v, want a 404", err)
	}
}

func TestWebhookReadsCreateAtSpelling(t *testing.T) {
	_, c := startEmulatorWith(t, emulator.Options{CreatedAtKey: "createAt"})
	w, err := c.CreateWebhook(context.Background(), argil.WebhookCreateArgs{CallbackURL: "https://hooks.example.com/a", Events: []string{argil.EventAvatarTrainingSuccess}})
	if err != nil {
		t.Fatal(err)
	}
	if w.CreatedAt == "" {
		t.Errorf("createAt was not read: %+v", w)
	}
	list, err := c.ListWebhooks(context.Background())
	if err != nil || len(list) != 1 || list[0].CreatedAt != w.CreatedAt {
		t.Errorf("ListWebhooks = %+v (err %v), want one webhook with its createAt", list, err)
	}
}

func TestWebhookDecodingTolerance(t *testing.T) {
	var w argil.Webhook
	if err := json.Unmarshal([]byte(`{"id":"w1","callbackUrl":"https://x","events":["VIDEO_GENERATION_SUCCESS","SOMETHING_NEW"],"createdAt":"2026-01-01T00:00:00Z","createAt":"2020-01-01T00:00:00Z","lastTriggeredAt":null,"secret":null}`), &w); err != nil {
		t.Fatal(err)
	}
	if w.CreatedAt != "2026-01-01T00:00:00Z" || w.LastTriggeredAt != "" || len(w.Events) != 2 {
		t.Errorf("decoded %+v: createdAt must win over createAt, null is empty, unknown events are kept", w)
	}
}
