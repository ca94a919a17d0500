package emulator

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetFaults(Faults{RateLimit: 2})
	for i := 0; i < 2; i++ {
		h.do("GET", "/v1/videos", nil).expect(t, 200)
	}
	r := h.do("GET", "/v1/videos", nil)
	r.expectError(t, 429, "Too many requests")
	if ra := r.header.Get("Retry-After"); ra != "1" {
		t.Errorf("Retry-After = %q, want 1", ra)
	}
	// Another key has its own bucket (and is refused for its key, not for the rate).
	h.do("GET", "/v1/videos", nil, withKey("other")).expectError(t, 401, "Invalid API key")
	// Half a second later one token is back (2/s).
	h.clock.Advance(500 * time.Millisecond)
	h.do("GET", "/v1/videos", nil).expect(t, 200)
	h.do("GET", "/v1/videos", nil).expect(t, 429)
	if h.emu.Count("GET /videos") != 6 {
		t.Errorf("Count = %d, want 6 (401s and 429s count)", h.emu.Count("GET /videos"))
	}

	h.emu.SetFaults(Faults{RateLimit: 0.25, RetryAfterDate: true})
	h.do("GET", "/v1/videos", nil).expect(t, 200)
	r = h.do("GET", "/v1/videos", nil).expect(t, 429)
	at, err := http.ParseTime(r.header.Get("Retry-After"))
	if want := h.clock.Now().Add(4 * time.Second); err != nil || at.Before(want) || !at.Before(want.Add(time.Second)) {
		t.Errorf("Retry-After = %q (%v), want an HTTP date 4s ahead (rounded up)", r.header.Get("Retry-After"), err)
	}
	h.emu.SetFaults(Faults{})
	for i := 0; i < 20; i++ {
		h.do("GET", "/v1/videos", nil).expect(t, 200)
	}
}

func TestErrorRate(t *testing.T) {
	h := newHarness(t, Options{Seed: 7})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	h.emu.SetFaults(Faults{ErrorRate: 1})
	seen := map[int]bool{}
	for i := 0; i < 30; i++ {
		r := h.do("GET", "/v1/videos/"+id, nil)
		if r.status != 500 && r.status != 502 && r.status != 503 {
			t.Fatalf("status %d with ErrorRate 1", r.status)
		}
		seen[r.status] = true
		if r.status == 502 && !strings.Contains(r.header.Get("Content-Type"), "text/html") {
			t.Errorf("502 should be an HTML page")
		}
	}
	if len(seen) != 3 {
		t.Errorf("statuses seen %v, want 500, 502 and 503", seen)
	}
	// Non-GET requests are not affected.
	h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200)
	h.createVideo(simpleVideo("y"))

	// The same seed gives the same sequence.
	seq := func() string {
		e := New(Options{Seed: 42})
		defer e.Close()
		e.SetFaults(Faults{ErrorRate: 0.5})
		var b strings.Builder
		for i := 0; i < 40; i++ {
			b.WriteString(http.StatusText(httptestRecorder(e, "GET", "/v1/videos", "", DefaultAPIKey).Code)[:1])
		}
		return b.String()
	}
	a, b := seq(), seq()
	if a != b {
		t.Errorf("same seed, different sequences:\n%s\n%s", a, b)
	}
	if !strings.Contains(a, "O") || strings.Count(a, "O") == len(a) {
		t.Errorf("ErrorRate 0.5 gave %s", a)
	}
}

