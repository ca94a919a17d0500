package provider

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// faultEmulator is an Argil emulator behind a recording front, for the fault-injection
// tests. The emulator injects the faults (its documented knobs); the front only watches what
// the provider sees, like a network capture: the status of every answer (0 when the
// connection was dropped without one), when each request arrived, and how many requests
// were in flight at once. A test may also set an interceptor around the emulator, to turn a
// knob at a precise moment of the apply (for example right after the render POST) or to play
// a proxy in front of the API.
type faultEmulator struct {
	*emulator.Emulator
	BaseURL string

	mu       sync.Mutex
	statuses map[string]map[int]int // route -> status -> answers
	arrivals map[string][]time.Time // route -> arrival times
	byVideo  map[string][]time.Time // video id -> arrival times of its GET /videos/{id} and render POST
	inFlight int
	maxIn    int
	around   interceptor
}

// interceptor wraps the emulator for one request: it may act before and after calling next
// (the emulator), or answer by itself.
type interceptor func(route string, w http.ResponseWriter, r *http.Request, next http.HandlerFunc)

// newFaultEmulator starts an emulator with opts (the test API key unless opts sets one) on
// loopback behind a recording front.
func newFaultEmulator(t *testing.T, opts emulator.Options) *faultEmulator {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = testAPIKey
	}
	if opts.Seed == 0 {
		opts.Seed = 7
	}
	f := &faultEmulator{
		Emulator: emulator.New(opts),
		statuses: map[string]map[int]int{},
		arrivals: map[string][]time.Time{},
		byVideo:  map[string][]time.Time{},
	}
	srv := httptest.NewServer(f)
	t.Cleanup(func() {
		f.Close() // first: requests held by the emulator (SlowAccept) end at once
		srv.Close()
	})
	f.BaseURL = srv.URL + "/v1"
	return f
}

// intercept installs (or, with nil, removes) the interceptor of every API request.
func (f *faultEmulator) intercept(h interceptor) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.around = h
}

// afterFirstRender returns an interceptor that runs fn once, right after the emulator
// answered the first render POST: a knob turned then acts during the wait.
func afterFirstRender(fn func()) interceptor {
	var once sync.Once
	return func(route string, w http.ResponseWriter, r *http.Request, next http.HandlerFunc) {
		next(w, r)
		if route == renderRoute {
			once.Do(fn)
		}
	}
}

var (
	renderPath = regexp.MustCompile(`^/v1/videos/[^/]+/render$`)
	videoPath  = regexp.MustCompile(`^/v1/videos/[^/]+$`)
)

// routeOf names a request like the emulator's counters do ("GET /videos/{id}").
func routeOf(r *http.Request) string {
	p := r.URL.Path
	switch {
	case renderPath.MatchString(p):
		return r.Method + " /videos/{id}/render"
	case videoPath.MatchString(p):
		return r.Method + " /videos/{id}"
	}
	return r.Method + " " + strings.TrimPrefix(p, "/v1")
}

func (f *faultEmulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/v1/") {
		f.Emulator.ServeHTTP(w, r)
		return
	}
	route := routeOf(r)
	f.mu.Lock()
	f.arrivals[route] = append(f.arrivals[route], time.Now())
	if route == getVideoRoute || route == renderRoute {
		id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/v1/videos/"), "/render")
		f.byVideo[id] = append(f.byVideo[id], time.Now())
	}
	f.inFlight++
	f.maxIn = max(f.maxIn, f.inFlight)
	around := f.around
	f.mu.Unlock()
	rec := &recordingWriter{ResponseWriter: w}
	defer func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.inFlight--
		if f.statuses[route] == nil {
			f.statuses[route] = map[int]int{}
		}
		f.statuses[route][rec.status]++
	}()
	if around != nil {
		around(route, rec, r, f.Emulator.ServeHTTP)
	} else {
		f.Emulator.ServeHTTP(rec, r)
	}
	if rec.status == 0 && !rec.hijacked {
		// The handler returned without writing: net/http answers 200, unless the request
		// was cancelled (the client gave up on a slow or held request).
		if r.Context().Err() != nil {
			rec.hijacked = true
		} else {
			rec.status = http.StatusOK
		}
	}
}

// recordingWriter remembers the status of an answer; a hijacked connection (dropped by the
// emulator) keeps status 0.
type recordingWriter struct {
	http.ResponseWriter
	status   int
	hijacked bool
}

