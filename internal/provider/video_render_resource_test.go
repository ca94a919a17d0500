package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func TestAccVideoRender_happyPath(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(500*time.Millisecond, time.Second))
	id := e.seedIdleVideo("Launch teaser")
	addr := "argil_video_render.test"
	accTest(t,
		resource.TestStep{
			Config: e.renderConfig("", id, `  callback_url = "https://hooks.example.com/argil?team=growth"`),
			ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionCreate,
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("video_url")),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("DONE")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Launch teaser")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("aspect_ratio"), knownvalue.StringExact("16:9")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("video_url"), knownvalue.StringRegexp(regexp.MustCompile(`^http://127\.0\.0\.1:\d+/media/`+id+`.*\.mp4$`))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("video_url_subtitled"), knownvalue.StringRegexp(regexp.MustCompile(`^http://127\.0\.0\.1:\d+/media/`+id+`.*\.mp4$`))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("preview_url"), knownvalue.StringRegexp(regexp.MustCompile(`/preview/`+id+`$`))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("duration"), knownvalue.Float64Func(func(v float64) error {
					if v <= 0 {
						return fmt.Errorf("duration %v, want > 0", v)
					}
					return nil
				})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("extras"), knownvalue.MapExact(map[string]knownvalue.Check{"team": knownvalue.StringExact("growth")})),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				expectRenders(e, id, 1, 1),
				func(*terraform.State) error {
					// The callback was sent to the render: the emulator recorded one delivery attempt for it.
					for _, d := range e.Deliveries() {
						if d.URL == "https://hooks.example.com/argil?team=growth" && d.Event == "VIDEO_GENERATION_SUCCESS" {
							return nil
						}
					}
					return fmt.Errorf("no VIDEO_GENERATION_SUCCESS delivery to the callback_url; deliveries: %+v", e.Deliveries())
				},
			),
		},
		resource.TestStep{
			// Same configuration again: nothing to do, and no new render.
			Config: e.renderConfig("", id, `  callback_url = "https://hooks.example.com/argil?team=growth"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: expectRenders(e, id, 1, 1),
		},
	)
}

// A video already rendering, or already rendered, is adopted: its render ends DONE with a
// video URL, and none is started.
func TestAccVideoRender_adoptsRenderInFlightOrDone(t *testing.T) {
	t.Parallel()
	for _, seed := range []emulator.SeedVideo{
		{Name: "Already rendering", Status: "GENERATING_AUDIO"},
		{Name: "Rendered last week", Status: "DONE"},
	} {
		t.Run(seed.Status, func(t *testing.T) {
			t.Parallel()
			e := startEmulator(t, phases(time.Second, time.Second))
			id := e.SeedVideo(seed)
			accTest(t, resource.TestStep{
				Config: e.renderConfig("", id, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("argil_video_render.test", tfjsonpath.New("status"), knownvalue.StringExact("DONE")),
					statecheck.ExpectKnownValue("argil_video_render.test", tfjsonpath.New("video_url"), knownvalue.NotNull()),
				},
				Check: expectRenders(e, id, 0, 0),
			})
		})
	}
}

func TestAccVideoRender_failedThenRetried(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(300*time.Millisecond, 700*time.Millisecond))
	id := e.seedIdleVideo("Will fail once")
	e.FailNextRender(id)
	accTest(t,
		applyFails(e.renderConfig("", id, ""), "Argil video render failed", id, `"Will fail once"`, "status FAILED", "next terraform apply renders the video once more"),
		resource.TestStep{
			PreConfig: e.rendersSoFar(t, id, 1, "after the failed apply"),
			// The failed render left the resource tainted: this apply replaces it and renders once more.
			Config:           e.renderConfig("", id, ""),
			ConfigPlanChecks: plansAction("argil_video_render.test", plancheck.ResourceActionReplace),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("argil_video_render.test", tfjsonpath.New("status"), knownvalue.StringExact("DONE")),
			},
			Check: expectRenders(e, id, 2, 2),
		},
	)
}

func TestAccVideoRender_timeoutThenResumeWithoutSecondRender(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(2*time.Second, 4*time.Second))
	id := e.seedIdleVideo("Slow render")
	accTest(t,
		applyFails(e.renderConfig("", id, `  timeouts = { create = "2s" }`), "Timed out waiting for the Argil video render", id, "status GENERATING_", "The render goes on at Argil", "without starting (or paying for) a new render"),
		resource.TestStep{
			PreConfig: e.rendersSoFar(t, id, 1, "after the timeout"),
			Config:    e.renderConfig("", id, `  timeouts = { create = "1m" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("argil_video_render.test", tfjsonpath.New("status"), knownvalue.StringExact("DONE")),
				statecheck.ExpectKnownValue("argil_video_render.test", tfjsonpath.New("video_url"), knownvalue.NotNull()),
			},
			Check: expectRenders(e, id, 1, 1),
		},
	)
}

