package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The tests below cover the switches for the readings of Argil that its own n8n node allows
// and its docs do not state (see Options).

func TestFinishedReadsIdle(t *testing.T) {
	h := newHarness(t, Options{FinishedReadsIdle: true, RejectRerenderDone: true})
	id := asStr(t, h.createVideo(map[string]any{
		"name":      "Idle when done",
		"moments":   []any{map[string]any{"transcript": "Hello there.", "avatarId": "a"}},
		"subtitles": map[string]any{"enable": true},
	})["id"])
	h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200)
	h.clock.Advance(2 * time.Second)
	if s := h.do("GET", "/v1/videos/"+id, nil).expect(t, 200).json(t)["status"]; s != "GENERATING_VIDEO" {
		t.Fatalf("during the render: %v", s)
	}
	h.clock.Advance(4 * time.Second)
	g := h.do("GET", "/v1/videos/"+id, nil).expect(t, 200).json(t)
	if g["status"] != "IDLE" || g["videoUrl"] != h.srv.URL+"/media/"+id+".mp4" || g["videoUrlSubtitled"] == nil || g["duration"] == nil {
		t.Fatalf("a finished render: status %v videoUrl %v videoUrlSubtitled %v duration %v", g["status"], g["videoUrl"], g["videoUrlSubtitled"], g["duration"])
	}
	if mv, _ := asMap(t, asList(t, g["moments"])[0])["videoUrl"].(string); mv == "" {
		t.Errorf("moment videoUrl missing on a finished render")
	}
	h.emu.Flush()
	if d := h.emu.Deliveries(); len(d) != 0 {
		t.Errorf("no callback and no webhook: %d deliveries", len(d))
	}
	// The video is still the finished render underneath: the DONE-only switches see it.
	h.do("POST", "/v1/videos/"+id+"/render", nil).expectError(t, 400, "Video has already been generated")
	if s, _ := h.emu.VideoStatus(id); s != "IDLE" {
		t.Errorf("VideoStatus = %s, want IDLE as reported", s)
	}
	seeded := h.emu.SeedVideo(SeedVideo{Status: "DONE"})
	if g := h.do("GET", "/v1/videos/"+seeded, nil).expect(t, 200).json(t); g["status"] != "IDLE" || g["videoUrl"] == nil {
		t.Errorf("a seeded DONE video: %v %v", g["status"], g["videoUrl"])
	}
}

func TestRenderQueue(t *testing.T) {
	h := newHarness(t, Options{RenderQueue: 75 * time.Second})
	v := h.createVideo(simpleVideo("Queued"))
	id := asStr(t, v["id"])
	h.clock.Advance(time.Second)
	r := h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200).json(t)
	if r["status"] != "IDLE" || r["updatedAt"] != v["updatedAt"] || r["videoUrl"] != nil {
		t.Fatalf("an accepted, queued render answers status %v updatedAt %v (created %v) videoUrl %v", r["status"], r["updatedAt"], v["updatedAt"], r["videoUrl"])
	}
	if h.emu.Renders(id) != 1 {
		t.Errorf("Renders = %d after one accepted render", h.emu.Renders(id))
	}
	h.clock.Advance(75*time.Second - time.Nanosecond)
	if g := h.do("GET", "/v1/videos/"+id, nil).expect(t, 200).json(t); g["status"] != "IDLE" || g["updatedAt"] != v["updatedAt"] {
		t.Errorf("just before the queue ends: %v %v", g["status"], g["updatedAt"])
	}
	h.clock.Advance(time.Nanosecond)
	if s, _ := h.emu.VideoStatus(id); s != "GENERATING_AUDIO" {
		t.Errorf("when the queue ends: %s", s)
	}
	h.clock.Advance(6 * time.Second)
	if s, _ := h.emu.VideoStatus(id); s != "DONE" {
		t.Errorf("after the render: %s", s)
	}

	// A second render POST while the first is queued is a second render: that is what a
	// client that takes IDLE for "not started" pays for.
	id2 := asStr(t, h.createVideo(simpleVideo("Twice"))["id"])
	h.do("POST", "/v1/videos/"+id2+"/render", nil).expect(t, 200)
	h.clock.Advance(10 * time.Second)
	h.do("POST", "/v1/videos/"+id2+"/render", nil).expect(t, 200)
	if h.emu.Renders(id2) != 2 {
		t.Errorf("Renders = %d, want 2", h.emu.Renders(id2))
	}
}

