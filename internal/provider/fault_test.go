package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// The fault-injection matrix: each test injects one fault through an emulator knob and
// checks that the apply ends in the right state, that the state agrees with the emulator,
// and that the emulator started exactly one render per intended render. The table in
// templates/guides/reliability.md.tmpl lists every test with its fault.

// oneRenderThrough renders a new video with faults in force (and provider settings), and
// checks the money rule (one render, one render POST, DONE in state and at the emulator) and
// that the fault did happen (an answer of route with a status in [lo, hi]).
func oneRenderThrough(t *testing.T, name string, faults emulator.Faults, settings, route string, lo, hi int) {
	t.Helper()
	f, id := faultyVideo(t, name, faults)
	accTest(t, resource.TestStep{
		Config: f.renderConfig(settings, id, ""),
		Check:  resource.ComposeAggregateTestCheckFunc(f.exactlyOneRender(id, 1), f.sawFault(route, lo, hi)),
	})
}

// faultyVideo starts an emulator with short renders and one IDLE video named name (the
// emulator and the video's id), and injects faults.
func faultyVideo(t *testing.T, name string, faults emulator.Faults) (*testEmulator, string) {
	t.Helper()
	f, id := startWithIdleVideo(t, shortRender, name)
	f.SetFaults(faults)
	return f, id
}

// --- Transient GET failures -------------------------------------------------------------

func TestAccFault_getServerErrors30Percent(t *testing.T) {
	t.Parallel()
	oneRenderThrough(t, "Flaky gateway", emulator.Faults{ErrorRate: 0.3}, "", getVideoRoute, 500, 599)
}

func TestAccFault_getTimeouts(t *testing.T) {
	t.Parallel()
	oneRenderThrough(t, "Hanging reads", emulator.Faults{HangRate: 0.3}, `  request_timeout = "1s"`, getVideoRoute, 0, 0) // held until the client gave up
}

func TestAccFault_slowAPI(t *testing.T) {
	t.Parallel()
	f, id := faultyVideo(t, "Slow API", emulator.Faults{Latency: time.Second})
	accTest(t, resource.TestStep{
		Config: f.renderConfig("", id, ""),
		Check: resource.ComposeAggregateTestCheckFunc(
			f.exactlyOneRender(id, 1),
			func(*terraform.State) error {
				if n := f.Answered("", 0); n != 0 {
					return fmt.Errorf("%d request(s) were abandoned by the client on a slow API: %s", n, f.Summary())
				}
				return nil
			},
		),
	})
}

// --- Rate limits ------------------------------------------------------------------------

// rateLimited renders one video with the emulator limited to 1 request/s, so the render POST
// right after the GET is answered 429, and checks that the provider waited for Retry-After
// and rendered once.
func rateLimited(t *testing.T, dateHeader bool) {
	f, id := faultyVideo(t, "Rate limited", emulator.Faults{RateLimit: 1, RetryAfterDate: dateHeader})
	accTest(t, resource.TestStep{
		Config: f.renderConfig("", id, ""),
		Check: resource.ComposeAggregateTestCheckFunc(
			f.sawFault(renderRoute, 429, 429),
			func(s *terraform.State) error {
				// Every render POST but the accepted one was answered 429 without acting.
				return f.exactlyOneRender(id, f.Answered(renderRoute, 429)+1)(s)
			},
			func(*terraform.State) error {
				// The POST after a 429 came no earlier than its Retry-After (1 s at least).
				times := f.Arrivals(renderRoute)
				for i := 1; i < len(times); i++ {
					if gap := times[i].Sub(times[i-1]); gap < 900*time.Millisecond {
						return fmt.Errorf("render POST %d came %s after a 429 whose Retry-After was at least 1s", i+1, gap)
					}
				}
				return nil
			},
		),
	})
}

func TestAccFault_rateLimit429RetryAfterSeconds(t *testing.T) {
	t.Parallel()
	rateLimited(t, false)
}

func TestAccFault_rateLimit429RetryAfterHTTPDate(t *testing.T) {
	t.Parallel()
	rateLimited(t, true)
}

// --- The render POST ----------------------------------------------------------------------

func TestAccFault_renderDroppedAfterAccept(t *testing.T) {
	t.Parallel()
	oneRenderThrough(t, "Lost render answer", emulator.Faults{RenderDropAfterAccept: 1}, "", renderRoute, 0, 0)
}