func TestLatency(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetFaults(Faults{Latency: 150 * time.Millisecond})
	start := time.Now()
	h.do("GET", "/v1/videos", nil).expect(t, 200)
	if el := time.Since(start); el < 150*time.Millisecond {
		t.Errorf("answered after %v, want >= 150ms", el)
	}
	// A client that gives up first gets nothing, and the emulator does not act.
	h.emu.SetFaults(Faults{Latency: 2 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", h.srv.URL+"/v1/videos", strings.NewReader(`{"name":"x","moments":[]}`))
	req.Header.Set("x-api-key", DefaultAPIKey)
	start = time.Now()
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatalf("request should have timed out")
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(h.emu.videos); n != 0 || time.Since(start) > time.Second {
		t.Errorf("cancelled request created %d videos", n)
	}
	// Media are not delayed.
	h.do("GET", "/preview/none", nil).expect(t, 404)
}

func TestRenderFaults(t *testing.T) {
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])

	h.emu.SetFaults(Faults{RenderErrorBeforeAccept: 1})
	h.do("POST", "/v1/videos/"+id+"/render", nil).expectError(t, 503, "")
	if s, _ := h.emu.VideoStatus(id); s != "IDLE" || h.emu.Renders(id) != 0 {
		t.Errorf("503 before accept acted: %s, renders %d", s, h.emu.Renders(id))
	}
	if h.emu.CurrentFaults().RenderErrorBeforeAccept != 0 {
		t.Errorf("counter not consumed")
	}

	h.emu.SetFaults(Faults{RenderErrorAfterAccept: 1})
	r := h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 502)
	if !strings.Contains(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), "<html>") {
		t.Errorf("502 after accept should be HTML: %s", r.body)
	}
	if s, _ := h.emu.VideoStatus(id); s != "GENERATING_AUDIO" || h.emu.Renders(id) != 1 {
		t.Errorf("502 after accept did not start the render: %s, renders %d", s, h.emu.Renders(id))
	}
	// The retry meets a video already generating.
	h.do("POST", "/v1/videos/"+id+"/render", nil).expectError(t, 400, "Video is already being generated")

	h.clock.Advance(time.Minute)
	h.emu.SetFaults(Faults{RenderDropAfterAccept: 2})
	if _, err := h.send("POST", "/v1/videos/"+id+"/render", nil); err == nil {
		t.Fatalf("dropped render should fail at the client")
	}
	if s, _ := h.emu.VideoStatus(id); s != "GENERATING_AUDIO" || h.emu.Renders(id) != 2 {
		t.Errorf("dropped render did not start: %s, renders %d", s, h.emu.Renders(id))
	}
	if got := h.emu.CurrentFaults().RenderDropAfterAccept; got != 1 {
		t.Errorf("RenderDropAfterAccept left %d, want 1", got)
	}
	// A refused render does not use the counter up.
	h.do("POST", "/v1/videos/"+id+"/render", nil).expectError(t, 400, "Video is already being generated")
	if got := h.emu.CurrentFaults().RenderDropAfterAccept; got != 1 {
		t.Errorf("RenderDropAfterAccept left %d after a refused render, want 1", got)
	}
	if c := h.emu.Count("POST /videos/{id}/render"); c != 5 {
		t.Errorf("Count(render) = %d, want 5", c)
	}
}

func TestCountersAndReset(t *testing.T) {
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	h.do("GET", "/v1/videos/"+id, nil).expect(t, 200)
	h.do("GET", "/v1/videos/"+id, nil, withKey("bad")).expect(t, 401)
	h.do("GET", "/v1/videos", nil).expect(t, 200)
	h.do("DELETE", "/v1/videos/nope", nil).expect(t, 404)
	want := map[string]int{"POST /videos": 1, "GET /videos/{id}": 2, "GET /videos": 1, "DELETE /videos/{id}": 1, "POST /videos/{id}/render": 0}
	for route, n := range want {
		if got := h.emu.Count(route); got != n {
			t.Errorf("Count(%q) = %d, want %d", route, got, n)
		}
	}
	h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200)
	h.emu.ResetCounters()
	if h.emu.Count("GET /videos/{id}") != 0 || h.emu.Renders(id) != 0 || h.emu.TotalRenders() != 0 {
		t.Errorf("counters not reset")
	}
	b, _ := json.Marshal(h.emu.Counts())
	if string(b) != "{}" {
		t.Errorf("Counts after reset = %s", b)
	}
}

func TestHangRate(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetFaults(Faults{HangRate: 1})
	client := &http.Client{Timeout: 150 * time.Millisecond}
	req, _ := http.NewRequest("GET", h.srv.URL+"/v1/videos", nil)
	req.Header.Set("x-api-key", DefaultAPIKey)
	start := time.Now()
	if _, err := client.Do(req); err == nil {
		t.Fatalf("a hung GET should time out at the client")
	}
	if el := time.Since(start); el < 150*time.Millisecond {
		t.Errorf("gave up after %v", el)
	}
	// Writes are not held.
	h.createVideo(simpleVideo("x"))
	if h.emu.Count("GET /videos") != 1 {
		t.Errorf("hung request not counted")
	}
	// Close releases a hung request.
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest("GET", h.srv.URL+"/v1/videos", nil)
		req.Header.Set("x-api-key", DefaultAPIKey)
		_, err := http.DefaultClient.Do(req)
		done <- err
	}()
	for h.emu.Count("GET /videos") < 2 {
		time.Sleep(time.Millisecond)
	}
	h.emu.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Errorf("a hung request released by Close should fail at the client")
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("Close did not release the hung request")
	}
}

