package emulator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestCreateVideo(t *testing.T) {
	h := newHarness(t, Options{})
	v := h.createVideo(map[string]any{
		"name": "Launch",
		"moments": []any{
			map[string]any{"transcript": "Hi there.", "avatarId": "a1", "voiceId": "v1", "gestureSlug": "gesture-1", "zoom": map[string]any{"level": 1.5}},
			map[string]any{"audioUrl": "https://example.com/a.mp3", "avatarId": "a2"},
		},
		"subtitles":   map[string]any{"enable": true, "position": "Bottom", "size": "Large"},
		"aspectRatio": "9:16",
		"extras":      map[string]any{"ticket": "T-1"},
		"model":       "ARGIL_ATOM",
	})
	id, _ := v["id"].(string)
	if !uuidV4.MatchString(id) {
		t.Errorf("id %q is not a UUID v4", id)
	}
	checks := map[string]any{"name": "Launch", "status": "IDLE", "duration": nil, "videoUrl": nil,
		"videoUrlSubtitled": nil, "aspectRatio": "9:16", "previewUrl": h.srv.URL + "/preview/" + id}
	for k, want := range checks {
		if got, ok := v[k]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, want)
		}
	}
	if v["createdAt"] != "2025-03-01T12:00:00Z" || v["updatedAt"] != v["createdAt"] {
		t.Errorf("createdAt %v updatedAt %v, want the clock's time", v["createdAt"], v["updatedAt"])
	}
	if ex := asMap(t, v["extras"]); ex["ticket"] != "T-1" {
		t.Errorf("extras = %v", ex)
	}
	moments := asList(t, v["moments"])
	m0, m1 := asMap(t, moments[0]), asMap(t, moments[1])
	if m0["transcript"] != "Hi there." || m0["gestureSlug"] != "gesture-1" || m0["voiceId"] != "v1" {
		t.Errorf("moment 0 = %v", m0)
	}
	if _, ok := m0["audioUrl"]; ok {
		t.Errorf("moment 0 has an audioUrl before rendering: %v", m0)
	}
	if m1["audioUrl"] != "https://example.com/a.mp3" {
		t.Errorf("moment 1 audioUrl = %v", m1["audioUrl"])
	}
	// The video reads back the same.
	got := h.do("GET", "/v1/videos/"+id, nil).expect(t, 200).json(t)
	if got["name"] != "Launch" || got["status"] != "IDLE" {
		t.Errorf("GET = %v", got)
	}
	// The preview page exists before any render.
	p := h.do("GET", "/preview/"+id+"?embed=true", nil).expect(t, 200)
	if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(string(p.body), "Launch") {
		t.Errorf("preview: %s %s", ct, p.body)
	}
}

func TestCreateVideoDefaultsAspectRatio(t *testing.T) {
	h := newHarness(t, Options{})
	v := h.createVideo(simpleVideo("x"))
	if v["aspectRatio"] != "16:9" {
		t.Errorf("aspectRatio = %v, want 16:9", v["aspectRatio"])
	}
	if asMap(t, v["subtitles"])["enable"] != false {
		t.Errorf("subtitles = %v", v["subtitles"])
	}
}

