package emulator

import (
	"encoding/json"
	"net"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestAdminAPI(t *testing.T) {
	rc := newReceiver(t)
	h := newHarness(t, Options{HTTPClient: rc.srv.Client()})

	// Seed a video over HTTP.
	r := h.do("POST", "/_emulator/videos", map[string]any{"name": "Drill", "status": "IDLE", "subtitles": true,
		"moments": []any{map[string]any{"transcript": "hello", "avatarId": "a"}}, "extras": map[string]any{"k": "v"}}, withKey(""))
	r.expect(t, http.StatusCreated)
	id := asStr(t, r.json(t)["id"])
	if s, ok := h.emu.VideoStatus(id); !ok || s != "IDLE" {
		t.Fatalf("seeded video: %q %v", s, ok)
	}
	h.do("POST", "/_emulator/videos", map[string]any{"nme": "typo"}).expect(t, 400)

	// Force a failure, then render it with a callback.
	h.do("POST", "/_emulator/videos/"+id+"/fail-next-render", nil, withKey("")).expect(t, 200)
	h.do("POST", "/_emulator/videos/nope/fail-next-render", nil).expect(t, 404)
	h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": rc.srv.URL}).expect(t, 200)
	h.clock.Advance(time.Minute)
	h.emu.Flush()
	if st := h.do("GET", "/_emulator/videos/"+id+"/status", nil).expect(t, 200).json(t); st["status"] != "FAILED" {
		t.Errorf("status endpoint: %v", st)
	}

	// Faults: durations as Go duration strings.
	f := h.do("PUT", "/_emulator/faults", map[string]any{"rateLimit": 5, "latency": "5ms", "renderDropAfterAccept": 1}, withKey("")).
		expect(t, 200).json(t)
	if f["latency"] != "5ms" || f["rateLimit"] != 5.0 {
		t.Errorf("faults echo = %v", f)
	}
	if got := h.emu.CurrentFaults(); got.Latency != 5*time.Millisecond || got.RateLimit != 5 || got.RenderDropAfterAccept != 1 {
		t.Errorf("faults in force = %+v", got)
	}
	if g := h.do("GET", "/_emulator/faults", nil).expect(t, 200).json(t); g["latency"] != "5ms" {
		t.Errorf("GET faults = %v", g)
	}
	id2 := h.emu.SeedVideo(SeedVideo{})
	h.do("PUT", "/_emulator/faults", map[string]any{"forceStatus": map[string]any{id2: "CONTENT_MODERATED"}}).expect(t, 200)
	if s, _ := h.emu.VideoStatus(id2); s != "CONTENT_MODERATED" {
		t.Errorf("forceStatus over the admin API: %s", s)
	}
	h.do("PUT", "/_emulator/faults", map[string]any{"latency": "soon"}).expect(t, 400)
	h.do("PUT", "/_emulator/faults", map[string]any{"errorRate": 2}).expect(t, 400)
	h.do("PUT", "/_emulator/faults", map[string]any{}).expect(t, 200)
	if !reflect.DeepEqual(h.emu.CurrentFaults(), Faults{}) {
		t.Errorf("empty PUT should clear the faults")
	}

	// Stats and deliveries.
	var stats struct {
		Routes       map[string]int `json:"routes"`
		Renders      map[string]int `json:"renders"`
		TotalRenders int            `json:"totalRenders"`
	}
	if err := json.Unmarshal(h.do("GET", "/_emulator/stats", nil).expect(t, 200).body, &stats); err != nil {
		t.Fatal(err)
	}
	if stats.Routes["POST /videos/{id}/render"] != 1 || stats.Renders[id] != 1 || stats.TotalRenders != 1 {
		t.Errorf("stats = %+v", stats)
	}
	var deliveries []struct {
		URL       string          `json:"url"`
		Event     string          `json:"event"`
		Delivered bool            `json:"delivered"`
		Body      json.RawMessage `json:"body"`
	}
	if err := json.Unmarshal(h.do("GET", "/_emulator/deliveries", nil).expect(t, 200).body, &deliveries); err != nil {
		t.Fatal(err)
	}
	if len(deliveries) != 1 || deliveries[0].Event != EventVideoFailed || !deliveries[0].Delivered || deliveries[0].URL != rc.srv.URL {
		t.Fatalf("deliveries = %+v", deliveries)
	}
	var ev map[string]any
	if err := json.Unmarshal(deliveries[0].Body, &ev); err != nil || ev["event"] != EventVideoFailed {
		t.Errorf("delivery body = %s", deliveries[0].Body)
	}

	h.do("POST", "/_emulator/reset-counters", nil).expect(t, 200)
	if h.emu.TotalRenders() != 0 || len(h.emu.Deliveries()) != 0 {
		t.Errorf("reset-counters did not reset")
	}
	// Admin requests are not API routes.
	if h.emu.Count("GET /_emulator/stats") != 0 {
		t.Errorf("admin requests counted")
	}
}

func TestFaultsJSON(t *testing.T) {
	in := Faults{RateLimit: 1.5, RetryAfterDate: true, ErrorRate: 0.25, Latency: 1500 * time.Millisecond,
		RenderDropAfterAccept: 1, RenderErrorAfterAccept: 2, RenderErrorBeforeAccept: 3,
		HangRate: 0.1, ForbiddenRate: 0.2, CreateDropAfterAccept: 4, MalformedJSON: 5, HTMLErrorPage: 6, EmptyBody: 7,
		HugeBody: 8, HugeBodySize: 1024, UnknownField: true, ForceStatus: map[string]string{"id": "CONTENT_MODERATED"}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Faults
	if err := json.Unmarshal(b, &out); err != nil || !reflect.DeepEqual(out, in) {
		t.Fatalf("round trip %s -> %+v (%v)", b, out, err)
	}
	if err := json.Unmarshal([]byte(`{"latency": 1000000}`), &out); err != nil || out.Latency != time.Millisecond {
		t.Errorf("latency as nanoseconds: %v %v", out.Latency, err)
	}
}

// Issue 14: the admin API needs no key, so it must not be reachable from a web page: not
// through a name that resolves to 127.0.0.1 (DNS rebinding, which would read the callback
// tokens in /_emulator/deliveries), and not by a cross-origin write (a page seeding videos or
// setting faults).
func TestAdminAPIRefusesForeignHostsAndCrossOriginWrites(t *testing.T) {
	h := newHarness(t, Options{})
	host := func(v string) reqOpt { return func(r *http.Request) { r.Host = v } }
	header := func(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }
	_, port, _ := net.SplitHostPort(h.srv.Listener.Addr().String())

	for _, foreign := range []string{"evil.example:" + port, "evil.localhost:" + port, "localhost.:" + port, "10.0.0.1"} {
		r := h.do("GET", "/_emulator/deliveries", nil, host(foreign)).expect(t, http.StatusForbidden)
		if !strings.Contains(string(r.body), "loopback host") {
			t.Errorf("Host %s: %s", foreign, r.body)
		}
		h.do("POST", "/_emulator/videos", map[string]any{"name": "seeded by a web page"}, host(foreign)).expect(t, http.StatusForbidden)
	}
	for _, local := range []string{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port, "127.0.0.1"} {
		h.do("GET", "/_emulator/deliveries", nil, host(local)).expect(t, http.StatusOK)
	}

	// Cross-origin writes, as a browser marks them.
	h.do("POST", "/_emulator/videos", map[string]any{"name": "x"}, header("Origin", "https://evil.example")).expect(t, http.StatusForbidden)
	h.do("PUT", "/_emulator/faults", map[string]any{"errorRate": 1}, header("Sec-Fetch-Site", "cross-site")).expect(t, http.StatusForbidden)
	h.do("POST", "/_emulator/reset-counters", nil, header("Origin", "http://127.0.0.1:1")).expect(t, http.StatusForbidden)
	if got := h.emu.CurrentFaults(); got.ErrorRate != 0 {
		t.Errorf("a cross-origin PUT set the faults: %+v", got)
	}
	// Same-origin and non-browser writes work.
	h.do("POST", "/_emulator/videos", map[string]any{"name": "x"}, header("Origin", h.srv.URL)).expect(t, http.StatusCreated)
	h.do("POST", "/_emulator/videos", map[string]any{"name": "y"}).expect(t, http.StatusCreated)
	if n := len(h.emu.Deliveries()); n != 0 {
		t.Errorf("%d deliveries", n)
	}
}
