// Package emulatortest serves the Argil emulator on loopback for tests and for
// cmd/argilbench: one constructor (Start, or Serve outside a test), and the views of the
// emulator's request log that tests check (answers by route and status, arrival times,
// concurrency). Faults are the emulator's own (emulator.Faults): this package adds none.
//
// It is imported only by tests and cmd/argilbench, never by the provider.
package emulatortest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// Server is an emulator served over HTTP on loopback.
type Server struct {
	*emulator.Emulator
	URL     string // the server's root, "http://127.0.0.1:port"
	BaseURL string // the API's base URL: URL + "/v1"
	APIKey  string // the key the API accepts
	srv     *httptest.Server
}

// Start serves an emulator configured by opts for the duration of the test. opts.APIKey ""
// means emulator.DefaultAPIKey.
func Start(t testing.TB, opts emulator.Options) *Server {
	t.Helper()
	s := Serve(opts, nil)
	t.Cleanup(s.Close)
	return s
}

// Serve serves an emulator configured by opts, through the handler front(emulator) when front
// is not nil (a handler that watches the traffic, such as cmd/argilbench's recorder). Call
// Close when done.
func Serve(opts emulator.Options, front func(*emulator.Emulator) http.Handler) *Server {
	e := emulator.New(opts)
	var h http.Handler = e
	if front != nil {
		h = front(e)
	}
	srv := httptest.NewServer(h)
	key := opts.APIKey
	if key == "" {
		key = emulator.DefaultAPIKey
	}
	return &Server{Emulator: e, URL: srv.URL, BaseURL: srv.URL + "/v1", APIKey: key, srv: srv}
}

// Close stops the emulator first, so that requests it holds (SlowAccept, HangRate) end at
// once, then the server.
func (s *Server) Close() {
	s.Emulator.Close()
	s.srv.Close()
}

// Env is the environment that points the provider (and the probe) at the emulator.
func (s *Server) Env() []string {
	return []string{"ARGIL_BASE_URL=" + s.BaseURL, "ARGIL_API_KEY=" + s.APIKey}
}

// TotalRequests counts every API request the emulator received (Count over every route).
func (s *Server) TotalRequests() int {
	n := 0
	for _, c := range s.Counts() {
		n += c
	}
	return n
}

// Answered counts the answers of route with this status (0: no answer at all: the connection
// was dropped, or the client gave up). Route "" means every route.
func (s *Server) Answered(route string, status int) int {
	return s.AnsweredRange(route, status, status)
}

// AnsweredRange counts the answers of route with a status in [lo, hi]; route "" means every
// route.
func (s *Server) AnsweredRange(route string, lo, hi int) int {
	n := 0
	for _, r := range s.Requests() {
		if (route == "" || r.Route == route) && r.Status >= lo && r.Status <= hi {
			n++
		}
	}
	return n
}

// Received counts the requests of route as they reached the server (a copy that
// Faults.RenderDuplicated adds is not one); route "" means every route.
func (s *Server) Received(route string) int {
	n := 0
	for _, r := range s.Requests() {
		if route == "" || r.Route == route {
			n++
		}
	}
	return n
}

// Arrivals returns when the requests of route arrived, in order.
func (s *Server) Arrivals(route string) []time.Time {
	var out []time.Time
	for _, r := range s.Requests() {
		if r.Route == route {
			out = append(out, r.Arrived)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// MaxConcurrentVideos is the largest number of videos being worked on at the same time, each
// from its first to its last request of its own (GET /videos/{id}, the render POST): in a
// create-only apply, a lower bound on how many resources Terraform ran in parallel. (Renders
// waited on together are polled through shared GET /videos pages, which name no video.)
func (s *Server) MaxConcurrentVideos() int {
	type span struct{ first, last time.Time }
	spans := map[string]*span{}
	for _, r := range s.Requests() {
		if r.Route != "GET /videos/{id}" && r.Route != "POST /videos/{id}/render" {
			continue
		}
		id := strings.TrimSuffix(strings.TrimPrefix(r.Path, "/v1/videos/"), "/render")
		if sp := spans[id]; sp == nil {
			spans[id] = &span{r.Arrived, r.Arrived}
		} else {
			if r.Arrived.Before(sp.first) {
				sp.first = r.Arrived
			}
			if r.Arrived.After(sp.last) {
				sp.last = r.Arrived
			}
		}
	}
	type edge struct {
		at    time.Time
		delta int
	}
	edges := make([]edge, 0, 2*len(spans))
	for _, sp := range spans {
		edges = append(edges, edge{sp.first, +1}, edge{sp.last.Add(time.Nanosecond), -1})
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].at.Before(edges[j].at) })
	n, best := 0, 0
	for _, e := range edges {
		n += e.delta
		best = max(best, n)
	}
	return best
}

// Summary describes the traffic by route and status, for failure messages.
func (s *Server) Summary() string {
	byRoute := map[string]map[int]int{}
	for _, r := range s.Requests() {
		if byRoute[r.Route] == nil {
			byRoute[r.Route] = map[int]int{}
		}
		byRoute[r.Route][r.Status]++
	}
	routes := make([]string, 0, len(byRoute))
	for r := range byRoute {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	var b strings.Builder
	for _, r := range routes {
		fmt.Fprintf(&b, "%s: %v; ", r, byRoute[r])
	}
	return b.String()
}