func TestCreateVideoValidation(t *testing.T) {
	m := func(kv ...any) map[string]any {
		out := map[string]any{"avatarId": "a"}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(out, asStr(t, kv[i]))
				continue
			}
			out[asStr(t, kv[i])] = kv[i+1]
		}
		return out
	}
	withMoment := func(mo map[string]any) map[string]any {
		return map[string]any{"name": "v", "moments": []any{mo}}
	}
	with := func(k string, v any) map[string]any {
		b := simpleVideo("v")
		b[k] = v
		return b
	}
	extras := map[string]any{}
	for i := 0; i < 11; i++ {
		extras[fmt.Sprintf("k%d", i)] = "v"
	}
	cases := map[string]any{
		"no body":                   nil,
		"not JSON":                  "{nope",
		"not an object":             []any{1},
		"name missing":              map[string]any{"moments": []any{m("transcript", "hi")}},
		"name not a string":         map[string]any{"name": 3, "moments": []any{m("transcript", "hi")}},
		"moments missing":           map[string]any{"name": "v"},
		"moments not an array":      map[string]any{"name": "v", "moments": "x"},
		"moment not an object":      map[string]any{"name": "v", "moments": []any{"x"}},
		"avatarId missing":          withMoment(m("transcript", "hi", "avatarId", nil)),
		"neither transcript/audio":  withMoment(m()),
		"both transcript and audio": withMoment(m("transcript", "hi", "audioUrl", "https://x/a.mp3")),
		"transcript too long":       withMoment(m("transcript", strings.Repeat("a", 501))),
		"unknown moment field":      withMoment(m("transcript", "hi", "layout", "NORMAL")),
		"zoom level too high":       withMoment(m("transcript", "hi", "zoom", map[string]any{"level": 2.5})),
		"zoom level too low":        withMoment(m("transcript", "hi", "zoom", map[string]any{"level": 0.5})),
		"zoom level missing":        withMoment(m("transcript", "hi", "zoom", map[string]any{})),
		"zoom unknown field":        withMoment(m("transcript", "hi", "zoom", map[string]any{"level": 1, "x": 1})),
		"aspectRatio 4:3":           with("aspectRatio", "4:3"),
		"subtitles enable missing":  with("subtitles", map[string]any{"position": "Top"}),
		"subtitles unknown field":   with("subtitles", map[string]any{"enable": true, "color": "red"}),
		"subtitles bad position":    with("subtitles", map[string]any{"enable": true, "position": "Centered"}),
		"extras too many":           with("extras", extras),
		"extras value too long":     with("extras", map[string]any{"k": strings.Repeat("x", 257)}),
		"extras value not string":   with("extras", map[string]any{"k": 1}),
		"autoBrolls no intensity":   with("autoBrolls", map[string]any{"enable": false, "source": "GENERATION"}),
		"bgm volume > 1":            with("backgroundMusic", map[string]any{"assetId": "x", "volume": 1.5}),
		"bgm without assetId":       with("backgroundMusic", map[string]any{"volume": 0.5}),
		"model unknown":             with("model", "ARGIL_V9"),
	}
	h := newHarness(t, Options{})
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			h.do("POST", "/v1/videos", body, invalidRequest()).expectError(t, http.StatusBadRequest, "")
		})
	}
	if n := len(h.emu.videos); n != 0 {
		t.Errorf("%d videos stored after invalid requests", n)
	}
	// The limits themselves are accepted.
	ok := withMoment(m("transcript", strings.Repeat("é", 500), "zoom", map[string]any{"level": 2}))
	ok["extras"] = map[string]any{"k": strings.Repeat("x", 256)}
	h.createVideo(ok)
}

func TestCreateVideoInferredSwitches(t *testing.T) {
	h := newHarness(t, Options{AllowUnknownMomentFields: true, MaxTranscriptChars: -1})
	body := map[string]any{"name": "v", "moments": []any{
		map[string]any{"transcript": strings.Repeat("a", 600), "avatarId": "a", "layout": "NORMAL"},
	}}
	// The contract refuses both on purpose; the switches accept them.
	h.do("POST", "/v1/videos", body, invalidRequest()).expect(t, http.StatusCreated)
}

func TestAuth(t *testing.T) {
	h := newHarness(t, Options{})
	h.do("GET", "/v1/videos", nil, withKey(""), invalidRequest()).expectError(t, 401, "Invalid API key")
	h.do("GET", "/v1/videos", nil, withKey("wrong")).expectError(t, 401, "Invalid API key")
	h.do("POST", "/v1/videos", simpleVideo("x"), withKey("wrong")).expectError(t, 401, "Invalid API key")
	if len(h.emu.videos) != 0 {
		t.Errorf("unauthenticated create stored a video")
	}
	h.do("GET", "/v1/videos", nil).expect(t, 200)
	if got := h.emu.Count("GET /videos"); got != 3 {
		t.Errorf("Count(GET /videos) = %d, want 3 (401s count)", got)
	}

	custom := newHarness(t, Options{APIKey: "secret"})
	custom.do("GET", "/v1/videos", nil).expectError(t, 401, "Invalid API key")
	custom.do("GET", "/v1/videos", nil, withKey("secret")).expect(t, 200)
}

