package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/loopback"
)

// receiver is an HTTPS endpoint that records the events posted to it.
type receiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	bodies [][]byte
	status int
}

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{status: http.StatusOK}
	rc.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("delivery: %s with Content-Type %q", r.Method, r.Header.Get("Content-Type"))
		}
		rc.bodies = append(rc.bodies, b)
		w.WriteHeader(rc.status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) received() [][]byte {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([][]byte(nil), rc.bodies...)
}

// checkEvent validates an event payload against the contract's schema and decodes it.
func checkEvent(t *testing.T, h *harness, schema string, body []byte) map[string]any {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("event is not JSON: %s", body)
	}
	if err := h.doc.Components.Schemas[schema].Value.VisitJSON(v); err != nil {
		t.Errorf("event violates %s: %v\n%s", schema, err, body)
	}
	return asMap(t, v)
}

// lastEvent flushes the emulator's deliveries, checks that the receiver got want events in all,
// and checks the last one against schema: its body, the event, and the event's data.
func (rc *receiver) lastEvent(t *testing.T, h *harness, want int, schema string) ([]byte, map[string]any, map[string]any) {
	t.Helper()
	h.emu.Flush()
	got := rc.received()
	if len(got) != want {
		t.Fatalf("received %d events, want %d", len(got), want)
	}
	ev := checkEvent(t, h, schema, got[want-1])
	return got[want-1], ev, asMap(t, ev["data"])
}

func TestRenderCallbackDelivery(t *testing.T) {
	rc := newReceiver(t)
	h := newHarness(t, Options{HTTPClient: rc.srv.Client()})
	v := simpleVideo("Delivered")
	v["extras"] = map[string]any{"ticket": "T-9"}
	id := asStr(t, h.createVideo(v)["id"])
	h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": rc.srv.URL + "/hook?token=abc"}).expect(t, 200)

	h.clock.Advance(5 * time.Second)
	h.emu.Flush()
	if n := len(rc.received()); n != 0 {
		t.Fatalf("%d events before the render ended", n)
	}
	h.clock.Advance(time.Second)
	body, ev, data := rc.lastEvent(t, h, 1, "VideoGenerationEvent")
	if ev["event"] != EventVideoSuccess || data["videoId"] != id || data["videoName"] != "Delivered" ||
		data["videoUrl"] != h.srv.URL+"/media/"+id+".mp4" || asMap(t, data["extras"])["ticket"] != "T-9" {
		t.Errorf("event = %s", body)
	}
	d := h.emu.Deliveries()
	if len(d) != 1 || !d[0].Delivered || d[0].URL != rc.srv.URL+"/hook?token=abc" || d[0].Event != EventVideoSuccess ||
		d[0].StatusCode != 200 || string(d[0].Body) != string(body) || !d[0].At.Equal(h.clock.Now()) {
		t.Errorf("deliveries = %+v", d)
	}
	// Once only, however often the emulator looks again.
	h.clock.Advance(time.Minute)
	h.do("GET", "/v1/videos/"+id, nil).expect(t, 200)
	time.Sleep(3 * sweepInterval)
	h.emu.Flush()
	if n := len(rc.received()); n != 1 {
		t.Errorf("received %d events after more sweeps, want 1", n)
	}
	// A render without callbackUrl sends nothing.
	h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200)
	h.clock.Advance(time.Minute)
	h.emu.Flush()
	if n := len(rc.received()); n != 1 {
		t.Errorf("a render without callbackUrl sent an event")
	}
}

