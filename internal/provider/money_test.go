package provider

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// Acceptance tests of the money rule (DESIGN.md) with the emulator playing the readings of
// Argil that its own n8n node allows (emulator README, "Readings of Argil's own client"):
// each asserts exactly one render, the user's outputs set, and a second apply that posts
// nothing.

// scaledClock runs an emulator's clock factor times faster than real time (fastClock), so that
// a render queued for 75 seconds takes 7.5 real seconds at factor 10.
func scaledClock(factor float64) func() time.Time { return newFastClock(factor).Now }

// outputsSet checks that the render at addr is in state with the outputs a user reads:
// video_url, preview_url, duration and aspect_ratio, and the status (DONE or, when Argil
// reports finished renders as IDLE, IDLE).
func outputsSet(addr, status string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s is not in state", addr)
		}
		a := rs.Primary.Attributes
		if a["status"] != status {
			return fmt.Errorf("%s: status %q, want %q", addr, a["status"], status)
		}
		for _, k := range []string{"video_url", "preview_url", "duration", "aspect_ratio"} {
			if a[k] == "" {
				return fmt.Errorf("%s: %s is null in state (attributes: %v)", addr, k, a)
			}
		}
		return nil
	}
}

// rendersExactly checks the emulator's counters for one video: started renders and render
// POSTs received.
func (f *testEmulator) rendersExactly(id string, renders, posts int) func(*terraform.State) error {
	return func(*terraform.State) error {
		if r, n := f.Renders(id), f.Count(renderRoute); r != renders || n != posts {
			return fmt.Errorf("video %s: %d render(s) started and %d render POST(s), want %d and %d (traffic: %s)", id, r, n, renders, posts, f.Summary())
		}
		return nil
	}
}

// renderedOnce checks that the render in state is DONE with its outputs set, after one render
// of video id started by one POST, and the more checks.
func (f *testEmulator) renderedOnce(id string, more ...resource.TestCheckFunc) resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(append([]resource.TestCheckFunc{outputsSet(renderAddr, "DONE"), f.rendersExactly(id, 1, 1)}, more...)...)
}

// rendersOnceThenNothing applies config and checks renderedOnce(id, more...), then applies
// config again: nothing planned, nothing posted (noNewPost).
func (f *testEmulator) rendersOnceThenNothing(t *testing.T, config, id string, more ...resource.TestCheckFunc) {
	t.Helper()
	accTest(t, resource.TestStep{Config: config, Check: f.renderedOnce(id, more...)}, f.noNewPost(config, id))
}

// noNewPost is a second apply of the same configuration: nothing planned, nothing posted.
func (f *testEmulator) noNewPost(config, id string) resource.TestStep {
	return resource.TestStep{
		Config:           config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		Check:            f.rendersExactly(id, 1, 1),
	}
}

func TestAccMoney_renderQueued75s(t *testing.T) {
	t.Parallel()
	// Argil accepts the render and the video reads IDLE for 75 seconds (emulated) while it
	// waits for capacity: the provider waits on it, it never takes IDLE for "not started".
	f, id := startWithIdleVideo(t, fastArgil(emulator.Options{RenderQueue: 75 * time.Second}), "Queued for 75 s")
	// The render POST's answer and at least one poll saw the queued IDLE video.
	f.rendersOnceThenNothing(t, f.renderConfig("", id, ""), id, f.readsAtLeast(3, "the queue was not waited through"))
}

func TestAccMoney_timeoutWhileQueuedThenReapply(t *testing.T) {
	t.Parallel()
	f, id := startWithIdleVideo(t, fastArgil(emulator.Options{RenderQueue: 75 * time.Second}), "Queued past the timeout")
	accTest(t,
		resource.TestStep{
			Config: f.renderConfig("", id, `  timeouts = { create = "2s" }`),
			ExpectError: errorPattern("Timed out waiting for the Argil video render", id, "status IDLE",
				"Argil accepted the render at", "still reads IDLE, as a render waiting in Argil's queue does",
				"without starting (or paying for) a new render"),
		},
		resource.TestStep{
			// The object is tainted: Terraform replaces it. The old object's Delete hands the
			// record of the accepted render to the new Create, which waits on it.
			Config:           f.renderConfig("", id, `  timeouts = { create = "1m" }`),
			ConfigPlanChecks: plansAction(renderAddr, plancheck.ResourceActionReplace),
			Check:            f.renderedOnce(id),
		},
		f.noNewPost(f.renderConfig("", id, `  timeouts = { create = "1m" }`), id),
	)
}