func TestUnauthorizedStatusSwitch(t *testing.T) {
	// 403 is not in the contract, so this one is checked without the validating client.
	e := New(Options{UnauthorizedStatus: http.StatusForbidden})
	defer e.Close()
	rec := httptestRecorder(e, "GET", "/v1/videos", "", "nope")
	if rec.Code != 403 || !strings.Contains(rec.Body.String(), `"code":403`) {
		t.Fatalf("got %d %s, want 403 with code 403", rec.Code, rec.Body)
	}
}

func TestNotFound(t *testing.T) {
	h := newHarness(t, Options{})
	id := "3c90c3cc-0d44-4b50-8888-8dd25736052a"
	h.do("GET", "/v1/videos/"+id, nil).expectError(t, 404, "Video not found")
	h.do("DELETE", "/v1/videos/"+id, nil).expectError(t, 404, "Video not found")
	h.do("POST", "/v1/videos/"+id+"/render", nil).expectError(t, 404, "Video not found")
	for _, p := range []string{"/media/" + id + ".mp4", "/media/" + id + ".subtitled.mp4", "/preview/" + id, "/media/" + id + "/moments/0.mp3"} {
		h.do("GET", p, nil).expect(t, 404)
	}
}

func TestDeleteVideo(t *testing.T) {
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	body := h.do("DELETE", "/v1/videos/"+id, nil).expect(t, 200).json(t)
	if msg, _ := body["message"].(string); msg == "" {
		t.Errorf("delete body = %v, want a message", body)
	}
	h.do("GET", "/v1/videos/"+id, nil).expectError(t, 404, "Video not found")
	h.do("DELETE", "/v1/videos/"+id, nil).expectError(t, 404, "Video not found")

	id2 := h.emu.SeedVideo(SeedVideo{Name: "seeded"})
	if !h.emu.DeleteVideo(id2) || h.emu.DeleteVideo(id2) {
		t.Errorf("DeleteVideo should report true then false")
	}
	if _, ok := h.emu.VideoStatus(id2); ok {
		t.Errorf("VideoStatus still finds a deleted video")
	}
}

func TestDeleteWhileGenerating(t *testing.T) {
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": "https://127.0.0.1:1/hook"}).expect(t, 200)
	h.do("DELETE", "/v1/videos/"+id, nil).expect(t, 200)
	h.clock.Advance(time.Minute)
	h.emu.Flush()
	if d := h.emu.Deliveries(); len(d) != 0 {
		t.Errorf("a deleted video's render sent events: %+v", d)
	}
}

