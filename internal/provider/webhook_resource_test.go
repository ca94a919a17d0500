package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// hookReceiver is an HTTPS endpoint on loopback that records the events posted to it.
type hookReceiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	bodies []map[string]any
	paths  []string
}

func newHookReceiver(t *testing.T) *hookReceiver {
	t.Helper()
	h := &hookReceiver{}
	h.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(data, &body)
		h.mu.Lock()
		h.bodies = append(h.bodies, body)
		h.paths = append(h.paths, r.URL.RequestURI())
		h.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

// url is an https URL of the receiver with a token in its query, as v1 webhooks are usually secured.
func (h *hookReceiver) url(path string) string { return h.srv.URL + path + "?token=t0k3n" }

func (h *hookReceiver) received() ([]map[string]any, []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.bodies), slices.Clone(h.paths)
}

// newWebhookEmulator starts an emulator whose deliveries trust the receiver's certificate.
func newWebhookEmulator(t *testing.T, h *hookReceiver, opts emulator.Options) *testEmulator {
	opts.HTTPClient = h.srv.Client()
	return startEmulator(t, opts)
}

func webhookConfig(e *testEmulator, url string, events ...string) string {
	quoted := make([]string, len(events))
	for i, ev := range events {
		quoted[i] = fmt.Sprintf("%q", ev)
	}
	return e.providerConfig("") + fmt.Sprintf(`
resource "argil_webhook" "test" {
  callback_url = %q
  events       = [%s]
}
`, url, strings.Join(quoted, ", "))
}

// expectWebhookAtArgil checks what the API stores for the webhook.
func expectWebhookAtArgil(t *testing.T, e *testEmulator, id *string, url string, events ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		w, ok, err := e.apiClient(t).FindWebhook(context.Background(), *id)
		if err != nil || !ok {
			return fmt.Errorf("webhook %s at Argil: found %v, err %v", *id, ok, err)
		}
		got := slices.Sorted(slices.Values(w.Events))
		want := slices.Sorted(slices.Values(events))
		if w.CallbackURL != url || !slices.Equal(got, want) {
			return fmt.Errorf("webhook at Argil = %s %v, want %s %v", w.CallbackURL, got, url, want)
		}
		return nil
	}
}

func TestAccWebhook_lifecycle(t *testing.T) {
	t.Parallel()
	h := newHookReceiver(t)
	e := newWebhookEmulator(t, h, emulator.Options{})
	addr := "argil_webhook.test"
	first, second := h.url("/hooks/argil"), h.url("/hooks/argil-v2")
	var id, idAfterUpdate string
	accTestCase(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			if got := e.Count("DELETE /webhooks/{id}"); got != 1 {
				return fmt.Errorf("DELETE /webhooks/{id} reached the emulator %d time(s), want 1", got)
			}
			list, err := e.apiClient(t).ListWebhooks(context.Background())
			if err != nil || len(list) != 0 {
				return fmt.Errorf("webhooks after destroy = %+v (err %v), want none", list, err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:           webhookConfig(e, first, "VIDEO_GENERATION_SUCCESS"),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("callback_url"), knownvalue.StringExact(first)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("events"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("VIDEO_GENERATION_SUCCESS")})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(rfc3339Pattern)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.StringRegexp(rfc3339Pattern)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("last_triggered_at"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					readStateID("argil_webhook.test", &id),
					expectCount(e, "POST /webhooks", 1),
					expectWebhookAtArgil(t, e, &id, first, "VIDEO_GENERATION_SUCCESS"),
				),
			},
			nothingToDo(webhookConfig(e, first, "VIDEO_GENERATION_SUCCESS")),
			{
				// There is no GET /webhooks/{id}: import reads the webhook from the list.
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// New events and a new URL: one PUT, same webhook.
				Config:           webhookConfig(e, second, "VIDEO_GENERATION_FAILED", "VIDEO_GENERATION_SUCCESS", "AVATAR_TRAINING_FAILED"),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("callback_url"), knownvalue.StringExact(second)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("events"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("AVATAR_TRAINING_FAILED"),
						knownvalue.StringExact("VIDEO_GENERATION_FAILED"),
						knownvalue.StringExact("VIDEO_GENERATION_SUCCESS"),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					readStateID("argil_webhook.test", &idAfterUpdate),
					expectCount(e, "PUT /webhooks/{id}", 1),
					expectCount(e, "POST /webhooks", 1),
					expectCount(e, "DELETE /webhooks/{id}", 0),
					func(*terraform.State) error {
						if idAfterUpdate != id {
							return fmt.Errorf("the webhook id changed on update: %s -> %s", id, idAfterUpdate)
						}
						return nil
					},
					expectWebhookAtArgil(t, e, &id, second, "VIDEO_GENERATION_FAILED", "VIDEO_GENERATION_SUCCESS", "AVATAR_TRAINING_FAILED"),
				),
			},
			{
				// Dropping one event is an update too.
				Config:           webhookConfig(e, second, "VIDEO_GENERATION_SUCCESS"),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionUpdate),
				Check: resource.ComposeAggregateTestCheckFunc(
					expectCount(e, "PUT /webhooks/{id}", 2),
					expectWebhookAtArgil(t, e, &id, second, "VIDEO_GENERATION_SUCCESS"),
				),
			},
		},
	})
}

