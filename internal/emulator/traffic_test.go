package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// The request log: every /v1 request with its route, path, POST body and the status answered
// (0 for a dropped connection); ResetCounters clears it.
func TestRequestLog(t *testing.T) {
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(simpleVideo("Logged"))["id"])
	h.do("GET", "/v1/videos/"+id, nil, withKey("bad")).expect(t, 401)
	h.emu.SetFaults(Faults{RenderDropAfterAccept: 1})
	if _, err := h.send("POST", "/v1/videos/"+id+"/render", nil); err == nil {
		t.Fatal("the dropped render should fail at the client")
	}
	h.do("GET", "/media/none.mp4", nil).expect(t, 404) // not an API request: not logged
	log := h.emu.Requests()
	want := []struct {
		route  string
		status int
	}{{"POST /videos", 201}, {"GET /videos/{id}", 401}, {"POST /videos/{id}/render", 0}}
	if len(log) != len(want) {
		t.Fatalf("%d requests logged, want %d: %+v", len(log), len(want), log)
	}
	for i, w := range want {
		if log[i].Route != w.route || log[i].Status != w.status || log[i].Arrived.IsZero() {
			t.Errorf("request %d: %+v, want %s answered %d", i, log[i], w.route, w.status)
		}
	}
	if !strings.Contains(string(log[0].Body), `"name":"Logged"`) || log[1].Body != nil {
		t.Errorf("bodies: POST %q, GET %q; want the POST's body only", log[0].Body, log[1].Body)
	}
	if log[2].Path != "/v1/videos/"+id+"/render" {
		t.Errorf("path %q", log[2].Path)
	}
	if n := h.emu.MaxInFlight(); n != 1 {
		t.Errorf("MaxInFlight = %d for requests sent one by one, want 1", n)
	}
	h.emu.ResetCounters()
	if n := len(h.emu.Requests()); n != 0 {
		t.Errorf("%d requests logged after ResetCounters", n)
	}
}

// Answers whose shape the contract does not describe.
func TestOddShapes(t *testing.T) {
	e := New(Options{})
	t.Cleanup(e.Close)
	id := e.SeedVideo(SeedVideo{Name: "Odd", Status: "DONE", Moments: []SeedMoment{{Transcript: "Hi there.", AvatarID: "avatar-1"}}})
	idle := e.SeedVideo(SeedVideo{Name: "Not rendered"})
	video := func(path string) map[string]any {
		t.Helper()
		rec := httptestRecorder(e, "GET", path, "", DefaultAPIKey)
		var v map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v: %s", path, err, rec.Body)
		}
		return v
	}

	e.SetFaults(Faults{LowercaseStatus: true, VideoFields: map[string]any{"duration": "12.5", "subtitles": "yes", "moments.0.avatarId": 42, "moments.3.avatarId": 1}})
	v := video("/v1/videos/" + id)
	m := asMap(t, asList(t, v["moments"])[0])
	if v["status"] != "done" || v["duration"] != "12.5" || v["subtitles"] != "yes" || m["avatarId"] != 42.0 {
		t.Errorf("GET /videos/{id}: status %v duration %v subtitles %v avatarId %v", v["status"], v["duration"], v["subtitles"], m["avatarId"])
	}
	if v := video("/v1/videos/" + idle); v["duration"] != nil || v["status"] != "idle" {
		t.Errorf("a null duration stays null, the status is lower case: %v %v", v["duration"], v["status"])
	}
	for _, item := range asList(t, video("/v1/videos")["videos"]) {
		if s := asStr(t, asMap(t, item)["status"]); s != strings.ToLower(s) || asMap(t, item)["subtitles"] != "yes" {
			t.Errorf("GET /videos item: %v", item)
		}
	}

	e.SetFaults(Faults{RenderVideoFields: map[string]any{"id": ".."}})
	if v := video("/v1/videos/" + idle); v["id"] != idle {
		t.Errorf("RenderVideoFields changed a read: %v", v["id"])
	}
	if rec := httptestRecorder(e, "POST", "/v1/videos/"+idle+"/render", "", DefaultAPIKey); !strings.Contains(rec.Body.String(), `"id":".."`) {
		t.Errorf("render answer %d %s, want the id replaced", rec.Code, rec.Body)
	}

	e.SetFaults(Faults{IgnoreExtrasFilter: true})
	if n := len(asList(t, video(`/v1/videos?extrasFilter={"team":"none"}`)["videos"])); n != 2 {
		t.Errorf("IgnoreExtrasFilter: %d videos, want both", n)
	}

	e.SetFaults(Faults{PlainNotFound: true})
	rec := httptestRecorder(e, "GET", "/v1/videos/no-such-video", "", DefaultAPIKey)
	if rec.Code != 404 || rec.Body.String() != "Not Found" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Errorf("PlainNotFound: %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	if rec := httptestRecorder(e, "GET", "/v1/videos/"+id, "", DefaultAPIKey); rec.Code != 200 || !json.Valid(rec.Body.Bytes()) {
		t.Errorf("PlainNotFound changed a 200: %d %s", rec.Code, rec.Body)
	}

	e.SetFaults(Faults{NoPaginationHeaders: true})
	rec = httptestRecorder(e, "GET", "/v1/assets", "", DefaultAPIKey)
	if rec.Code != 200 || rec.Header().Get("X-Total-Pages") != "" || rec.Header().Get("X-Total-Count") != "" || rec.Header().Get("X-Page") == "" {
		t.Errorf("NoPaginationHeaders: %d %v", rec.Code, rec.Header())
	}
}