func TestListVideos(t *testing.T) {
	h := newHarness(t, Options{})
	var ids []string
	for i := 0; i < 25; i++ {
		b := simpleVideo(fmt.Sprintf("Video %02d", i))
		if i%5 == 0 {
			b["name"] = fmt.Sprintf("Special PROMO %02d", i)
			b["extras"] = map[string]any{"campaign": "spring", "n": fmt.Sprint(i)}
			b["moments"] = []any{map[string]any{"transcript": "x", "avatarId": "avatar-special", "voiceId": "voice-special"}}
		}
		ids = append(ids, asStr(t, h.createVideo(b)["id"]))
		h.clock.Advance(time.Second)
	}
	page := func(q string) map[string]any {
		t.Helper()
		return h.do("GET", "/v1/videos"+q, nil).expect(t, 200).json(t)
	}
	p := page("")
	if p["totalItems"] != 25.0 || p["totalPages"] != 3.0 || p["currentPage"] != 1.0 || p["itemsPerPage"] != 10.0 {
		t.Errorf("default page = %v", p)
	}
	vs := asList(t, p["videos"])
	if len(vs) != 10 || asMap(t, vs[0])["id"] != ids[24] {
		t.Errorf("first page should start with the newest video")
	}
	p = page("?page=3&limit=10")
	if vs := asList(t, p["videos"]); len(vs) != 5 || asMap(t, vs[4])["id"] != ids[0] || p["currentPage"] != 3.0 {
		t.Errorf("page 3 = %d videos, %v", len(vs), p["currentPage"])
	}
	if vs := asList(t, page("?page=9")["videos"]); len(vs) != 0 {
		t.Errorf("page past the end has %d videos", len(vs))
	}
	if p := page("?limit=7"); p["totalPages"] != 4.0 || p["itemsPerPage"] != 7.0 {
		t.Errorf("limit=7 -> %v pages", p["totalPages"])
	}
	count := func(q string) float64 { t.Helper(); return asNum(t, page(q)["totalItems"]) }
	if n := count("?nameSearchQuery=promo"); n != 5 {
		t.Errorf("nameSearchQuery=promo matched %v, want 5", n)
	}
	if n := count("?nameSearchQuery=VIDEO%2001"); n != 1 {
		t.Errorf("nameSearchQuery=VIDEO 01 matched %v, want 1", n)
	}
	if n := count("?avatarId=avatar-special"); n != 5 {
		t.Errorf("avatarId matched %v", n)
	}
	if n := count("?voiceId=voice-1"); n != 20 {
		t.Errorf("voiceId matched %v", n)
	}
	if n := count(`?extrasFilter=` + urlQuery(`{"campaign":"spring","n":"10"}`)); n != 1 {
		t.Errorf("extrasFilter matched %v, want 1", n)
	}
	if n := count(`?extrasFilter=` + urlQuery(`{"campaign":"autumn"}`)); n != 0 {
		t.Errorf("extrasFilter matched %v, want 0", n)
	}
	if n := count(`?nameSearchQuery=promo&extrasFilter=` + urlQuery(`{}`)); n != 5 {
		t.Errorf("empty extrasFilter with name matched %v", n)
	}
	for _, q := range []string{"?extrasFilter=" + urlQuery("{nope"), "?extrasFilter=" + urlQuery(`["a"]`), "?extrasFilter=1"} {
		h.do("GET", "/v1/videos"+q, nil).expectError(t, 400, "extrasFilter must be a valid JSON object")
	}
	h.do("GET", "/v1/videos?page=x", nil, invalidRequest()).expectError(t, 400, "")
	h.do("GET", "/v1/videos?limit=0", nil).expectError(t, 400, "")
}