func TestAccWebhook_receivesTheRenderEvent(t *testing.T) {
	t.Parallel()
	h := newHookReceiver(t)
	e := newWebhookEmulator(t, h, emulator.Options{AudioPhase: 200 * time.Millisecond, VideoPhase: 300 * time.Millisecond})
	video := e.seedIdleVideo("Webhook demo")
	url := h.url("/hooks/argil")
	cfg := e.providerConfig("") + fmt.Sprintf(`
resource "argil_webhook" "test" {
  callback_url = %q
  events       = ["VIDEO_GENERATION_SUCCESS"]
}

resource "argil_video_render" "test" {
  video_id   = %q
  depends_on = [argil_webhook.test]
}
`, url, video)
	var id string
	accTest(t,
		resource.TestStep{
			Config: cfg,
			Check: resource.ComposeAggregateTestCheckFunc(
				readStateID("argil_webhook.test", &id),
				resource.TestCheckResourceAttr("argil_video_render.test", "status", "DONE"),
				func(*terraform.State) error {
					e.Flush() // deliver the events of renders that ended, and wait for them
					var mine []emulator.Delivery
					for _, d := range e.Deliveries() {
						if d.WebhookID == id {
							mine = append(mine, d)
						}
					}
					if len(mine) != 1 || mine[0].Event != "VIDEO_GENERATION_SUCCESS" || mine[0].URL != url || !mine[0].Delivered {
						return fmt.Errorf("deliveries to webhook %s = %+v, want one delivered VIDEO_GENERATION_SUCCESS to %s", id, mine, url)
					}
					bodies, paths := h.received()
					if len(bodies) != 1 || paths[0] != "/hooks/argil?token=t0k3n" {
						return fmt.Errorf("the receiver got %d posts at %v, want 1 at /hooks/argil?token=t0k3n", len(bodies), paths)
					}
					data, _ := bodies[0]["data"].(map[string]any)
					if bodies[0]["event"] != "VIDEO_GENERATION_SUCCESS" || data["videoId"] != video || data["videoUrl"] == nil {
						return fmt.Errorf("payload = %v, want VIDEO_GENERATION_SUCCESS for video %s with its videoUrl", bodies[0], video)
					}
					return nil
				},
			),
		},
		resource.TestStep{
			// The next refresh shows when Argil last called the webhook; nothing else changes.
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("argil_webhook.test", tfjsonpath.New("last_triggered_at"), knownvalue.StringRegexp(rfc3339Pattern)),
			},
		},
	)
}

func TestAccWebhook_driftWhenDeletedOutsideTerraform(t *testing.T) {
	t.Parallel()
	h := newHookReceiver(t)
	e := newWebhookEmulator(t, h, emulator.Options{})
	var id string
	accTest(t,
		resource.TestStep{
			Config: webhookConfig(e, h.url("/hooks"), "AVATAR_TRAINING_SUCCESS"),
			Check:  readStateID("argil_webhook.test", &id),
		},
		// The webhook is no longer listed: refresh drops it and the plan creates it again.
		refreshPlansCreate("argil_webhook.test", func() {
			if err := e.apiClient(t).DeleteWebhook(context.Background(), id); err != nil {
				t.Fatal(err)
			}
		}),
		resource.TestStep{
			Config: webhookConfig(e, h.url("/hooks"), "AVATAR_TRAINING_SUCCESS"),
			Check:  resource.ComposeAggregateTestCheckFunc(expectCount(e, "POST /webhooks", 2)),
		},
	)
}

func TestAccWebhook_badInputFailsAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{})
	expectNoRequests(t, e)
	accTest(t,
		planFails(webhookConfig(e, "http://user:hunter2@hooks.example.com/T0/B0/xoxsecret?token=abc", "VIDEO_GENERATION_SUCCESS"), "Invalid URL", "callback_url must use https://, not http:// (http://hooks.example.com/…)", "only registers HTTPS webhook endpoints"),
		planFails(webhookConfig(e, "https://hooks.example.com/argil"), "Invalid Attribute Value", "events set must contain at least 1 elements"),
		planFails(webhookConfig(e, "https://hooks.example.com/argil", "VIDEO_GENERATION_SUCCESS", "VIDEO_DONE"), "Invalid Attribute Value Match", `value must be one of:`, `"VIDEO_GENERATION_FAILED"`, `got: "VIDEO_DONE"`),
		planFails(webhookConfig(e, "hooks.example.com/argil", "VIDEO_GENERATION_SUCCESS"), "callback_url is not an absolute URL"),
	)
}

func TestAccWebhook_createWithoutAnswerAdoptsTheNewWebhook(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{})
	// The emulator registers the webhook, then closes the connection without an answer.
	e.SetFaults(emulator.Faults{DropAfterAccept: map[string]int{"POST /webhooks": 1}})
	accTest(t, resource.TestStep{
		Config: webhookConfig(e, "https://hooks.example.com/argil?token=s3cret", "VIDEO_GENERATION_SUCCESS", "VIDEO_GENERATION_FAILED"),
		Check: adoptedTheLostCreate(e, "argil_webhook.test", "POST /webhooks", "a duplicate would deliver every event twice",
			func() ([]argil.Webhook, error) { return e.apiClient(t).ListWebhooks(context.Background()) },
			func(w argil.Webhook) string { return w.ID }),
	})
}