func TestAccMoney_timeoutWhileQueuedThenReapplyCreateBeforeDestroy(t *testing.T) {
	t.Parallel()
	// With create_before_destroy the new object is created before the old one is destroyed,
	// so no Delete hands it the record: the local journal does.
	f, id := startWithIdleVideo(t, fastArgil(emulator.Options{RenderQueue: 75 * time.Second}), "Queued, create before destroy")
	cbd := "  lifecycle {\n    create_before_destroy = true\n  }\n"
	accTest(t,
		applyFails(f.renderConfig("", id, cbd+`  timeouts = { create = "2s" }`), "Timed out waiting for the Argil video render", id, "status IDLE"),
		resource.TestStep{
			Config: f.renderConfig("", id, cbd+`  timeouts = { create = "1m" }`),
			Check:  f.renderedOnce(id),
		},
	)
}

func TestAccMoney_finishedRenderReadsIdle(t *testing.T) {
	t.Parallel()
	// Argil reports finished renders as IDLE with their URLs (its n8n node reads IDLE as
	// success). A render started here ends on it; a video rendered before is adopted.
	f, id := startWithIdleVideo(t, fastArgil(emulator.Options{FinishedReadsIdle: true}), "Idle when done")
	old := f.SeedVideo(emulator.SeedVideo{Name: "Rendered last week", Status: "DONE", AspectRatio: "9:16"})
	config := f.rendersConfig("", "test", id, "old", old)
	accTest(t,
		resource.TestStep{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				outputsSet(renderAddr, "IDLE"),
				outputsSet("argil_video_render.old", "IDLE"),
				f.rendersExactly(id, 1, 1),
				func(*terraform.State) error {
					if r := f.Renders(old); r != 0 {
						return fmt.Errorf("the finished video was rendered %d time(s), want 0 (adopted)", r)
					}
					return nil
				},
			),
		},
		f.noNewPost(config, id),
	)
}

func TestAccMoney_renderAcceptedAfter45s(t *testing.T) {
	t.Parallel()
	// Argil takes 45 seconds (emulated) to answer the render POST; the default
	// create_request_timeout (5 minutes, as Argil's own node) waits for the answer.
	f, id := startWithIdleVideo(t, fastArgil(emulator.Options{SlowAccept: 45 * time.Second}), "Accepted after 45 s")
	f.rendersOnceThenNothing(t, f.renderConfig("", id, ""), id, f.sawFault(renderRoute, 200, 200))
}

func TestAccMoney_renderAcceptedAfter45sSeenByTheReadBack(t *testing.T) {
	t.Parallel()
	// The POST times out first (create_request_timeout 3 s, real), then the read-back window
	// (3 s more) sees Argil start the render at 4.5 s: one apply, one render.
	f, id := startWithIdleVideo(t, fastArgil(emulator.Options{SlowAccept: 45 * time.Second}), "Accepted after the POST gave up")
	// The POST gave up at 3 s; reads of the video then found the render.
	f.rendersOnceThenNothing(t, f.renderConfig(`  create_request_timeout = "3s"`, id, ""), id, f.readsAtLeast(3, "no read-back happened"))
}

func TestAccMoney_renderAcceptedAfter45sThenReapply(t *testing.T) {
	t.Parallel()
	// The read-back window (1 s) ends before Argil starts the render (4.5 s): the apply stops
	// with an error that does not claim nothing was paid; the user applies again and the
	// provider finds the render and waits on it. One render in all.
	f, id := startWithIdleVideo(t, fastArgil(emulator.Options{SlowAccept: 45 * time.Second}), "Accepted after the read-back")
	settings := `  create_request_timeout = "1s"`
	config := f.renderConfig(settings, id, "")
	accTest(t,
		applyFails(config, "Argil render outcome unknown", id, "showed no sign of a render", "may still have accepted it"),
		resource.TestStep{
			PreConfig: func() {
				// Let Argil act on the request the provider gave up on, as a user re-applying a
				// few seconds later would.
				deadline := time.Now().Add(10 * time.Second)
				for f.Renders(id) == 0 && time.Now().Before(deadline) {
					time.Sleep(50 * time.Millisecond)
				}
			},
			Config: config,
			Check:  f.renderedOnce(id),
		},
		f.noNewPost(config, id),
	)
}