// BadRequest refuses a route without acting; DropBeforeAccept loses requests before the
// emulator sees them; DropAfterAccept acts, then hangs up.
func TestRouteFaults(t *testing.T) {
	h := newHarness(t, Options{})
	h.emu.SetFaults(Faults{BadRequest: map[string]string{"POST /videos": "limit must not exceed 50"}})
	h.do("POST", "/v1/videos", simpleVideo("Refused")).expectError(t, 400, "limit must not exceed 50")
	h.do("GET", "/v1/videos", nil).expect(t, 200)
	if n := len(h.emu.VideoIDs()); n != 0 {
		t.Errorf("a refused create stored %d video(s)", n)
	}

	h.emu.SetFaults(Faults{DropBeforeAccept: map[string]int{"POST /videos": 1}})
	if _, err := h.send("POST", "/v1/videos", simpleVideo("Lost")); err == nil {
		t.Fatal("the lost create should fail at the client")
	}
	if n, c := len(h.emu.VideoIDs()), h.emu.Count("POST /videos"); n != 0 || c != 1 {
		t.Errorf("after a lost create: %d video(s), Count %d; want 0 and 1 (the refused one only)", n, c)
	}
	if log := h.emu.Requests(); log[len(log)-1].Route != "POST /videos" || log[len(log)-1].Status != 0 {
		t.Errorf("the lost create is not logged as unanswered: %+v", log[len(log)-1])
	}
	h.createVideo(simpleVideo("Kept"))

	h.emu.SetFaults(Faults{DropAfterAccept: map[string]int{"POST /voices": 1}})
	voice := map[string]any{"name": "Ghost voice", "audioUrl": "https://e.com/a.mp3"}
	if _, err := h.send("POST", "/v1/voices", voice); err == nil {
		t.Fatal("the dropped voice create should fail at the client")
	}
	h.do("POST", "/v1/voices", voice).expect(t, 201)
	if left := h.emu.CurrentFaults().DropAfterAccept["POST /voices"]; left != 0 || h.emu.Count("POST /voices") != 2 {
		t.Errorf("DropAfterAccept left %d, Count %d; want 0 and 2", left, h.emu.Count("POST /voices"))
	}
}