func (w *recordingWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *recordingWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.hijacked = true
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

func (w *recordingWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }

// answered returns how many answers of the route had this status (0: no answer at all).
// route "" sums over every route.
func (f *faultEmulator) answered(route string, status int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for r, m := range f.statuses {
		if route == "" || r == route {
			n += m[status]
		}
	}
	return n
}

// answers counts the answers of the route (every status, dropped connections included);
// route "" counts every API request.
func (f *faultEmulator) answers(route string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for r, m := range f.statuses {
		if route == "" || r == route {
			for _, c := range m {
				n += c
			}
		}
	}
	return n
}

// answeredRange counts the answers of the route with a status in [lo, hi].
func (f *faultEmulator) answeredRange(route string, lo, hi int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for r, m := range f.statuses {
		if route == "" || r == route {
			for s, c := range m {
				if s >= lo && s <= hi {
					n += c
				}
			}
		}
	}
	return n
}

// arrivalTimes returns when the route's requests arrived, in order.
func (f *faultEmulator) arrivalTimes(route string) []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := append([]time.Time(nil), f.arrivals[route]...)
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// maxInFlight is the largest number of API requests the front saw at the same time.
func (f *faultEmulator) maxInFlight() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxIn
}

// maxConcurrentVideos is the largest number of videos being worked on at the same time,
// each from its first to its last request of its own (GET /videos/{id}, render POST): in a
// create-only apply, a lower bound on how many resources Terraform ran in parallel. (Renders
// waited on together are polled through shared GET /videos pages, which name no video.)
func (f *faultEmulator) maxConcurrentVideos() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	type edge struct {
		at    time.Time
		delta int
	}
	var edges []edge
	for _, ts := range f.byVideo {
		first, last := ts[0], ts[0]
		for _, t := range ts {
			first, last = minTime(first, t), maxTime(last, t)
		}
		edges = append(edges, edge{first, +1}, edge{last.Add(time.Nanosecond), -1})
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].at.Before(edges[j].at) })
	n, best := 0, 0
	for _, e := range edges {
		n += e.delta
		best = max(best, n)
	}
	return best
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// summary describes the traffic for failure messages.
func (f *faultEmulator) summary() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	routes := make([]string, 0, len(f.statuses))
	for r := range f.statuses {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	var b strings.Builder
	for _, r := range routes {
		fmt.Fprintf(&b, "%s: %v; ", r, f.statuses[r])
	}
	return b.String()
}

// providerConfig points the provider at the emulator, with extra provider arguments.
func (f *faultEmulator) providerConfig(extra string) string {
	return fmt.Sprintf(`
provider "argil" {
  api_key  = %q
  base_url = %q
%s
}
`, testAPIKey, f.BaseURL, extra)
}

// renderConfig is one argil_video_render of videoID, with extra resource arguments.
func (f *faultEmulator) renderConfig(providerExtra, videoID, extra string) string {
	return f.providerConfig(providerExtra) + fmt.Sprintf(`
resource "argil_video_render" "test" {
  video_id = %q
%s
}
`, videoID, extra)
}

// seedIdle adds an IDLE one-moment video and returns its id.
func (f *faultEmulator) seedIdle(name string) string {
	return f.SeedVideo(emulator.SeedVideo{
		Name:        name,
		AspectRatio: "16:9",
		Moments:     []emulator.SeedMoment{{Transcript: "A short line for a fault drill.", AvatarID: emulator.AvatarEmmaID}},
	})
}

// exactlyOneRender checks the money rule for one intended render: the emulator started one
// render of the video, it received posts render POSTs, the state holds the video DONE, and
// the emulator agrees that it is DONE.
func (f *faultEmulator) exactlyOneRender(id string, posts int) func(*terraform.State) error {
	return func(s *terraform.State) error {
		if got := f.Renders(id); got != 1 {
			return fmt.Errorf("the emulator started %d render(s) of video %s, want exactly 1 (traffic: %s)", got, id, f.summary())
		}
		if got := f.Count(renderRoute); got != posts {
			return fmt.Errorf("the emulator received %d render request(s), want %d (traffic: %s)", got, posts, f.summary())
		}
		return f.stateMatches(id, "DONE")(s)
	}
}

// stateMatches checks that argil_video_render.test is in state with this id and status, and
// that the emulator reports the same status.
func (f *faultEmulator) stateMatches(id, status string) func(*terraform.State) error {
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