func TestAccMoney_shortListItemsTwoRendersWaitingTogether(t *testing.T) {
	t.Parallel()
	// GET /videos items lack previewUrl, duration and aspectRatio (the docs' list schema).
	// Two renders share list polls; neither may end with those fields null in state.
	f := startEmulator(t, fastArgil(emulator.Options{ShortListItems: true}))
	a, b := f.seedIdle("Short item A"), f.seedIdle("Short item B")
	config := f.rendersConfig("", "a", a, "b", b)
	accTest(t,
		resource.TestStep{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				outputsSet("argil_video_render.a", "DONE"),
				outputsSet("argil_video_render.b", "DONE"),
				func(*terraform.State) error {
					if f.Count("GET /videos") == 0 {
						return fmt.Errorf("the renders never shared a list poll: the test proves nothing (traffic: %s)", f.Summary())
					}
					if f.Renders(a) != 1 || f.Renders(b) != 1 {
						return fmt.Errorf("renders %d and %d, want 1 and 1", f.Renders(a), f.Renders(b))
					}
					return nil
				},
			),
		},
		resource.TestStep{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(*terraform.State) error {
				if n := f.Count(renderRoute); n != 2 {
					return fmt.Errorf("%d render POSTs, want 2", n)
				}
				return nil
			},
		},
	)
}

func TestAccMoney_bareArrayListLostCreate(t *testing.T) {
	t.Parallel()
	// GET /videos answers a bare array, and the answer to POST /videos is lost: the lookup by
	// request token cannot read the list, so the outcome is unknown. Never "no video was
	// created", never a second video.
	f := startEmulator(t, emulator.Options{BareArrayList: true})
	f.SetFaults(emulator.Faults{CreateDropAfterAccept: 1})
	config := f.providerConfig(`  create_request_timeout = "2s"`) + `
resource "argil_video" "test" {
  name    = "Lost in a bare list"
  moments = [{ avatar_id = "avatar-1", transcript = "Hi." }]
}
`
	accTest(t,
		applyFails(config, "Argil video creation outcome unknown", "a video may have been created", "bare JSON array"),
		resource.TestStep{
			// The argil_videos data source does not take the bare array for an empty list.
			PreConfig: func() {
				if n := f.Count("POST /videos"); n != 1 {
					t.Fatalf("%d create POSTs, want 1", n)
				}
			},
			Config:      f.providerConfig("") + "\ndata \"argil_videos\" \"all\" {}\n",
			ExpectError: regexp.MustCompile(`bare JSON array`),
		},
	)
}

func TestAccMoney_oddFieldInTheVideo(t *testing.T) {
	// Argil sends the duration as a string, subtitles as a word and an avatar id as a number:
	// those fields are skipped or converted (with a warning in the logs), the rest is read.
	rendersOnceDespite(t, "Odd fields", emulator.Faults{VideoFields: map[string]any{"duration": "12.5", "subtitles": "yes", "moments.0.avatarId": 42}})
}

func TestAccMoney_lowercaseStatuses(t *testing.T) {
	// Argil spells statuses in lower case: they are compared case-insensitively (and stored
	// in their documented spelling), so "done" ends the wait and "idle" is a new video.
	rendersOnceDespite(t, "Lower case", emulator.Faults{LowercaseStatus: true})
}

// rendersOnceDespite renders a new video (named name) with faults in Argil's answers: the render
// ends DONE after one render POST, and a second apply plans and posts nothing.
func rendersOnceDespite(t *testing.T, name string, faults emulator.Faults) {
	t.Parallel()
	f, id := startWithIdleVideo(t, fastArgil(emulator.Options{}), name)
	f.SetFaults(faults)
	f.rendersOnceThenNothing(t, f.renderConfig("", id, ""), id)
}