func TestAccFault_render5xxAfterAccept(t *testing.T) {
	t.Parallel()
	oneRenderThrough(t, "Render answered 502", emulator.Faults{RenderErrorAfterAccept: 1}, "", renderRoute, 502, 502)
}

func TestAccFault_render503BeforeAccept(t *testing.T) {
	t.Parallel()
	f, id := faultyVideo(t, "Render refused with 503", emulator.Faults{RenderErrorBeforeAccept: 1})
	// A short read-back window keeps the test short (the default is 5 minutes).
	settings := `  create_request_timeout = "3s"`
	accTest(t,
		// A 503 to a POST does not say whether the render started: the provider reads the
		// video over the read-back window, finds it still IDLE, and stops with an error that
		// says what it knows (no sign of a render) and not more (nothing proves none was
		// paid for: a queued render reads IDLE too). It never posts again.
		applyFails(f.renderConfig(settings, id, ""), "Argil render outcome unknown", id, "showed no sign of a render", "last status: IDLE", "may still have accepted it", "HTTP 503"),
		resource.TestStep{
			PreConfig: func() {
				if r, n := f.Renders(id), f.Count(renderRoute); r != 0 || n != 1 {
					t.Fatalf("after the 503: %d render(s) started and %d POST(s), want 0 and 1", r, n)
				}
				// One read before the POST, then reads over the 3-second window (0s, 2s, 3s).
				if n := f.Count("GET /videos/{id}"); n < 4 {
					t.Fatalf("after the 503: %d GET(s) of the video, want at least 4 (the read-back went on over the window)", n)
				}
			},
			Config: f.renderConfig(settings, id, ""),
			Check:  f.exactlyOneRender(id, 2),
		},
	)
}

func TestAccFault_renderAlreadyGeneratingAfterLostAnswer(t *testing.T) {
	t.Parallel()
	f, id := startWithIdleVideo(t, shortRender, "Retried by a proxy")
	// A proxy between the provider and Argil sends the render POST, loses the answer, and
	// sends it again: the second copy finds the render running and gets 400 "Video is already
	// being generated". The provider must read the video and wait, never post again.
	f.SetFaults(emulator.Faults{RenderDuplicated: 1})
	accTest(t, resource.TestStep{
		Config: f.renderConfig("", id, ""),
		Check: resource.ComposeAggregateTestCheckFunc(
			f.sawFault(renderRoute, 400, 400),
			f.exactlyOneRender(id, 2), // the proxy's lost copy and the provider's one
			func(*terraform.State) error {
				if n := f.Received(renderRoute); n != 1 {
					return fmt.Errorf("the provider sent %d render POST(s), want 1", n)
				}
				return nil
			},
		),
	})
}

// --- Broken bodies ------------------------------------------------------------------------

// brokenBody injects a broken GET /videos/{id} body twice: at the read before the render
// (the client retries the GET) and at the first poll of the wait (the waiter polls again).
func brokenBody(t *testing.T, fault emulator.Faults) {
	again := fault
	fault.AfterRender = &again
	f, id := faultyVideo(t, "Broken body", fault)
	accTest(t, resource.TestStep{
		Config: f.renderConfig("", id, ""),
		Check: resource.ComposeAggregateTestCheckFunc(
			f.exactlyOneRender(id, 1),
			func(*terraform.State) error {
				left := f.CurrentFaults()
				if left.MalformedJSON+left.HTMLErrorPage+left.EmptyBody != 0 {
					return fmt.Errorf("the broken body was not served twice: %+v left", left)
				}
				return nil
			},
		),
	})
}

func TestAccFault_malformedJSON(t *testing.T) {
	t.Parallel()
	brokenBody(t, emulator.Faults{MalformedJSON: 1})
}

func TestAccFault_htmlErrorPage(t *testing.T) {
	t.Parallel()
	brokenBody(t, emulator.Faults{HTMLErrorPage: 1})
}

func TestAccFault_emptyBody(t *testing.T) {
	t.Parallel()
	brokenBody(t, emulator.Faults{EmptyBody: 1})
}