func TestRenderStateMachine(t *testing.T) {
	h := newHarness(t, Options{})
	transcript := strings.Repeat("a", 45) // 3 seconds at 15 chars/s
	v := h.createVideo(map[string]any{
		"name":      "States",
		"moments":   []any{map[string]any{"transcript": transcript, "avatarId": "a"}, map[string]any{"transcript": "hi", "avatarId": "a"}},
		"subtitles": map[string]any{"enable": true},
	})
	id := asStr(t, v["id"])
	get := func() map[string]any { t.Helper(); return h.do("GET", "/v1/videos/"+id, nil).expect(t, 200).json(t) }
	t0 := h.clock.Now()
	h.clock.Advance(10 * time.Second)
	start := h.clock.Now()

	r := h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200).json(t)
	if r["status"] != "GENERATING_AUDIO" || r["duration"] != nil || r["videoUrl"] != nil {
		t.Fatalf("render answer = %v", r)
	}
	if r["updatedAt"] != start.Format(time.RFC3339) || r["createdAt"] != t0.Format(time.RFC3339) {
		t.Errorf("render answer timestamps %v / %v", r["createdAt"], r["updatedAt"])
	}
	if h.emu.Renders(id) != 1 || h.emu.TotalRenders() != 1 {
		t.Errorf("Renders = %d, TotalRenders = %d", h.emu.Renders(id), h.emu.TotalRenders())
	}

	h.clock.Advance(2*time.Second - time.Nanosecond)
	if g := get(); g["status"] != "GENERATING_AUDIO" || g["duration"] != nil {
		t.Errorf("just before the audio phase ends: %v %v", g["status"], g["duration"])
	}
	h.clock.Advance(time.Nanosecond)
	g := get()
	if g["status"] != "GENERATING_VIDEO" || g["duration"] != 4.0 {
		t.Errorf("after the audio phase: status %v duration %v, want GENERATING_VIDEO 4", g["status"], g["duration"])
	}
	if g["updatedAt"] != start.Add(2*time.Second).Format(time.RFC3339) {
		t.Errorf("updatedAt %v did not move with the status", g["updatedAt"])
	}
	m0 := asMap(t, asList(t, g["moments"])[0])
	audio, _ := m0["audioUrl"].(string)
	if !strings.HasPrefix(audio, h.srv.URL+"/media/") || m0["videoUrl"] != nil {
		t.Errorf("moment after audio: %v", m0)
	}
	if a := h.do("GET", strings.TrimPrefix(audio, h.srv.URL), nil).expect(t, 200); a.header.Get("Content-Type") != "audio/mpeg" {
		t.Errorf("moment audio content type %q", a.header.Get("Content-Type"))
	}
	if g["videoUrl"] != nil {
		t.Errorf("videoUrl before DONE: %v", g["videoUrl"])
	}
	h.do("GET", "/media/"+id+".mp4", nil).expect(t, 404)

	h.clock.Advance(4*time.Second - time.Nanosecond)
	if s := get()["status"]; s != "GENERATING_VIDEO" {
		t.Errorf("just before the video phase ends: %v", s)
	}
	h.clock.Advance(time.Nanosecond)
	g = get()
	if g["status"] != "DONE" || g["updatedAt"] != start.Add(6*time.Second).Format(time.RFC3339) {
		t.Fatalf("at the end: %v %v", g["status"], g["updatedAt"])
	}
	if g["videoUrl"] != h.srv.URL+"/media/"+id+".mp4" || g["videoUrlSubtitled"] != h.srv.URL+"/media/"+id+".subtitled.mp4" {
		t.Errorf("urls: %v %v", g["videoUrl"], g["videoUrlSubtitled"])
	}
	if mv, _ := g["moments"].([]any)[1].(map[string]any)["videoUrl"].(string); !strings.HasSuffix(mv, "/moments/1.mp4") {
		t.Errorf("moment videoUrl = %q", mv)
	}
	for _, p := range []string{"/media/" + id + ".mp4", "/media/" + id + ".subtitled.mp4", "/media/" + id + "/moments/0.mp4"} {
		resp := h.do("GET", p, nil).expect(t, 200)
		if resp.header.Get("Content-Type") != "video/mp4" || len(resp.body) == 0 {
			t.Errorf("%s: %q, %d bytes", p, resp.header.Get("Content-Type"), len(resp.body))
		}
	}
	if s, ok := h.emu.VideoStatus(id); !ok || s != "DONE" {
		t.Errorf("VideoStatus = %q %v", s, ok)
	}
}

func TestNoSubtitledURLWithoutSubtitles(t *testing.T) {
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200)
	h.clock.Advance(time.Minute)
	g := h.do("GET", "/v1/videos/"+id, nil).expect(t, 200).json(t)
	if g["status"] != "DONE" || g["videoUrl"] == nil || g["videoUrlSubtitled"] != nil {
		t.Errorf("DONE without subtitles: %v %v %v", g["status"], g["videoUrl"], g["videoUrlSubtitled"])
	}
	h.do("GET", "/media/"+id+".subtitled.mp4", nil).expect(t, 404)
}