func TestAccMoney_callbackURLChangesInPlace(t *testing.T) {
	t.Parallel()
	// callback_url only matters for a render this resource starts: changing it, or setting it
	// after an import, records it without a replacement and without a render.
	f, id := startWithIdleVideo(t, fastArgil(emulator.Options{}), "Callback changes")
	hook := func(u string) string { return fmt.Sprintf("  callback_url = %q", u) }
	accTest(t,
		resource.TestStep{
			Config: f.renderConfig("", id, hook("https://hooks.example.com/one")),
			Check:  f.renderedOnce(id),
		},
		resource.TestStep{
			Config:           f.renderConfig("", id, hook("https://hooks.example.com/two")),
			ConfigPlanChecks: plansAction(renderAddr, plancheck.ResourceActionUpdate),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(renderAddr, "callback_url", "https://hooks.example.com/two"),
				f.rendersExactly(id, 1, 1),
			),
		},
	)

	// An imported render with a callback_url in its configuration: an update, no replacement.
	g := startEmulator(t, fastArgil(emulator.Options{}))
	done := g.SeedVideo(emulator.SeedVideo{Name: "Imported", Status: "DONE"})
	accTest(t,
		resource.TestStep{
			Config:             g.renderConfig("", done, hook("https://hooks.example.com/imported")),
			ResourceName:       renderAddr,
			ImportState:        true,
			ImportStateId:      done,
			ImportStatePersist: true,
		},
		resource.TestStep{
			Config:           g.renderConfig("", done, hook("https://hooks.example.com/imported")),
			ConfigPlanChecks: plansAction(renderAddr, plancheck.ResourceActionUpdate),
			Check:            resource.ComposeAggregateTestCheckFunc(outputsSet(renderAddr, "DONE"), g.rendersExactly(done, 0, 0)),
		},
	)
}

func TestAccMoney_nodeValuesAccepted(t *testing.T) {
	t.Parallel()
	// The values Argil's own n8n node sends pass plan-time validation, reach Argil as written,
	// and an emulator that accepts them (AcceptNodeValues) creates the video.
	f := startEmulator(t, emulator.Options{AcceptNodeValues: true})
	body := func(momentLayout, brollLayout, position string) string {
		return fmt.Sprintf(`
resource "argil_video" "test" {
  name      = "Node values"
  moments   = [{ avatar_id = "avatar-1", transcript = "Hi.", layout = %q }]
  subtitles = { enable = true, position = %q }
  auto_brolls = { enable = true, source = "GENERATION", intensity = "LOW", layout = %q }
}
`, momentLayout, position, brollLayout)
	}
	accTest(t,
		resource.TestStep{
			Config:      f.providerConfig("") + body("SIDEWAYS", "NORMAL", "Centered"),
			ExpectError: regexp.MustCompile(`(?s)value must be one of.*"NORMAL".*got: "SIDEWAYS"`),
		},
		resource.TestStep{
			Config: f.providerConfig("") + body("SPLIT_LEFT", "BOTTOM_RIGHT", "Centered"),
			Check: func(*terraform.State) error {
				var sent []byte
				for _, r := range f.Requests() {
					if r.Route == videoCreateRoute {
						sent = r.Body
					}
				}
				for _, want := range []string{`"layout":"SPLIT_LEFT"`, `"layout":"BOTTOM_RIGHT"`, `"position":"Centered"`} {
					if !bytes.Contains(sent, []byte(want)) {
						return fmt.Errorf("the create request %s does not carry %s", sent, want)
					}
				}
				return nil
			},
		},
	)

	// An emulator that follows the docs' enumerations refuses them, with Argil's message.
	strict := startEmulator(t, emulator.Options{})
	accTest(t, applyFails(strict.providerConfig("")+body("SPLIT_LEFT", "BOTTOM_RIGHT", "Centered"), "Argil refused the video", "HTTP 400"))
}

func TestAccMoney_renderPostedToTheConfiguredVideo(t *testing.T) {
	t.Parallel()
	// A server whose answers name another video (issue 14: an answer naming ".." once got
	// POST /v1/videos/../render): the render goes to the configured video_id only, and an
	// answer naming another video is an error, before any render or after an accepted one.
	f, id := startWithIdleVideo(t, fastArgil(emulator.Options{}), "Answers name another video")
	f.SetFaults(emulator.Faults{VideoFields: map[string]any{"id": ".."}})
	config := f.renderConfig("", id, "")
	accTest(t, applyFails(config, "Argil answered with another video", id, `".."`, "No render was requested"))
	if n := f.Count(renderRoute); n != 0 {
		t.Fatalf("%d render POSTs after a read answered with another video, want 0", n)
	}

	// Only the render answer names another video: the render was accepted, so the resource is
	// kept (tainted) and the next apply waits on it without a second render.
	f.SetFaults(emulator.Faults{RenderVideoFields: map[string]any{"id": ".."}})
	accTest(t,
		applyFails(config, "Argil answered with another video", "accepted the render request", `".."`, "tainted", "does not request another one"),
		resource.TestStep{
			Config: config,
			Check: f.renderedOnce(id,
				func(*terraform.State) error {
					var renderPaths []string // every render POST, whatever video it named
					for _, r := range f.Requests() {
						if strings.HasPrefix(r.Route, "POST ") && strings.HasSuffix(r.Path, "/render") {
							renderPaths = append(renderPaths, r.Path)
						}
					}
					if len(renderPaths) != 1 || renderPaths[0] != "/v1/videos/"+id+"/render" {
						return fmt.Errorf("render POSTs went to %v, want only /v1/videos/%s/render", renderPaths, id)
					}
					return nil
				}),
		},
	)
}