func TestSlowAccept(t *testing.T) {
	h := newHarness(t, Options{SlowAccept: 45 * time.Second})
	// A client that gives up before the answer: the video appears when the answer is due.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		b, _ := json.Marshal(simpleVideo("Slow"))
		req, _ := http.NewRequestWithContext(ctx, "POST", h.srv.URL+"/v1/videos", strings.NewReader(string(b)))
		req.Header.Set("x-api-key", DefaultAPIKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	waitFor(t, func() bool { return h.emu.Count("POST /videos") == 1 })
	cancel()
	if err := <-done; err == nil {
		t.Fatalf("the cancelled create got an answer")
	}
	list := func() float64 {
		return asNum(t, h.do("GET", "/v1/videos?nameSearchQuery=slow", nil).expect(t, 200).json(t)["totalItems"])
	}
	if n := list(); n != 0 {
		t.Fatalf("the video exists before the answer is due: %v", n)
	}
	h.clock.Advance(45 * time.Second)
	waitFor(t, func() bool { return list() == 1 })

	// A client that waits gets the answer once it is due; the render starts then.
	id := h.emu.SeedVideo(SeedVideo{})
	answer := make(chan *response, 1)
	go func() { answer <- h.do("POST", "/v1/videos/"+id+"/render", nil) }()
	waitFor(t, func() bool { return h.emu.Count("POST /videos/{id}/render") == 1 })
	time.Sleep(30 * time.Millisecond)
	if h.emu.Renders(id) != 0 {
		t.Fatalf("the render started before its answer was due")
	}
	h.clock.Advance(45 * time.Second)
	r := <-answer
	r.expect(t, 200)
	if s := r.json(t)["status"]; s != "GENERATING_AUDIO" || h.emu.Renders(id) != 1 {
		t.Errorf("render answer %v, Renders %d", s, h.emu.Renders(id))
	}
}

// waitFor polls cond for up to 5 seconds of real time.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestShortListItems(t *testing.T) {
	h := newHarness(t, Options{ShortListItems: true})
	id := h.emu.SeedVideo(SeedVideo{Status: "DONE"})
	items := asList(t, h.do("GET", "/v1/videos", nil).expect(t, 200).json(t)["videos"])
	item := asMap(t, items[0])
	for _, k := range []string{"previewUrl", "duration", "aspectRatio"} {
		if _, ok := item[k]; ok {
			t.Errorf("list item has %s", k)
		}
	}
	if item["videoUrl"] == nil || item["status"] != "DONE" {
		t.Errorf("list item lost other fields: %v", item)
	}
	full := h.do("GET", "/v1/videos/"+id, nil).expect(t, 200).json(t)
	if full["previewUrl"] == nil || full["duration"] == nil || full["aspectRatio"] == nil {
		t.Errorf("GET /videos/{id} must keep every field: %v", full)
	}
}

func TestBareArrayList(t *testing.T) {
	h := newHarness(t, Options{BareArrayList: true})
	h.emu.SeedVideo(SeedVideo{Name: "one"})
	h.emu.SeedVideo(SeedVideo{Name: "two"})
	// Not the contract's page: read it without the validating client.
	req, _ := http.NewRequest("GET", h.srv.URL+"/v1/videos?limit=1", nil)
	req.Header.Set("x-api-key", DefaultAPIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var items []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&items); err != nil || resp.StatusCode != 200 {
		t.Fatalf("a bare array was expected: %d %v", resp.StatusCode, err)
	}
	if len(items) != 1 || items[0]["name"] != "two" {
		t.Errorf("paging must still apply: %v", items)
	}
}

func TestAcceptNodeValues(t *testing.T) {
	body := func() map[string]any {
		return map[string]any{
			"name":       "Node values",
			"moments":    []any{map[string]any{"transcript": "Hi.", "avatarId": "a", "layout": "SPLIT_LEFT"}},
			"subtitles":  map[string]any{"enable": true, "position": "Centered"},
			"autoBrolls": map[string]any{"enable": true, "source": "GENERATION", "intensity": "LOW", "layout": "BOTTOM_RIGHT"},
		}
	}
	strict := newHarness(t, Options{})
	strict.do("POST", "/v1/videos", body(), invalidRequest()).expect(t, 400)
	for _, part := range []func(map[string]any){
		func(b map[string]any) { b["moments"] = []any{map[string]any{"transcript": "Hi.", "avatarId": "a"}} },
		func(b map[string]any) { delete(b, "subtitles") },
		func(b map[string]any) { delete(b, "autoBrolls") },
	} {
		// Each value alone is refused too.
		b := body()
		part(b)
		strict.do("POST", "/v1/videos", b, invalidRequest()).expect(t, 400)
	}

	h := newHarness(t, Options{AcceptNodeValues: true})
	h.do("POST", "/v1/videos", body(), invalidRequest()).expect(t, 201)
	for _, l := range []string{"NORMAL", "BOTTOM_LEFT", "BOTTOM_RIGHT", "SPLIT_LEFT", "SPLIT_RIGHT", "SPLIT_TOP", "SPLIT_BOTTOM", "BACKGROUND", "FULLSCREEN"} {
		b := body()
		b["autoBrolls"] = map[string]any{"enable": true, "source": "GENERATION", "intensity": "LOW", "layout": l}
		h.do("POST", "/v1/videos", b, invalidRequest()).expect(t, 201)
	}
	b := body()
	b["moments"] = []any{map[string]any{"transcript": "Hi.", "avatarId": "a", "layout": "SIDEWAYS"}}
	h.do("POST", "/v1/videos", b, invalidRequest()).expectError(t, 400, "moments[0].layout must be one of NORMAL, BOTTOM_LEFT, BOTTOM_RIGHT, SPLIT_LEFT, SPLIT_RIGHT, SPLIT_TOP, SPLIT_BOTTOM, BACKGROUND")
}
