package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// The helpers of the tests of argil_video_render (the fault, money and refresh tests among
// them): a configuration, a seeded video, and the money rule as a state check.

// renderConfig is one argil_video_render of videoID, with extra resource arguments.
func (f *testEmulator) renderConfig(providerExtra, videoID, extra string) string {
	return renderConfigAt(f.BaseURL, providerExtra, videoID, extra)
}

// renderConfigAt is renderConfig for the API at baseURL.
func renderConfigAt(baseURL, providerExtra, videoID, extra string) string {
	return providerBlock(baseURL, providerExtra) + fmt.Sprintf(`
resource "argil_video_render" "test" {
  video_id = %q
%s
}
`, videoID, extra)
}

// rendersConfig is one argil_video_render per pair of namesAndIDs (the resource's name, then
// the id of its video), each with the extra arguments.
func (f *testEmulator) rendersConfig(extra string, namesAndIDs ...string) string {
	config := f.providerConfig("")
	for i := 0; i+1 < len(namesAndIDs); i += 2 {
		config += fmt.Sprintf("\nresource \"argil_video_render\" %q {\n  video_id = %q\n%s\n}\n", namesAndIDs[i], namesAndIDs[i+1], extra)
	}
	return config
}

// seedIdle adds an IDLE one-moment video and returns its id.
func (f *testEmulator) seedIdle(name string) string {
	return f.SeedVideo(emulator.SeedVideo{
		Name:        name,
		AspectRatio: "16:9",
		Moments:     []emulator.SeedMoment{{Transcript: "A short line for a fault drill.", AvatarID: emulator.AvatarEmmaID}},
	})
}

// startWithIdleVideo starts an emulator with opts and seeds one IDLE video named name
// (seedIdle): the emulator and the video's id.
func startWithIdleVideo(t *testing.T, opts emulator.Options, name string) (*testEmulator, string) {
	t.Helper()
	f := startEmulator(t, opts)
	return f, f.seedIdle(name)
}

// rendersSoFar is a PreConfig that stops the test unless the emulator has started want
// renders of video id (when: the moment, for the message).
func (f *testEmulator) rendersSoFar(t *testing.T, id string, want int, when string) func() {
	return func() {
		if got := f.Renders(id); got != want {
			t.Fatalf("%s: %d renders, want %d", when, got, want)
		}
	}
}

// readsAtLeast checks that the emulator answered at least count GETs of a video (why: what
// fewer would mean).
func (f *testEmulator) readsAtLeast(count int, why string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := f.Count(getVideoRoute); n < count {
			return fmt.Errorf("%d GET(s) of the video: %s (traffic: %s)", n, why, f.Summary())
		}
		return nil
	}
}

// exactlyOneRender checks the money rule for one intended render: the emulator started one
// render of the video, it received posts render POSTs, the state holds the video DONE, and
// the emulator agrees that it is DONE.
func (f *testEmulator) exactlyOneRender(id string, posts int) func(*terraform.State) error {
	return func(s *terraform.State) error {
		if got := f.Renders(id); got != 1 {
			return fmt.Errorf("the emulator started %d render(s) of video %s, want exactly 1 (traffic: %s)", got, id, f.Summary())
		}
		if got := f.Count(renderRoute); got != posts {
			return fmt.Errorf("the emulator received %d render request(s), want %d (traffic: %s)", got, posts, f.Summary())
		}
		return f.stateMatches(id, "DONE")(s)
	}
}

// stateMatches checks that argil_video_render.test is in state with this id and status, and
// that the emulator reports the same status.
func (f *testEmulator) stateMatches(id, status string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources["argil_video_render.test"]
		if !ok {
			return fmt.Errorf("argil_video_render.test is not in state")
		}
		if rs.Primary.ID != id || rs.Primary.Attributes["status"] != status {
			return fmt.Errorf("state has id %q status %q, want %q %q", rs.Primary.ID, rs.Primary.Attributes["status"], id, status)
		}
		if got, _ := f.VideoStatus(id); got != status {
			return fmt.Errorf("the emulator says video %s is %s, the state says %s", id, got, status)
		}
		if status == "DONE" && rs.Primary.Attributes["video_url"] == "" {
			return fmt.Errorf("video_url is empty in state for a DONE video")
		}
		return nil
	}
}

const renderRoute = "POST /videos/{id}/render"

// expectRenders checks how many renders the emulator processed for the video and how many
// render requests it received.
func expectRenders(e *testEmulator, id string, renders, posts int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.Renders(id); got != renders {
			return fmt.Errorf("the emulator processed %d render(s) of video %s, want %d", got, id, renders)
		}
		if got := e.Count(renderRoute); got != posts {
			return fmt.Errorf("the emulator received %d render request(s), want %d", got, posts)
		}
		return nil
	}
}

const getVideoRoute = "GET /videos/{id}"

// short render phases keep every fault test within a few seconds.
var shortRender = emulator.Options{AudioPhase: 300 * time.Millisecond, VideoPhase: 700 * time.Millisecond}

// sawFault checks that the emulator answered route at least once with a status in [lo, hi]
// (0 for a connection dropped without an answer): the fault did happen.
func (f *testEmulator) sawFault(route string, lo, hi int) func(*terraform.State) error {
	return func(*terraform.State) error {
		if f.AnsweredRange(route, lo, hi) == 0 {
			return fmt.Errorf("the emulator never answered %q with a status in [%d, %d]: the fault did not happen (traffic: %s)", route, lo, hi, f.Summary())
		}
		return nil
	}
}

// fastArgil is an emulator ten times faster than real time, with the default phases (2 s of
// audio and 4 s of video, emulated).
func fastArgil(opts emulator.Options) emulator.Options {
	opts.Now = scaledClock(10)
	return opts
}

const renderAddr = "argil_video_render.test"