func TestAccMoney_momentLayoutAfterImport(t *testing.T) {
	t.Parallel()
	// The API does not return a moment's layout: after an import the first apply records it
	// (an update, no new video); from then on a change of layout replaces the video.
	f := startEmulator(t, emulator.Options{AcceptNodeValues: true})
	moment := emulator.SeedMoment{Transcript: "Hello from an imported video.", AvatarID: emulator.AvatarEmmaID}
	id := f.SeedVideo(emulator.SeedVideo{Name: "Imported", AspectRatio: "16:9", Moments: []emulator.SeedMoment{moment}})
	config := func(layout string) string {
		return f.providerConfig("") + fmt.Sprintf(`
resource "argil_video" "test" {
  name         = "Imported"
  aspect_ratio = "16:9"
  moments      = [{ avatar_id = %q, transcript = %q, layout = %q }]
}
`, emulator.AvatarEmmaID, moment.Transcript, layout)
	}
	accTest(t,
		resource.TestStep{
			Config:           importBlock(videoAddr, id) + config("SPLIT_LEFT"),
			ConfigPlanChecks: plansAction("argil_video.test", plancheck.ResourceActionUpdate),
			Check: func(*terraform.State) error {
				if n := f.Count("POST /videos") + f.Count("DELETE /videos/{id}"); n != 0 {
					return fmt.Errorf("the import's apply created or deleted %d videos, want 0", n)
				}
				return nil
			},
		},
		nothingToDo(config("SPLIT_LEFT")),
		resource.TestStep{
			Config:           config("BACKGROUND"),
			ConfigPlanChecks: plansAction("argil_video.test", plancheck.ResourceActionDestroyBeforeCreate),
		},
	)
}

func TestAccMoney_renderFinishesWhileTaintedThenReapply(t *testing.T) {
	t.Parallel()
	// The create timeout runs out, then the render finishes at Argil before the next apply,
	// whose refresh sees it finished: the replacement adopts it. A tainted object that reads
	// finished is not a -replace of a finished render.
	f, id := startWithIdleVideo(t, fastArgil(emulator.Options{RenderQueue: 30 * time.Second}), "Finished while tainted")
	adopted := f.SeedVideo(emulator.SeedVideo{Name: "Adopted in flight", Status: "GENERATING_AUDIO"})
	config := func(timeout string) string {
		return f.rendersConfig(fmt.Sprintf("  timeouts = { create = %q }", timeout), "test", id, "adopted", adopted)
	}
	accTest(t,
		resource.TestStep{
			Config:      config("1s"),
			ExpectError: regexp.MustCompile(`Timed out waiting for the Argil video render`),
		},
		resource.TestStep{
			PreConfig: func() {
				deadline := time.Now().Add(20 * time.Second)
				for time.Now().Before(deadline) {
					a, _ := f.VideoStatus(id)
					b, _ := f.VideoStatus(adopted)
					if a == "DONE" && b == "DONE" {
						return
					}
					time.Sleep(50 * time.Millisecond)
				}
				t.Fatalf("the renders did not finish")
			},
			Config: config("1m"),
			Check: resource.ComposeAggregateTestCheckFunc(
				outputsSet(renderAddr, "DONE"),
				outputsSet("argil_video_render.adopted", "DONE"),
				f.rendersExactly(id, 1, 1),
				func(*terraform.State) error {
					if r := f.Renders(adopted); r != 0 {
						return fmt.Errorf("the video adopted in flight was rendered %d time(s), want 0", r)
					}
					return nil
				},
			),
		},
	)
}
