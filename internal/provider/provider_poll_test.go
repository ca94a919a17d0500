package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

func TestPollConfigFromProviderSettings(t *testing.T) {
	str := func(s string) types.String {
		if s == "" {
			return types.StringNull()
		}
		return types.StringValue(s)
	}
	for _, tc := range []struct {
		min, max         string
		wantMin, wantMax time.Duration
		wantErr          string
	}{
		{"", "", poll.DefaultMinInterval, poll.DefaultMaxInterval, ""},
		{"3s", "", 3 * time.Second, poll.DefaultMaxInterval, ""},
		{"", "1m", poll.DefaultMinInterval, time.Minute, ""},
		{"10s", "10s", 10 * time.Second, 10 * time.Second, ""},
		// Only a minimum above the default maximum: a fixed poll at the minimum.
		{"30s", "", 30 * time.Second, 30 * time.Second, ""},
		{"5s", "2s", 0, 0, "poll_max_interval (2s) is below poll_min_interval (5s)"},
	} {
		got, err := pollConfig(providerModel{PollMinInterval: str(tc.min), PollMaxInterval: str(tc.max)})
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("min %q max %q: error %v, want one containing %q", tc.min, tc.max, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("min %q max %q: %v", tc.min, tc.max, err)
			continue
		}
		want := poll.DefaultConfig()
		want.MinInterval, want.MaxInterval = tc.wantMin, tc.wantMax
		if got != want {
			t.Errorf("min %q max %q: config %+v, want %+v", tc.min, tc.max, got, want)
		}
	}
	// Unknown values (known only at apply) leave the defaults.
	got, err := pollConfig(providerModel{PollMinInterval: types.StringUnknown(), PollMaxInterval: types.StringUnknown()})
	if err != nil || got != poll.DefaultConfig() {
		t.Errorf("unknown intervals: %+v, %v; want the default config", got, err)
	}
}

// pollTestRender renders a video whose render takes 0.5 s of audio and 1.5 s of video with
// the given extra provider arguments, and returns how many GET /videos/{id} the emulator got
// during the apply (the reads of the test harness's plans afterwards are not counted).
func pollTestRender(t *testing.T, providerExtra string) int {
	t.Helper()
	gets := -1
	e := startEmulator(t, phases(500*time.Millisecond, 1500*time.Millisecond))
	id := e.seedIdleVideo("Poll settings")
	accTest(t, resource.TestStep{
		Config: fmt.Sprintf(`
provider "argil" {
  api_key  = %q
  base_url = %q
%s
}
resource "argil_video_render" "test" {
  video_id = %q
}
`, testAPIKey, e.BaseURL, providerExtra, id),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("argil_video_render.test", tfjsonpath.New("status"), knownvalue.StringExact("DONE")),
		},
		Check: resource.ComposeAggregateTestCheckFunc(
			expectRenders(e, id, 1, 1),
			func(*terraform.State) error {
				gets = e.Count("GET /videos/{id}")
				return nil
			},
		),
	})
	return gets
}

// A poll_min_interval longer than the render makes the provider read the video once before
// the render (to decide whether to start it) and once after the floor, which sees DONE. The
// default 1 s floor needs at least one more read for the same 2 s render.
func TestAccProvider_pollMinIntervalTakesEffect(t *testing.T) {
	t.Parallel()
	slow := pollTestRender(t, `  poll_min_interval = "3s"`)
	if slow != 2 {
		t.Errorf("poll_min_interval = \"3s\": %d GET /videos/{id} for a 2 s render, want 2 (the read before the render and one poll after 3 s)", slow)
	}
	def := pollTestRender(t, "")
	t.Logf("GET /videos/{id} during the apply: %d with poll_min_interval = \"3s\", %d with the defaults", slow, def)
	if def <= slow {
		t.Errorf("default poll settings: %d GET /videos/{id}, want more than the %d of poll_min_interval = \"3s\"", def, slow)
	}
}

func TestAccProvider_badPollSettingsFailAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	expectNoRequests(t, e)
	cfg := func(extra string) string {
		return fmt.Sprintf(`
provider "argil" {
  api_key  = %q
  base_url = %q
%s
}
data "argil_video" "x" {
  id = "4b1e6f0e-2d9a-4a51-9a53-7b3c5f2d8e10"
}
`, testAPIKey, e.BaseURL, extra)
	}
	accTest(t,
		planFails(cfg("  poll_min_interval = \"5s\"\n  poll_max_interval = \"2s\""), "Invalid poll intervals", "poll_max_interval (2s) is below poll_min_interval (5s)"),
		planFails(cfg(`  poll_min_interval = "200ms"`), "Duration too short", "200ms is below the minimum of 1s"),
		planFails(cfg(`  poll_max_interval = "2h"`), "Duration too long", "2h0m0s is above the maximum of 10m0s"),
		planFails(cfg(`  poll_max_interval = "often"`), "Invalid duration", `"often" is not a duration`),
	)
}

// renderThree applies three argil_video_render at once with the given extra provider
// arguments and returns the GET /videos (list) and GET /videos/{id} requests of the apply.
func renderThree(t *testing.T, providerExtra string) (pages, gets int) {
	t.Helper()
	e := startEmulator(t, phases(300*time.Millisecond, time.Second))
	ids := []string{e.seedIdleVideo("Batch 1"), e.seedIdleVideo("Batch 2"), e.seedIdleVideo("Batch 3")}
	pages, gets = -1, -1
	accTest(t, resource.TestStep{
		Config: fmt.Sprintf(`
provider "argil" {
  api_key  = %q
  base_url = %q
%s
}
locals {
  ids = [%q, %q, %q]
}
resource "argil_video_render" "test" {
  count    = 3
  video_id = local.ids[count.index]
}
`, testAPIKey, e.BaseURL, providerExtra, ids[0], ids[1], ids[2]),
		Check: func(*terraform.State) error {
			pages, gets = e.Count("GET /videos"), e.Count("GET /videos/{id}")
			for _, id := range ids {
				if e.Renders(id) != 1 {
					return fmt.Errorf("video %s rendered %d times, want 1", id, e.Renders(id))
				}
				if s, _ := e.VideoStatus(id); s != "DONE" {
					return fmt.Errorf("video %s is %s, want DONE", id, s)
				}
			}
			return nil
		},
	})
	return pages, gets
}

// Three renders in one apply share GET /videos pages by default: apart from the read of each
// video before its render (and at most one poll by the first wait to start, while it is
// alone), no video is polled on its own. poll_with_list = false polls each one on its own.
func TestAccProvider_pollWithListTakesEffect(t *testing.T) {
	t.Parallel()
	pages, gets := renderThree(t, "")
	t.Logf("default: %d GET /videos, %d GET /videos/{id}", pages, gets)
	if pages == 0 || gets > 3+1 {
		t.Errorf("default: %d GET /videos and %d GET /videos/{id}; want pages, and only the 3 reads before the renders (+1) by id", pages, gets)
	}
	pages, gets = renderThree(t, "  poll_with_list = false")
	t.Logf("poll_with_list = false: %d GET /videos, %d GET /videos/{id}", pages, gets)
	if pages != 0 || gets < 3+3 {
		t.Errorf("poll_with_list = false: %d GET /videos and %d GET /videos/{id}; want no page, and at least one poll per render after the 3 reads", pages, gets)
	}
}