func TestRenderAudioURLMoments(t *testing.T) {
	body := map[string]any{"name": "v", "moments": []any{
		map[string]any{"audioUrl": "https://example.com/1.mp3", "avatarId": "a"},
		map[string]any{"audioUrl": "https://example.com/2.mp3", "avatarId": "a"},
	}}
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(body)["id"])
	r := h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200).json(t)
	// Two audioUrl moments make 10 s of video, whatever the 4 s video phase.
	if r["status"] != "GENERATING_VIDEO" || r["duration"] != 10.0 {
		t.Errorf("render of audioUrl moments: %v %v, want GENERATING_VIDEO 10 (5 s per audioUrl moment)", r["status"], r["duration"])
	}
	h.clock.Advance(4 * time.Second)
	if s, _ := h.emu.VideoStatus(id); s != "DONE" {
		t.Errorf("after VideoPhase: %s", s)
	}

	always := newHarness(t, Options{AlwaysGenerateAudio: true})
	id = asStr(t, always.createVideo(body)["id"])
	if s := always.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200).json(t)["status"]; s != "GENERATING_AUDIO" {
		t.Errorf("with AlwaysGenerateAudio: %v", s)
	}
}

func TestRenderWhileGenerating(t *testing.T) {
	for _, mode := range []string{"", "reject", "ignore", "restart"} {
		t.Run("mode="+mode, func(t *testing.T) {
			h := newHarness(t, Options{RenderWhileGenerating: mode})
			id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
			h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200)
			h.clock.Advance(3 * time.Second) // GENERATING_VIDEO
			resp := h.do("POST", "/v1/videos/"+id+"/render", nil)
			switch mode {
			case "", "reject":
				resp.expectError(t, 400, "Video is already being generated")
				if h.emu.Renders(id) != 1 {
					t.Errorf("Renders = %d", h.emu.Renders(id))
				}
			case "ignore":
				if s := resp.expect(t, 200).json(t)["status"]; s != "GENERATING_VIDEO" || h.emu.Renders(id) != 1 {
					t.Errorf("ignore: status %v, renders %d", s, h.emu.Renders(id))
				}
			case "restart":
				if s := resp.expect(t, 200).json(t)["status"]; s != "GENERATING_AUDIO" || h.emu.Renders(id) != 2 {
					t.Errorf("restart: status %v, renders %d", s, h.emu.Renders(id))
				}
			}
		})
	}
}

func TestRerenderDoneAndFailed(t *testing.T) {
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200)
	h.clock.Advance(time.Minute)
	if s := h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200).json(t)["status"]; s != "GENERATING_AUDIO" {
		t.Errorf("re-render of DONE: %v", s)
	}
	if h.emu.Renders(id) != 2 {
		t.Errorf("Renders = %d, want 2", h.emu.Renders(id))
	}

	strict := newHarness(t, Options{RejectRerenderDone: true})
	id = asStr(t, strict.createVideo(simpleVideo("x"))["id"])
	strict.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200)
	strict.clock.Advance(time.Minute)
	strict.do("POST", "/v1/videos/"+id+"/render", nil).expectError(t, 400, "Video has already been generated")
	if strict.emu.Renders(id) != 1 {
		t.Errorf("Renders = %d, want 1", strict.emu.Renders(id))
	}
}

func TestFailNextRender(t *testing.T) {
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	h.emu.FailNextRender(id)
	h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200)
	h.clock.Advance(2 * time.Second)
	if s, _ := h.emu.VideoStatus(id); s != "GENERATING_VIDEO" {
		t.Errorf("a failing render should still reach GENERATING_VIDEO, got %s", s)
	}
	h.clock.Advance(4 * time.Second)
	g := h.do("GET", "/v1/videos/"+id, nil).expect(t, 200).json(t)
	if g["status"] != "FAILED" || g["videoUrl"] != nil || g["duration"] == nil {
		t.Errorf("failed video: status %v videoUrl %v duration %v", g["status"], g["videoUrl"], g["duration"])
	}
	h.do("GET", "/media/"+id+".mp4", nil).expect(t, 404)
	// A FAILED video can be rendered again, and the forced failure was used up.
	h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200)
	h.clock.Advance(6 * time.Second)
	if s, _ := h.emu.VideoStatus(id); s != "DONE" {
		t.Errorf("second render: %s", s)
	}
}