func TestForbiddenRate(t *testing.T) {
	// 403 is not in the contract: checked without the validating client.
	e := New(Options{})
	defer e.Close()
	e.SetFaults(Faults{ForbiddenRate: 1})
	rec := httptestRecorder(e, "POST", "/v1/videos", `{"name":"x","moments":[]}`, DefaultAPIKey)
	if rec.Code != 403 || !strings.Contains(rec.Body.String(), `"code":403`) {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
	if len(e.videos) != 0 {
		t.Errorf("a forbidden create acted")
	}
	e.SetFaults(Faults{})
	if rec := httptestRecorder(e, "GET", "/v1/videos", "", DefaultAPIKey); rec.Code != 200 {
		t.Errorf("after clearing: %d", rec.Code)
	}
}

func TestCreateDropAfterAccept(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetFaults(Faults{CreateDropAfterAccept: 1})
	if _, err := h.send("POST", "/v1/videos", simpleVideo("Ghost")); err == nil {
		t.Fatalf("the create should fail at the client")
	}
	// The video exists although the client never heard of it.
	p := h.do("GET", "/v1/videos?nameSearchQuery=ghost", nil).expect(t, 200).json(t)
	if p["totalItems"] != 1.0 {
		t.Errorf("dropped create stored %v videos, want 1", p["totalItems"])
	}
	h.createVideo(simpleVideo("Second"))
	if h.emu.CurrentFaults().CreateDropAfterAccept != 0 {
		t.Errorf("counter not consumed")
	}
}

func TestVideoBodyFaults(t *testing.T) {
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	// These answers break the contract on purpose, so they bypass the validating client.
	raw := func() (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", h.srv.URL+"/v1/videos/"+id, nil)
		req.Header.Set("x-api-key", DefaultAPIKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	h.emu.SetFaults(Faults{MalformedJSON: 1, HTMLErrorPage: 1, EmptyBody: 1})
	resp, b := raw()
	if resp.StatusCode != 200 || json.Valid(b) || !strings.HasPrefix(string(b), "{") {
		t.Errorf("malformed: %d %s", resp.StatusCode, b)
	}
	resp, b = raw()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(b), "<html>") {
		t.Errorf("html: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	resp, b = raw()
	if resp.StatusCode != 200 || len(b) != 0 {
		t.Errorf("empty: %d %q", resp.StatusCode, b)
	}
	if _, b = raw(); !json.Valid(b) {
		t.Errorf("the faults should be used up: %s", b)
	}
	// Other routes are not affected.
	h.emu.SetFaults(Faults{MalformedJSON: 1})
	h.do("GET", "/v1/videos", nil).expect(t, 200)
	if h.emu.CurrentFaults().MalformedJSON != 1 {
		t.Errorf("GET /videos used up a GET /videos/{id} fault")
	}

	// A huge body is still a valid Video (an unknown field pads it).
	h.emu.SetFaults(Faults{HugeBody: 1, HugeBodySize: 1 << 20})
	r := h.do("GET", "/v1/videos/"+id, nil).expect(t, 200)
	if len(r.body) != 1<<20 || r.json(t)["id"] != id {
		t.Errorf("huge body: %d bytes", len(r.body))
	}
	if r := h.do("GET", "/v1/videos/"+id, nil).expect(t, 200); len(r.body) > 4096 {
		t.Errorf("HugeBody not used up")
	}
}

func TestUnknownFieldAndForceStatus(t *testing.T) {
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	h.emu.SetFaults(Faults{UnknownField: true, ForceStatus: map[string]string{id: "CONTENT_MODERATED"}})
	v := h.do("GET", "/v1/videos/"+id, nil).expect(t, 200).json(t)
	if v["projectType"] == nil || asMap(t, asList(t, v["moments"])[0])["layout"] != "NORMAL" {
		t.Errorf("UnknownField: %v", v)
	}
	if v["status"] != "CONTENT_MODERATED" {
		t.Errorf("ForceStatus: %v", v["status"])
	}
	if s, _ := h.emu.VideoStatus(id); s != "CONTENT_MODERATED" {
		t.Errorf("VideoStatus under ForceStatus: %s", s)
	}
	if l := asList(t, h.do("GET", "/v1/videos", nil).expect(t, 200).json(t)["videos"]); asMap(t, l[0])["status"] != "CONTENT_MODERATED" {
		t.Errorf("list under ForceStatus: %v", l[0])
	}
	h.emu.SetFaults(Faults{})
	v = h.do("GET", "/v1/videos/"+id, nil).expect(t, 200).json(t)
	if v["status"] != "IDLE" || v["projectType"] != nil {
		t.Errorf("after clearing: %v", v)
	}
}