// The render triggers: a video deleted just before its render, a render POST sent twice by a
// proxy, and fault sets that take over when a render arrives or once it is answered.
func TestRenderTriggers(t *testing.T) {
	h := newHarness(t, Options{})
	gone := asStr(t, h.createVideo(simpleVideo("Gone"))["id"])
	h.emu.SetFaults(Faults{RenderVideoGone: 1})
	h.do("POST", "/v1/videos/"+gone+"/render", nil).expectError(t, 404, "Video not found")
	if _, ok := h.emu.VideoStatus(gone); ok {
		t.Error("RenderVideoGone left the video")
	}

	twice := asStr(t, h.createVideo(simpleVideo("Twice"))["id"])
	h.emu.SetFaults(Faults{RenderDuplicated: 1})
	h.do("POST", "/v1/videos/"+twice+"/render", nil).expectError(t, 400, "Video is already being generated")
	if r, c := h.emu.Renders(twice), h.emu.Count("POST /videos/{id}/render"); r != 1 || c != 3 {
		t.Errorf("RenderDuplicated: %d render(s), Count %d; want 1 and 3 (the gone one, both copies)", r, c)
	}
	if n := len(h.emu.Requests()); n != 4 {
		t.Errorf("%d requests logged, want 4: the duplicate copy is not one the client sent", n)
	}

	refused := asStr(t, h.createVideo(simpleVideo("Refused"))["id"])
	h.emu.SetFaults(Faults{OnRender: &Faults{ForbiddenRate: 1}})
	h.do("GET", "/v1/videos/"+refused, nil).expect(t, 200)
	// 403 is not in the contract: straight through the handler.
	if rec := httptestRecorder(h.emu, "POST", "/v1/videos/"+refused+"/render", "", DefaultAPIKey); rec.Code != 403 {
		t.Errorf("OnRender: the render answered %d, want 403", rec.Code)
	}
	if h.emu.Renders(refused) != 0 || h.emu.CurrentFaults().ForbiddenRate != 1 || h.emu.CurrentFaults().OnRender != nil {
		t.Errorf("OnRender: %d render(s), faults %+v", h.emu.Renders(refused), h.emu.CurrentFaults())
	}
	h.emu.SetFaults(Faults{})

	after := asStr(t, h.createVideo(simpleVideo("After"))["id"])
	h.emu.SetFaults(Faults{AfterRender: &Faults{ForceStatus: map[string]string{after: "QUEUED"}}})
	if v := h.do("POST", "/v1/videos/"+after+"/render", nil).expect(t, 200).json(t); v["status"] != "GENERATING_AUDIO" {
		t.Errorf("the render answer is %v: AfterRender acted before the answer", v["status"])
	}
	if s, _ := h.emu.VideoStatus(after); s != "QUEUED" || h.emu.CurrentFaults().AfterRender != nil {
		t.Errorf("after the render: %s, faults %+v; want QUEUED and the trigger used", s, h.emu.CurrentFaults())
	}
}

// The nested fault sets and the maps travel through the admin API.
func TestAdminFaultsRoundTrip(t *testing.T) {
	h := newHarness(t, Options{})
	body := `{"onRender": {"forbiddenRate": 1}, "afterRender": {"latency": "250ms", "malformedJson": 1},
		"videoFields": {"duration": "12.5"}, "dropAfterAccept": {"POST /avatars": 2}, "badRequest": {"GET /videos": "no"}}`
	h.do("PUT", "/_emulator/faults", body).expect(t, http.StatusOK)
	f := h.emu.CurrentFaults()
	if f.OnRender == nil || f.OnRender.ForbiddenRate != 1 || f.AfterRender == nil || f.AfterRender.Latency.String() != "250ms" ||
		f.AfterRender.MalformedJSON != 1 || f.VideoFields["duration"] != "12.5" || f.DropAfterAccept["POST /avatars"] != 2 || f.BadRequest["GET /videos"] != "no" {
		t.Errorf("faults after PUT: %+v", f)
	}
	got := h.do("GET", "/_emulator/faults", nil).expect(t, http.StatusOK).json(t)
	if asMap(t, got["afterRender"])["latency"] != "250ms" {
		t.Errorf("GET /_emulator/faults: %v", got)
	}
	h.do("PUT", "/_emulator/faults", `{"afterRender": {"errorRate": 2}}`).expect(t, http.StatusBadRequest)
	h.do("PUT", "/_emulator/faults", `{"dropBeforeAccept": {"POST /videos": -1}}`).expect(t, http.StatusBadRequest)
}
