package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// TestAccWebhookList_eventsFilterAndNoURLInNames lists webhooks, narrowed by event. Neither the
// display names nor the resource objects show the callback URL, which carries the token that
// authenticates deliveries.
func TestAccWebhookList_eventsFilterAndNoURLInNames(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{})
	c := e.apiClient(t)
	create := func(token string, events ...string) string {
		w, err := c.CreateWebhook(context.Background(), argil.WebhookCreateArgs{CallbackURL: "https://hooks.example.com/argil?token=" + token, Events: events})
		if err != nil {
			t.Fatal(err)
		}
		return w.ID
	}
	videos := create("tok-videos-secret", "VIDEO_GENERATION_SUCCESS", "VIDEO_GENERATION_FAILED")
	avatars := create("tok-avatars-secret", "AVATAR_TRAINING_SUCCESS")
	expectNoPosts(t, e)

	lists := listBlock("webhook", "all", "") +
		listBlock("webhook", "failures", `  config { events = ["VIDEO_GENERATION_FAILED", "AVATAR_TRAINING_FAILED"] }`) +
		listBlock("webhook", "full", "  include_resource = true")
	resource.Test(t, queryTestCase(t, e, lists,
		expectListIDs{"argil_webhook.all", []string{videos, avatars}},
		expectListIDs{"argil_webhook.failures", []string{videos}},
		querycheck.ExpectLength("argil_webhook.failures", 1),
		noSecretInDisplayNames{"tok-"},
		expectResourceObject{"argil_webhook.full", avatars, func(o map[string]any) error {
			if events, _ := o["events"].([]any); len(events) != 1 || events[0] != "AVATAR_TRAINING_SUCCESS" {
				return fmt.Errorf("events %v", o["events"])
			}
			// terraform query -json prints resource objects as they are, sensitive or not.
			if o["callback_url"] != nil {
				return fmt.Errorf("callback_url is in the resource object; it holds the delivery token")
			}
			return nil
		}},
	))
}

// noSecretInDisplayNames fails when a display name contains the secret.
type noSecretInDisplayNames struct{ secret string }

func (c noSecretInDisplayNames) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	for _, r := range req.Query {
		if strings.Contains(r.DisplayName, c.secret) || strings.Contains(r.DisplayName, "hooks.example.com") {
			resp.Error = fmt.Errorf("%s shows %q, which quotes the callback URL", r.Address, r.DisplayName)
			return
		}
	}
}