func TestAccFault_hugeBody(t *testing.T) {
	t.Parallel()
	huge := emulator.Faults{HugeBody: 1, HugeBodySize: 9 << 20} // above the client's 8 MiB
	f, id := faultyVideo(t, "Huge body", huge)
	accTest(t,
		// Before the render: a clear error, nothing rendered, nothing read past the limit.
		applyFails(f.renderConfig("", id, ""), "Cannot read the video to render", "larger than 8388608 bytes", "not read further"),
		resource.TestStep{
			PreConfig: func() {
				if n := f.Count(renderRoute); n != 0 {
					t.Fatalf("%d render POST(s) after a huge read, want 0", n)
				}
				// During the wait: the waiter polls again.
				f.SetFaults(emulator.Faults{AfterRender: &huge})
			},
			Config: f.renderConfig("", id, ""),
			Check: resource.ComposeAggregateTestCheckFunc(
				f.exactlyOneRender(id, 1),
				func(*terraform.State) error {
					if left := f.CurrentFaults().HugeBody; left != 0 {
						return fmt.Errorf("the huge body was not served during the wait")
					}
					return nil
				},
			),
		},
	)
}

func TestAccFault_unknownFields(t *testing.T) {
	t.Parallel()
	f, id := faultyVideo(t, "Newer API", emulator.Faults{UnknownField: true})
	accTest(t, resource.TestStep{
		Config: f.renderConfig("", id, ""),
		Check:  f.exactlyOneRender(id, 1),
	})
}

// --- Statuses the documentation does not list ---------------------------------------------

func TestAccFault_contentModerated(t *testing.T) {
	t.Parallel()
	f, id := startWithIdleVideo(t, shortRender, "Moderated")
	f.SetFaults(emulator.Faults{AfterRender: &emulator.Faults{ForceStatus: map[string]string{id: "CONTENT_MODERATED"}}})
	accTest(t, applyFails(f.renderConfig("", id, ""), "Argil video render failed", id, "status CONTENT_MODERATED", "content moderation refused the video", "kept in state as tainted"))
	if r, n := f.Renders(id), f.Count(renderRoute); r != 1 || n != 1 {
		t.Errorf("%d render(s) started, %d POST(s); want 1 and 1", r, n)
	}
}

func TestAccFault_unknownStatusWaitedOnUntilTimeout(t *testing.T) {
	t.Parallel()
	// The render outlasts the first apply's timeout: an undocumented status without a videoUrl
	// is waited on (with a videoUrl it would be a finished render, see
	// TestAccMoney_finishedRenderReadsIdle).
	f, id := startWithIdleVideo(t, emulator.Options{AudioPhase: 300 * time.Millisecond, VideoPhase: 5 * time.Second}, "Queued")
	f.SetFaults(emulator.Faults{AfterRender: &emulator.Faults{ForceStatus: map[string]string{id: "QUEUED"}}})
	accTest(t,
		applyFails(f.renderConfig("", id, `  timeouts = { create = "3s" }`), "Timed out waiting for the Argil video render", id, "status QUEUED", "QUEUED, is not one the Argil API documents", "kept waiting on it", "without starting (or paying for) a new render"),
		resource.TestStep{
			// The status clears: the next apply adopts the finished render without a new one.
			PreConfig: func() {
				if n := f.Count(getVideoRoute); n < 3 {
					t.Errorf("the unknown status was polled %d time(s): it was not waited on", n)
				}
				f.SetFaults(emulator.Faults{})
			},
			Config: f.renderConfig("", id, `  timeouts = { create = "1m" }`),
			Check:  f.exactlyOneRender(id, 1),
		},
	)
}

// --- Authentication and missing objects -----------------------------------------------------

// authFails checks that the apply stops at the first request with a clear error.
func authFails(t *testing.T, opts emulator.Options, status string) {
	f, id := startWithIdleVideo(t, opts, "Key rejected")
	accTest(t, applyFails(f.renderConfig("", id, ""), "Cannot read the video to render", "Check the API key", "HTTP "+status, "check"))
	if n := f.Count(getVideoRoute); n != 1 {
		t.Errorf("GET /videos/{id} received %d time(s), want 1: an auth error is not retried", n)
	}
	if n := f.Count(renderRoute); n != 0 {
		t.Errorf("%d render POST(s), want 0", n)
	}
}

func TestAccFault_unauthorized401(t *testing.T) {
	t.Parallel()
	authFails(t, emulator.Options{APIKey: "another-workspace-key"}, "401")
}