func TestRenderCallbackBackgroundDelivery(t *testing.T) {
	// Without Flush: the background loop delivers on its own.
	rc := newReceiver(t)
	h := newHarness(t, Options{HTTPClient: rc.srv.Client()})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": rc.srv.URL}).expect(t, 200)
	h.clock.Advance(6 * time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for len(rc.received()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if len(rc.received()) != 1 {
		t.Fatalf("the background loop did not deliver")
	}
}

func TestFailedRenderCallback(t *testing.T) {
	for _, mode := range []string{"", "empty", "omit"} {
		t.Run("FailedEventVideoURL="+mode, func(t *testing.T) {
			rc := newReceiver(t)
			h := newHarness(t, Options{HTTPClient: rc.srv.Client(), FailedEventVideoURL: mode})
			id := asStr(t, h.createVideo(simpleVideo("Broken"))["id"])
			h.emu.FailNextRender(id)
			h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": rc.srv.URL}).expect(t, 200)
			h.clock.Advance(6 * time.Second)
			body, ev, data := rc.lastEvent(t, h, 1, "VideoGenerationEvent")
			url, present := data["videoUrl"]
			if ev["event"] != EventVideoFailed || data["videoId"] != id {
				t.Errorf("event = %s", body)
			}
			switch mode {
			case "":
				if !present || url != nil {
					t.Errorf("videoUrl = %v (present %v), want null", url, present)
				}
			case "empty":
				if url != "" {
					t.Errorf("videoUrl = %v, want \"\"", url)
				}
			case "omit":
				if present {
					t.Errorf("videoUrl present: %v", url)
				}
			}
		})
	}
}

func TestEventExtrasAsString(t *testing.T) {
	rc := newReceiver(t)
	h := newHarness(t, Options{HTTPClient: rc.srv.Client(), EventExtrasAsString: true})
	b := simpleVideo("x")
	b["extras"] = map[string]any{"k": "v"}
	id := asStr(t, h.createVideo(b)["id"])
	h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": rc.srv.URL}).expect(t, 200)
	h.clock.Advance(6 * time.Second)
	h.emu.Flush()
	var ev struct {
		Data struct {
			Extras string `json:"extras"`
		} `json:"data"`
	}
	got := rc.received()
	if len(got) != 1 || json.Unmarshal(got[0], &ev) != nil || ev.Data.Extras != `{"k":"v"}` {
		t.Errorf("extras as string: %s", got)
	}
}

func TestUnreachableCallbackIsRecorded(t *testing.T) {
	rc := newReceiver(t)
	addr := rc.srv.URL
	rc.srv.Close() // nothing listens there any more
	h := newHarness(t, Options{HTTPClient: &http.Client{Timeout: 2 * time.Second}})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": addr + "/gone"}).expect(t, 200)
	h.clock.Advance(6 * time.Second)
	h.emu.Flush()
	d := h.emu.Deliveries()
	if len(d) != 1 || d[0].Delivered || d[0].Err == "" || d[0].URL != addr+"/gone" || d[0].StatusCode != 0 {
		t.Fatalf("deliveries = %+v, want one failed attempt with an error", d)
	}
}

func TestNon2xxCallbackIsNotDelivered(t *testing.T) {
	rc := newReceiver(t)
	rc.status = http.StatusInternalServerError
	h := newHarness(t, Options{HTTPClient: rc.srv.Client()})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": rc.srv.URL}).expect(t, 200)
	h.clock.Advance(6 * time.Second)
	h.emu.Flush()
	d := h.emu.Deliveries()
	if len(d) != 1 || d[0].Delivered || d[0].StatusCode != 500 || d[0].Err == "" {
		t.Fatalf("deliveries = %+v", d)
	}
	if len(rc.received()) != 1 {
		t.Errorf("the target should have been called once (no retries)")
	}
}

func TestCloseStopsDeliveries(t *testing.T) {
	rc := newReceiver(t)
	clock := newFakeClock()
	e := New(Options{Now: clock.Now, HTTPClient: rc.srv.Client()})
	srv := httptest.NewServer(e)
	defer srv.Close()
	id := e.SeedVideo(SeedVideo{Status: StatusGeneratingAudio})
	_ = id
	e.Close()
	clock.Advance(time.Minute)
	e.Flush()
	time.Sleep(3 * sweepInterval)
	if len(rc.received()) != 0 || len(e.Deliveries()) != 0 {
		t.Errorf("deliveries after Close")
	}
	e.Close() // idempotent
}

func TestRemoteTargetsAreRecordedButNeverContacted(t *testing.T) {
	var dialed atomic.Int32
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dialed.Add(1)
		return nil, errors.New("test transport: no network")
	}}}
	h := newHarness(t, Options{HTTPClient: client})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": "https://hooks.example.com/argil?token=t"}).expect(t, 200)
	h.clock.Advance(6 * time.Second)
	h.emu.Flush()
	d := h.emu.Deliveries()
	if len(d) != 1 || d[0].Delivered || !strings.Contains(d[0].Err, "remote deliveries are off") || d[0].Event != EventVideoSuccess {
		t.Fatalf("deliveries = %+v, want one recorded, unsent attempt", d)
	}
	if dialed.Load() != 0 {
		t.Errorf("the emulator dialed %d time(s) for a non-loopback target", dialed.Load())
	}
}