func TestRenderCallbackURLValidation(t *testing.T) {
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(simpleVideo("x"))["id"])
	h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": "http://example.com/hook"}, invalidRequest()).
		expectError(t, 400, "callbackUrl must use HTTPS")
	h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": 5}, invalidRequest()).expectError(t, 400, "")
	h.do("POST", "/v1/videos/"+id+"/render", "{nope", invalidRequest()).expectError(t, 400, "")
	if h.emu.Renders(id) != 0 {
		t.Fatalf("a refused render started")
	}
	// No body and an empty object are both fine.
	h.do("POST", "/v1/videos/"+id+"/render", map[string]any{}).expect(t, 200)

	lax := newHarness(t, Options{AllowHTTPCallbackURL: true})
	id = asStr(t, lax.createVideo(simpleVideo("x"))["id"])
	lax.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": "http://127.0.0.1:1/hook"}, invalidRequest()).expect(t, 200)
}

func TestSeedVideo(t *testing.T) {
	h := newHarness(t, Options{})
	cases := map[string]string{"": "IDLE", "IDLE": "IDLE", "GENERATING_AUDIO": "GENERATING_AUDIO",
		"GENERATING_VIDEO": "GENERATING_VIDEO", "DONE": "DONE", "FAILED": "FAILED", "CONTENT_MODERATED": "CONTENT_MODERATED"}
	for seed, want := range cases {
		id := h.emu.SeedVideo(SeedVideo{Name: "s-" + seed, Status: seed, Subtitles: true, Extras: map[string]string{"k": "v"},
			Moments: []SeedMoment{{Transcript: "Hello there, fifteen", AvatarID: "a", VoiceID: "v"}}})
		if !uuidV4.MatchString(id) {
			t.Errorf("seed id %q", id)
		}
		g := h.do("GET", "/v1/videos/"+id, nil).expect(t, 200).json(t)
		if g["status"] != want {
			t.Errorf("seeded %q: status %v, want %s", seed, g["status"], want)
		}
		if want == "DONE" && (g["videoUrl"] == nil || g["videoUrlSubtitled"] == nil || g["duration"] == nil) {
			t.Errorf("seeded DONE lacks urls: %v", g)
		}
	}
	h.clock.Advance(time.Minute)
	h.emu.Flush()
	if d := h.emu.Deliveries(); len(d) != 0 {
		t.Errorf("seeded videos without callbacks delivered %d events", len(d))
	}
	if h.emu.TotalRenders() != 0 {
		t.Errorf("seeding counted as renders")
	}
}

// urlQuery escapes s for a query string.
func urlQuery(s string) string { return url.QueryEscape(s) }

// httptestRecorder serves one request straight through the handler (no contract check).
func httptestRecorder(h http.Handler, method, path, body, key string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if key != "" {
		req.Header.Set("x-api-key", key)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// A Video's duration is its script read at 15 characters per second, however short the render
// phases: 785 characters in two moments report 52.33 s with a 1 s video phase.
func TestDurationFollowsScript(t *testing.T) {
	h := newHarness(t, Options{AudioPhase: 500 * time.Millisecond, VideoPhase: time.Second})
	id := asStr(t, h.createVideo(map[string]any{"name": "Long", "moments": []any{
		map[string]any{"transcript": strings.Repeat("a", 485), "avatarId": "a"},
		map[string]any{"transcript": strings.Repeat("é", 300), "avatarId": "a"},
	}})["id"])
	h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200)
	for _, step := range []struct {
		advance time.Duration
		status  string
	}{{500 * time.Millisecond, "GENERATING_VIDEO"}, {time.Second, "DONE"}} {
		h.clock.Advance(step.advance)
		g := h.do("GET", "/v1/videos/"+id, nil).expect(t, 200).json(t)
		if g["status"] != step.status || g["duration"] != 52.33 {
			t.Errorf("status %v duration %v, want %s 52.33 (785 characters at 15 per second)", g["status"], g["duration"], step.status)
		}
	}
}