func TestAccFault_unauthorizedAnswered403(t *testing.T) {
	t.Parallel()
	authFails(t, emulator.Options{APIKey: "another-workspace-key", UnauthorizedStatus: http.StatusForbidden}, "403")
}

func TestAccFault_forbiddenRender403(t *testing.T) {
	t.Parallel()
	f, id := faultyVideo(t, "Plan without API access", emulator.Faults{OnRender: &emulator.Faults{ForbiddenRate: 1}})
	accTest(t, applyFails(f.renderConfig("", id, ""), "Cannot start the render", id, "Check the API key", "HTTP 403", "paid plan"))
	if r, n := f.Renders(id), f.Count(renderRoute); r != 0 || n != 1 {
		t.Errorf("%d render(s) started, %d POST(s); want 0 and 1 (a 403 is not retried)", r, n)
	}
}

func TestAccFault_renderNotFound404(t *testing.T) {
	t.Parallel()
	f, id := faultyVideo(t, "Deleted before its render", emulator.Faults{RenderVideoGone: 1}) // deleted in the Argil app between the read and the render
	accTest(t, applyFails(f.renderConfig("", id, ""), "Cannot start the render", id, "No video with this id exists", "HTTP 404"))
	if n := f.Count(renderRoute); n != 1 {
		t.Errorf("%d render POST(s), want 1 (a 404 is not retried)", n)
	}
}

// --- Provider knobs -------------------------------------------------------------------------

func TestAccFault_providerMaxRetries(t *testing.T) {
	t.Parallel()
	f, id := faultyVideo(t, "Always 5xx", emulator.Faults{ErrorRate: 1})
	accTest(t,
		applyFails(f.renderConfig("  max_retries = 0", id, ""), "Cannot read the video to render", "HTTP 50"),
		resource.TestStep{
			PreConfig: func() {
				if n := f.Count(getVideoRoute); n != 1 {
					t.Errorf("max_retries = 0: %d GET(s), want 1", n)
				}
				f.ResetCounters()
			},
			Config:      f.renderConfig("  max_retries = 2", id, ""),
			ExpectError: errorPattern("Cannot read the video to render", "HTTP 50"),
		},
	)
	if n := f.Count(getVideoRoute); n != 3 {
		t.Errorf("max_retries = 2: %d GET(s), want 3", n)
	}
}

func TestAccFault_providerRequestTimeout(t *testing.T) {
	t.Parallel()
	f, id := faultyVideo(t, "Never answers", emulator.Faults{HangRate: 1})
	accTest(t, applyFails(f.renderConfig("  max_retries = 0\n  request_timeout = \"1s\"", id, ""), "Cannot read the video to render", "no answer within the request timeout of 1s"))
	if n, dropped := f.Count(getVideoRoute), f.Answered(getVideoRoute, 0); n != 1 || dropped != 1 {
		t.Errorf("%d GET(s), %d abandoned; want 1 and 1", n, dropped)
	}
}

func TestAccFault_providerMaxRequestsPerSecond(t *testing.T) {
	t.Parallel()
	f := startEmulator(t, shortRender)
	var cfg strings.Builder
	// Without list pages, so that each data source sends its own GET (with pages, the four
	// reads would cost one page: TestAccRefresh_*).
	cfg.WriteString(f.providerConfig("  max_requests_per_second = 2\n  poll_with_list = false"))
	for i := range 4 {
		id := f.SeedVideo(emulator.SeedVideo{Name: fmt.Sprintf("Read %d", i), Status: "DONE"})
		fmt.Fprintf(&cfg, "data \"argil_video\" \"v%d\" {\n  id = %q\n}\n", i, id)
	}
	accTest(t, resource.TestStep{
		Config: cfg.String(),
		Check: func(*terraform.State) error {
			// Four reads issued at once by Terraform: a burst of 2, then one per 0.5 s.
			times := f.Arrivals(getVideoRoute)
			if len(times) < 4 {
				return fmt.Errorf("%d reads, want at least 4", len(times))
			}
			if span := times[3].Sub(times[0]); span < 900*time.Millisecond {
				return fmt.Errorf("4 reads arrived within %s with max_requests_per_second = 2, want at least 0.9s", span)
			}
			return nil
		},
	})
}