func TestAccVideoRender_driftWhenVideoDeleted(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(200*time.Millisecond, 300*time.Millisecond))
	id := e.seedIdleVideo("Deleted behind Terraform's back")
	// Refresh finds the video gone and drops the render from state: the next plan creates it again.
	gone := refreshPlansCreate("argil_video_render.test", func() {
		if !e.DeleteVideo(id) {
			t.Fatal("the emulator did not have the video")
		}
	})
	gone.Check = func(s *terraform.State) error {
		if _, ok := s.RootModule().Resources["argil_video_render.test"]; ok {
			return fmt.Errorf("argil_video_render.test is still in state after its video was deleted")
		}
		return nil
	}
	accTest(t, resource.TestStep{Config: e.renderConfig("", id, "")}, gone)
}

func TestAccVideoRender_import(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(200*time.Millisecond, 300*time.Millisecond))
	id := e.seedIdleVideo("Imported")
	accTest(t,
		resource.TestStep{Config: e.renderConfig("", id, "")},
		resource.TestStep{
			ResourceName:      "argil_video_render.test",
			ImportState:       true,
			ImportStateId:     id,
			ImportStateVerify: true,
			// render_accepted_at records a render this resource requested (an imported one
			// requested none), and finished_at when it saw it finished (here, the import's read).
			ImportStateVerifyIgnore: []string{"timeouts", "render_accepted_at", "finished_at"},
			Check:                   expectRenders(e, id, 1, 1),
		},
	)
}

func TestAccVideoRender_badInputFailsAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	expectNoRequests(t, e)
	accTest(t,
		planFails(e.renderConfig("", "4b1e6f0e-2d9a-4a51-9a53-7b3c5f2d8e10", `  callback_url = "http://hooks.example.com/argil"`), "Invalid URL", "must use https://"),
		planFails(e.renderConfig("", "4b1e6f0e-2d9a-4a51-9a53-7b3c5f2d8e10", `  callback_url = "https://user:secret-pw@hooks.example.com/argil"`+"\n"+`  timeouts = { create = "soon" }`), "Invalid Attribute Value Time Duration"),
		planFails(e.renderConfig("", "  ", ""), "Empty value", "video_id must not be empty"),
		planFails(e.renderConfig("", "/relative", `  callback_url = "hooks.example.com/argil"`), "callback_url is not an absolute URL", "https://"),
	)
}

func TestAccVideoRender_wrongKeyIsAClearAuthError(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	id := e.seedIdleVideo("Secret")
	accTest(t, resource.TestStep{
		Config: fmt.Sprintf(`
provider "argil" {
  api_key  = "wrong-key-123"
  base_url = %q
}
resource "argil_video_render" "test" {
  video_id = %q
}
`, e.BaseURL, id),
		ExpectError: errorPattern("HTTP 401", "API key was rejected", "ARGIL_API_KEY"),
	})
	if n := e.Count("GET /videos/{id}"); n != 1 {
		t.Errorf("GET /videos/{id} received %d times, want 1: an auth error is not retried", n)
	}
	if n := e.Count(renderRoute); n != 0 {
		t.Errorf("%d render request(s) with a wrong key, want 0", n)
	}
}

func TestAccVideoRender_unknownVideoIsAClearError(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	accTest(t, applyFails(e.renderConfig("", "00000000-0000-4000-8000-000000000000", ""), "Video 00000000-0000-4000-8000-000000000000", "No video with this id exists", "HTTP 404"))
}