// Issue 14: a loopback target that redirects must not lead the delivery (and the token in its
// URL) anywhere else: the emulator follows no redirect, and records the 3xx.
func TestRedirectedDeliveriesAreNotFollowed(t *testing.T) {
	var stolen atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stolen.Add(1)
	}))
	defer elsewhere.Close()
	var dialedRemote atomic.Int32
	for _, location := range []string{elsewhere.URL + "/steal", "http://hooks.example.com/steal"} {
		redirector := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, location+"?"+r.URL.RawQuery, http.StatusTemporaryRedirect)
		}))
		client := redirector.Client()
		tr, ok := client.Transport.(*http.Transport)
		if !ok {
			t.Fatalf("httptest client transport is %T", client.Transport)
		}
		inner := tr.DialContext
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			if !strings.HasPrefix(addr, "127.0.0.1:") {
				dialedRemote.Add(1)
			}
			if inner == nil {
				return (&net.Dialer{}).DialContext(ctx, network, addr)
			}
			return inner(ctx, network, addr)
		}
		h := newHarness(t, Options{HTTPClient: client})
		id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
		h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": redirector.URL + "/hook?token=s3cret"}).expect(t, 200)
		h.clock.Advance(6 * time.Second)
		h.emu.Flush()
		d := h.emu.Deliveries()
		if len(d) != 1 || d[0].Delivered || d[0].StatusCode != http.StatusTemporaryRedirect || !strings.Contains(d[0].Err, "does not follow redirects") {
			t.Errorf("redirect to %s: deliveries = %+v, want one undelivered 307", location, d)
		}
		redirector.Close()
	}
	if stolen.Load() != 0 || dialedRemote.Load() != 0 {
		t.Errorf("the redirect was followed: %d request(s) to the other loopback server, %d remote dial(s)", stolen.Load(), dialedRemote.Load())
	}
}

// Without remote deliveries, the delivery client uses no proxy and dials only loopback
// addresses, whatever name resolved to them.
func TestDeliveryClientConnectsOnlyToLoopback(t *testing.T) {
	for name, hc := range map[string]*http.Client{
		"default":          {Timeout: time.Second},
		"custom transport": {Transport: &http.Transport{DialContext: (&net.Dialer{}).DialContext}},
	} {
		tr, ok := deliveryClient(hc, false).Transport.(*http.Transport)
		if !ok {
			t.Fatalf("%s: the delivery transport is not an *http.Transport", name)
		}
		if tr.Proxy != nil {
			t.Errorf("%s: the delivery transport has a proxy", name)
		}
		if _, err := tr.DialContext(context.Background(), "tcp", "192.0.2.1:443"); !errors.Is(err, loopback.ErrNotLoopback) {
			t.Errorf("%s: dialling 192.0.2.1: %v, want a refusal", name, err)
		}
	}
	// With remote deliveries on, the client's transport is left as it is (redirects aside).
	hc := &http.Client{Transport: http.DefaultTransport}
	if got := deliveryClient(hc, true); got.Transport != http.DefaultTransport || got.CheckRedirect == nil {
		t.Errorf("remote deliveries: transport replaced or redirects followed")
	}
}
