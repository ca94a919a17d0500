package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// list decodes a bare JSON array of objects.
func (r *response) list(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatalf("response is not a JSON array: %v: %s", err, r.body)
	}
	return out
}

func ids(t *testing.T, items []map[string]any) []string {
	t.Helper()
	var out []string
	for _, it := range items {
		out = append(out, asStr(t, it["id"]))
	}
	return out
}

func TestListAvatars(t *testing.T) {
	h := newHarness(t, Options{})
	all := h.do("GET", "/v1/avatars", nil).expect(t, 200).list(t)
	if got := strings.Join(ids(t, all), ","); got != strings.Join([]string{AvatarEmmaID, AvatarLiamID, AvatarSofiaID, AvatarNoahID}, ",") {
		t.Fatalf("catalog avatars = %s", got)
	}
	emma := all[0]
	if emma["status"] != "IDLE" || emma["orientation"] != "ASPECT_RATIO_16_9" || emma["model"] != "ARGIL_V1" ||
		emma["width"] != 1920.0 || emma["createdAt"] == nil {
		t.Errorf("Emma = %v", emma)
	}
	g := asList(t, emma["gestures"])
	if len(g) < 2 || asMap(t, g[0])["slug"] != "gesture-1" || asMap(t, g[1])["slug"] != "gesture-2" {
		t.Errorf("gestures = %v", g)
	}
	thumb := asStr(t, emma["thumbnailUrl"])
	if r := h.do("GET", strings.TrimPrefix(thumb, h.srv.URL), nil).expect(t, 200); r.header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("thumbnail content type %q", r.header.Get("Content-Type"))
	}
	count := func(q string) int { t.Helper(); return len(h.do("GET", "/v1/avatars"+q, nil).expect(t, 200).list(t)) }
	for q, want := range map[string]int{"?orientation=ASPECT_RATIO_9_16": 2, "?model=ARGIL_ATOM": 2,
		"?orientation=ASPECT_RATIO_16_9&model=ARGIL_ATOM": 1, "?visibility=public": 4, "?visibility=private": 0} {
		if got := count(q); got != want {
			t.Errorf("%s: %d avatars, want %d", q, got, want)
		}
	}
	h.do("POST", "/v1/avatars", map[string]any{"type": "IMAGE", "name": "Mine", "datasetImage": map[string]any{"url": "https://example.com/me.jpg"}}).expect(t, 201)
	if count("?visibility=private") != 1 || count("?visibility=public") != 4 || count("") != 5 {
		t.Errorf("visibility after creating a private avatar: private %d public %d all %d",
			count("?visibility=private"), count("?visibility=public"), count(""))
	}
	h.do("GET", "/v1/avatars?orientation=SQUARE", nil, invalidRequest()).expectError(t, 400, "")
	h.do("GET", "/v1/avatars?visibility=everyone", nil, invalidRequest()).expectError(t, 400, "")

	got := h.do("GET", "/v1/avatars/"+AvatarNoahID, nil).expect(t, 200).json(t)
	if got["orientation"] != "ASPECT_RATIO_9_16" || got["model"] != "ARGIL_ATOM" || got["height"] != 1920.0 {
		t.Errorf("Noah = %v", got)
	}
	h.do("GET", "/v1/avatars/3c90c3cc-0d44-4b50-8888-8dd25736052a", nil).expectError(t, 404, "Avatar not found")
}

func TestCreateAvatarTraining(t *testing.T) {
	rc := newReceiver(t)
	h := newHarness(t, Options{HTTPClient: rc.srv.Client()})
	h.do("POST", "/v1/webhooks", map[string]any{"callbackUrl": rc.srv.URL + "/avatars",
		"events": []string{EventAvatarSuccess, EventAvatarFailed}}).expect(t, 201)

	a := h.do("POST", "/v1/avatars", map[string]any{"type": "IMAGE", "name": "Me",
		"datasetImage": map[string]any{"base64": "data:image/png;base64,iVBORw0KGgo="}, "extras": map[string]any{"team": "x"}}).
		expect(t, 201).json(t)
	id := asStr(t, a["id"])
	if a["status"] != "TRAINING" || a["name"] != "Me" || asMap(t, a["extras"])["team"] != "x" {
		t.Fatalf("created avatar = %v", a)
	}
	h.clock.Advance(2*time.Second - time.Nanosecond)
	if s, _ := h.emu.AvatarStatus(id); s != "TRAINING" {
		t.Errorf("before the training time: %s", s)
	}
	h.emu.Flush()
	if len(rc.received()) != 0 {
		t.Fatalf("event before the training ended")
	}
	h.clock.Advance(time.Nanosecond)
	got := h.do("GET", "/v1/avatars/"+id, nil).expect(t, 200).json(t)
	if got["status"] != "IDLE" || got["updatedAt"] != h.clock.Now().Format(time.RFC3339) {
		t.Errorf("after training: %v %v", got["status"], got["updatedAt"])
	}
	body, ev, data := rc.lastEvent(t, h, 1, "AvatarTrainingEvent")
	if ev["event"] != EventAvatarSuccess || data["avatarId"] != id || data["avatarName"] != "Me" || asMap(t, data["extras"])["team"] != "x" {
		t.Errorf("event = %s", body)
	}
	// No voiceId was given: a voice design was created for the avatar.
	voiceID, _ := data["voiceId"].(string)
	h.do("GET", "/v1/voices/"+voiceID, nil).expect(t, 200)

	h.emu.FailNextAvatar()
	id = asStr(t, h.do("POST", "/v1/avatars", map[string]any{"type": "IMAGE", "name": "Broken",
		"datasetImage": map[string]any{"url": "https://example.com/x.jpg"}, "voiceId": VoiceEmmaID}).expect(t, 201).json(t)["id"])
	h.clock.Advance(2 * time.Second)
	h.emu.Flush()
	if s, _ := h.emu.AvatarStatus(id); s != "TRAINING_FAILED" {
		t.Errorf("FailNextAvatar: %s", s)
	}
	body, ev, data = rc.lastEvent(t, h, 2, "AvatarTrainingEvent")
	if ev["event"] != EventAvatarFailed || data["avatarId"] != id {
		t.Errorf("failed event = %s", body)
	}

	h.emu.RefuseNextAvatar()
	id = asStr(t, h.do("POST", "/v1/avatars", map[string]any{"type": "IMAGE", "name": "Refused",
		"datasetImage": map[string]any{"url": "https://example.com/x.jpg"}}).expect(t, 201).json(t)["id"])
	h.clock.Advance(2 * time.Second)
	h.emu.Flush()
	if s, _ := h.emu.AvatarStatus(id); s != "REFUSED" || len(rc.received()) != 2 {
		t.Errorf("RefuseNextAvatar: %s, %d events (want REFUSED and no new event)", s, len(rc.received()))
	}
	// Catalog avatars never send events.
	if d := h.emu.Deliveries(); len(d) != 2 || d[0].WebhookID == "" {
		t.Errorf("deliveries = %+v", d)
	}
}

func TestRefusedAvatarEventSwitch(t *testing.T) {
	rc := newReceiver(t)
	h := newHarness(t, Options{HTTPClient: rc.srv.Client(), RefusedAvatarSendsFailedEvent: true, AvatarTraining: time.Minute})
	h.do("POST", "/v1/webhooks", map[string]any{"callbackUrl": rc.srv.URL, "events": []string{EventAvatarFailed}}).expect(t, 201)
	h.emu.RefuseNextAvatar()
	h.do("POST", "/v1/avatars", map[string]any{"type": "IMAGE", "name": "R", "datasetImage": map[string]any{"url": "https://e.com/x.jpg"}}).expect(t, 201)
	h.clock.Advance(59 * time.Second)
	h.emu.Flush()
	if len(rc.received()) != 0 {
		t.Fatalf("event before AvatarTraining elapsed")
	}
	h.clock.Advance(time.Second)
	h.emu.Flush()
	if evs := rc.received(); len(evs) != 1 || !strings.Contains(string(evs[0]), EventAvatarFailed) {
		t.Errorf("events = %s", evs)
	}
}

func TestCreateAvatarValidation(t *testing.T) {
	img := map[string]any{"url": "https://example.com/x.jpg"}
	body := func(kv ...any) map[string]any {
		b := map[string]any{"type": "IMAGE", "name": "A", "datasetImage": img}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(b, asStr(t, kv[i]))
			} else {
				b[asStr(t, kv[i])] = kv[i+1]
			}
		}
		return b
	}
	extras := map[string]any{}
	for _, k := range strings.Split("a b c d e f g h i j k", " ") {
		extras[k] = "v"
	}
	cases := map[string]any{
		"no body":              nil,
		"type missing":         body("type", nil),
		"type VIDEO":           body("type", "VIDEO"),
		"name missing":         body("name", nil),
		"name empty":           body("name", ""),
		"name too long":        body("name", strings.Repeat("n", 257)),
		"datasetImage missing": body("datasetImage", nil),
		"datasetImage both":    body("datasetImage", map[string]any{"url": "https://e.com/x.jpg", "base64": "data:image/png;base64,AA=="}),
		"datasetImage neither": body("datasetImage", map[string]any{}),
		"datasetImage http":    body("datasetImage", map[string]any{"url": "http://e.com/x.jpg"}),
		"datasetImage gif":     body("datasetImage", map[string]any{"base64": "data:image/gif;base64,AA=="}),
		"datasetImage extra":   body("datasetImage", map[string]any{"url": "https://e.com/x.jpg", "crop": true}),
		"unknown field":        body("datasetVideo", map[string]any{"url": "https://e.com/v.mp4"}),
		"voiceId not a uuid":   body("voiceId", "voice-1"),
		"extras too many":      body("extras", extras),
	}
	h := newHarness(t, Options{})
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			h.do("POST", "/v1/avatars", b, invalidRequest()).expectError(t, 400, "")
		})
	}
	if n := len(h.do("GET", "/v1/avatars?visibility=private", nil).expect(t, 200).list(t)); n != 0 {
		t.Errorf("%d avatars created by invalid requests", n)
	}
}

func TestVoices(t *testing.T) {
	h := newHarness(t, Options{})
	all := h.do("GET", "/v1/voices", nil).expect(t, 200).list(t)
	if len(all) != 6 || all[0]["id"] != VoiceEmmaID || all[0]["language"] != "ENGLISH" || all[0]["gender"] != "FEMALE" || all[0]["status"] != "IDLE" {
		t.Fatalf("voices = %v", all)
	}
	count := func(q string) int { t.Helper(); return len(h.do("GET", "/v1/voices"+q, nil).expect(t, 200).list(t)) }
	for q, want := range map[string]int{"?language=ENGLISH": 2, "?gender=MALE": 3, "?language=ENGLISH&gender=MALE": 1, "?language=ARABIC": 0} {
		if got := count(q); got != want {
			t.Errorf("%s: %d voices, want %d", q, got, want)
		}
	}
	h.do("GET", "/v1/voices?language=KLINGON", nil, invalidRequest()).expectError(t, 400, "")
	h.do("GET", "/v1/voices/"+VoiceGretaID, nil).expect(t, 200)
	h.do("GET", "/v1/voices/3c90c3cc-0d44-4b50-8888-8dd25736052a", nil).expectError(t, 404, "Voice not found")

	v := h.do("POST", "/v1/voices", map[string]any{"name": "Clone", "audioUrl": "https://example.com/me.mp3",
		"modelId": "eleven_multilingual_v2", "voiceStability": 0.5, "voiceSpeed": 1.1, "speakerBoost": true}).expect(t, 201).json(t)
	if v["status"] != "IDLE" || v["name"] != "Clone" || v["language"] != nil || v["gender"] != nil {
		t.Errorf("created voice = %v", v)
	}
	sample := h.do("GET", strings.TrimPrefix(asStr(t, v["sampleUrl"]), h.srv.URL), nil).expect(t, 200)
	if sample.header.Get("Content-Type") != "audio/mpeg" {
		t.Errorf("sample content type %q", sample.header.Get("Content-Type"))
	}
	if count("") != 7 {
		t.Errorf("the cloned voice is not listed")
	}
	for name, b := range map[string]any{
		"name missing":    map[string]any{"audioUrl": "https://e.com/a.mp3"},
		"name too long":   map[string]any{"name": strings.Repeat("n", 257), "audioUrl": "https://e.com/a.mp3"},
		"audioUrl http":   map[string]any{"name": "x", "audioUrl": "http://e.com/a.mp3"},
		"audioUrl absent": map[string]any{"name": "x"},
		"speed too high":  map[string]any{"name": "x", "audioUrl": "https://e.com/a.mp3", "voiceSpeed": 2},
		"stability < 0":   map[string]any{"name": "x", "audioUrl": "https://e.com/a.mp3", "voiceStability": -0.1},
		"boost not bool":  map[string]any{"name": "x", "audioUrl": "https://e.com/a.mp3", "speakerBoost": "yes"},
	} {
		t.Run(name, func(t *testing.T) {
			h.do("POST", "/v1/voices", b, invalidRequest()).expectError(t, 400, "")
		})
	}
	// Unknown fields are ignored by default, refused with the switch.
	h.do("POST", "/v1/voices", map[string]any{"name": "x", "audioUrl": "https://e.com/a.mp3", "settings": map[string]any{}}).expect(t, 201)
	strict := newHarness(t, Options{RejectUnknownVoiceFields: true})
	strict.do("POST", "/v1/voices", map[string]any{"name": "x", "audioUrl": "https://e.com/a.mp3", "settings": map[string]any{}}).expectError(t, 400, "")
}

func TestCreateStatusSwitches(t *testing.T) {
	// 200 is outside the contract (which infers 201), so these go straight to the handler.
	e := New(Options{VoiceCreateStatus: 200, AssetCreateStatus: 202})
	defer e.Close()
	if rec := httptestRecorder(e, "POST", "/v1/voices", `{"name":"x","audioUrl":"https://e.com/a.mp3"}`, DefaultAPIKey); rec.Code != 200 {
		t.Errorf("POST /voices with VoiceCreateStatus 200: %d %s", rec.Code, rec.Body)
	}
	if rec := httptestRecorder(e, "POST", "/v1/assets", `{"name":"x","type":"IMAGE","url":"https://e.com/a.png"}`, DefaultAPIKey); rec.Code != 202 {
		t.Errorf("POST /assets with AssetCreateStatus 202: %d %s", rec.Code, rec.Body)
	}
}

func TestCreatedAtKey(t *testing.T) {
	for _, key := range []string{"", "createdAt", "createAt"} {
		h := newHarness(t, Options{CreatedAtKey: key})
		want, other := "createdAt", "createAt"
		if key == "createAt" {
			want, other = other, want
		}
		objs := []map[string]any{
			h.do("GET", "/v1/avatars/"+AvatarEmmaID, nil).expect(t, 200).json(t),
			h.do("GET", "/v1/voices/"+VoiceEmmaID, nil).expect(t, 200).json(t),
			h.do("POST", "/v1/webhooks", map[string]any{"callbackUrl": "https://e.com/h", "events": []string{EventVideoSuccess}}).expect(t, 201).json(t),
		}
		for _, o := range objs {
			if _, ok := o[want]; !ok {
				t.Errorf("CreatedAtKey %q: %v lacks %s", key, o, want)
			}
			if _, ok := o[other]; ok {
				t.Errorf("CreatedAtKey %q: %v has %s", key, o, other)
			}
		}
	}
}

func TestAssets(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.do("GET", "/v1/assets", nil).expect(t, 200)
	music := r.list(t)
	if len(music) != 3 || music[0]["id"] != AssetMusicCalmID || music[0]["type"] != "AUDIO" || music[0]["status"] != "READY" {
		t.Fatalf("library = %v", music)
	}
	for k, want := range map[string]string{"X-Total-Count": "3", "X-Page": "1", "X-Page-Size": "20", "X-Total-Pages": "1"} {
		if got := r.header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if f := h.do("GET", strings.TrimPrefix(asStr(t, music[0]["fileUrl"]), h.srv.URL), nil).expect(t, 200); f.header.Get("Content-Type") != "audio/mpeg" {
		t.Errorf("music file content type %q", f.header.Get("Content-Type"))
	}

	a := h.do("POST", "/v1/assets", map[string]any{"name": "clip", "type": "VIDEO", "url": "https://example.com/clip.mp4"}).expect(t, 201).json(t)
	id := asStr(t, a["id"])
	if a["status"] != "PROCESSING" || a["fileUrl"] != nil || a["thumbnailUrl"] != nil || a["type"] != "VIDEO" {
		t.Fatalf("created asset = %v", a)
	}
	if n := len(h.do("GET", "/v1/assets", nil).expect(t, 200).list(t)); n != 3 {
		t.Errorf("default status READY should hide the PROCESSING asset, got %d", n)
	}
	if l := h.do("GET", "/v1/assets?status=PROCESSING", nil).expect(t, 200).list(t); len(l) != 1 || l[0]["id"] != id {
		t.Errorf("status=PROCESSING = %v", l)
	}
	h.clock.Advance(time.Second)
	got := h.do("GET", "/v1/assets/"+id, nil).expect(t, 200).json(t)
	if got["status"] != "READY" || got["fileUrl"] == nil || got["thumbnailUrl"] == nil {
		t.Fatalf("after processing = %v", got)
	}
	h.do("GET", strings.TrimPrefix(asStr(t, got["fileUrl"]), h.srv.URL), nil).expect(t, 200)

	img := asStr(t, h.do("POST", "/v1/assets", map[string]any{"name": "pic", "type": "IMAGE", "url": "http://example.com/p.png"}).expect(t, 201).json(t)["id"])
	h.emu.FailNextAsset()
	bad := asStr(t, h.do("POST", "/v1/assets", map[string]any{"name": "bad", "type": "IMAGE", "url": "https://example.com/p.png"}).expect(t, 201).json(t)["id"])
	h.clock.Advance(time.Second)
	if s, _ := h.emu.AssetStatus(bad); s != "FAILED" {
		t.Errorf("FailNextAsset: %s", s)
	}
	if g := h.do("GET", "/v1/assets/"+bad, nil).expect(t, 200).json(t); g["fileUrl"] != nil {
		t.Errorf("FAILED asset has a fileUrl: %v", g)
	}
	count := func(q string) (int, string) {
		t.Helper()
		r := h.do("GET", "/v1/assets"+q, nil).expect(t, 200)
		return len(r.list(t)), r.header.Get("X-Total-Count")
	}
	for q, want := range map[string]int{"?type=AUDIO": 3, "?type=IMAGE&type=VIDEO": 2, "?type=VIDEO": 1, "?status=FAILED": 1, "": 5} {
		if n, total := count(q); n != want || total != itoa(want) {
			t.Errorf("%s: %d assets (X-Total-Count %s), want %d", q, n, total, want)
		}
	}
	r = h.do("GET", "/v1/assets?pageSize=2&page=3", nil).expect(t, 200)
	if l := r.list(t); len(l) != 1 || l[0]["id"] != img || r.header.Get("X-Total-Pages") != "3" || r.header.Get("X-Page") != "3" {
		t.Errorf("page 3 of 2 = %v, headers %v", ids(t, l), r.header)
	}

	// Soft delete: gone from the API, file still served.
	file := strings.TrimPrefix(asStr(t, got["fileUrl"]), h.srv.URL)
	if m := h.do("DELETE", "/v1/assets/"+id, nil).expect(t, 200).json(t); m["message"] != "Asset deleted" {
		t.Errorf("delete = %v", m)
	}
	h.do("GET", "/v1/assets/"+id, nil).expectError(t, 404, "Asset not found")
	h.do("DELETE", "/v1/assets/"+id, nil).expectError(t, 404, "Asset not found")
	if n, _ := count("?type=VIDEO"); n != 0 {
		t.Errorf("deleted asset still listed")
	}
	h.do("GET", file, nil).expect(t, 200)

	for name, q := range map[string]string{"bad type": "?type=GIF", "pageSize 0": "?pageSize=0", "pageSize 101": "?pageSize=101", "page 0": "?page=0", "bad status": "?status=DONE"} {
		t.Run(name, func(t *testing.T) { h.do("GET", "/v1/assets"+q, nil, invalidRequest()).expectError(t, 400, "") })
	}
	for name, b := range map[string]any{
		"type AUDIO":   map[string]any{"name": "x", "type": "AUDIO", "url": "https://e.com/a.mp3"},
		"url missing":  map[string]any{"name": "x", "type": "IMAGE"},
		"url relative": map[string]any{"name": "x", "type": "IMAGE", "url": "/a.png"},
		"name empty":   map[string]any{"name": "", "type": "IMAGE", "url": "https://e.com/a.png"},
	} {
		t.Run(name, func(t *testing.T) { h.do("POST", "/v1/assets", b, invalidRequest()).expectError(t, 400, "") })
	}
	h.do("GET", "/v1/assets/3c90c3cc-0d44-4b50-8888-8dd25736052a", nil).expectError(t, 404, "Asset not found")

	strict := newHarness(t, Options{RequireHTTPSAssetURL: true})
	strict.do("POST", "/v1/assets", map[string]any{"name": "x", "type": "IMAGE", "url": "http://e.com/a.png"}).expectError(t, 400, "url must use HTTPS")
}

func TestSubtitleStyles(t *testing.T) {
	h := newHarness(t, Options{})
	p := h.do("GET", "/v1/subtitles", nil).expect(t, 200).json(t)
	items := asList(t, p["items"])
	if len(items) != 10 || p["totalItems"] != 12.0 || p["totalPages"] != 2.0 || p["currentPage"] != 1.0 || p["itemsPerPage"] != 10.0 {
		t.Fatalf("default page = %v", p)
	}
	if first := asMap(t, items[0]); first["id"] != SubtitleStyleClassicID || first["name"] != "Classic" {
		t.Errorf("first style = %v", first)
	}
	p = h.do("GET", "/v1/subtitles?page=2", nil).expect(t, 200).json(t)
	if items := asList(t, p["items"]); len(items) != 2 || asMap(t, items[1])["id"] != SubtitleStyleID(12) {
		t.Errorf("page 2 = %v", items)
	}
	if items := asList(t, h.do("GET", "/v1/subtitles?pageSize=100", nil).expect(t, 200).json(t)["items"]); len(items) != 12 {
		t.Errorf("pageSize=100 gave %d", len(items))
	}
	h.do("GET", "/v1/subtitles?pageSize=0", nil, invalidRequest()).expectError(t, 400, "")
	h.do("GET", "/v1/subtitles?page=0", nil, invalidRequest()).expectError(t, 400, "")
}

func TestExportSubtitles(t *testing.T) {
	h := newHarness(t, Options{})
	id := asStr(t, h.createVideo(map[string]any{
		"name": "Subs",
		"moments": []any{
			map[string]any{"transcript": strings.Repeat("a", 30), "avatarId": "a"},
			map[string]any{"audioUrl": "https://e.com/a.mp3", "avatarId": "a"},
			map[string]any{"transcript": "Bye.", "avatarId": "a"},
		},
		"subtitles": map[string]any{"enable": true, "styleId": SubtitleStyleID(3), "position": "Top", "size": "Large"},
	})["id"])
	r := h.do("GET", "/v1/subtitles/videos/"+id+"/export", nil).expect(t, 200)
	want := "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\n" + strings.Repeat("a", 30) + "\n\n2\n00:00:07.000 --> 00:00:08.000\nBye.\n"
	if string(r.body) != want {
		t.Errorf("vtt =\n%s\nwant\n%s", r.body, want)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/vtt") {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="`+id+`.vtt"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	styled := string(h.do("GET", "/v1/subtitles/videos/"+id+"/export?format=vtt&includeStyling=true", nil).expect(t, 200).body)
	if !strings.Contains(styled, "STYLE") || !strings.Contains(styled, "line:10%") || !strings.Contains(styled, "130%") {
		t.Errorf("styled vtt =\n%s", styled)
	}
	r = h.do("GET", "/v1/subtitles/videos/"+id+"/export?format=ass", nil).expect(t, 200)
	ass := string(r.body)
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/x-ass") || !strings.Contains(ass, "[Script Info]") ||
		!strings.Contains(ass, "Dialogue: 0,0:00:07.00,0:00:08.00,Default,Bye.") {
		t.Errorf("ass (%s) =\n%s", r.header.Get("Content-Type"), ass)
	}
	if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, id+".ass") {
		t.Errorf("Content-Disposition %q", cd)
	}
	ass = string(h.do("GET", "/v1/subtitles/videos/"+id+"/export?format=ass&includeStyling=true", nil).expect(t, 200).body)
	if !strings.Contains(ass, "Style: Karaoke, Arial, 64, &H00FFFFFF, -1, 8, 60") || !strings.Contains(ass, ",Karaoke,Bye.") {
		t.Errorf("styled ass =\n%s", ass)
	}
	h.do("GET", "/v1/subtitles/videos/3c90c3cc-0d44-4b50-8888-8dd25736052a/export", nil).expectError(t, 404, "Video project not found")
	h.do("GET", "/v1/subtitles/videos/not-a-uuid/export", nil, invalidRequest()).expectError(t, 400, "")
	h.do("GET", "/v1/subtitles/videos/"+id+"/export?format=srt", nil, invalidRequest()).expectError(t, 400, "")
	h.do("GET", "/v1/subtitles/videos/"+id+"/export?includeStyling=maybe", nil, invalidRequest()).expectError(t, 400, "")
}

func TestWebhooksCRUD(t *testing.T) {
	h := newHarness(t, Options{})
	if l := h.do("GET", "/v1/webhooks", nil).expect(t, 200).list(t); len(l) != 0 {
		t.Fatalf("webhooks at start: %v", l)
	}
	wh := h.do("POST", "/v1/webhooks", map[string]any{"callbackUrl": "https://e.com/a", "events": []string{EventVideoSuccess, EventVideoFailed}}).expect(t, 201).json(t)
	id := asStr(t, wh["id"])
	if !uuidV4.MatchString(id) || wh["callbackUrl"] != "https://e.com/a" || len(asList(t, wh["events"])) != 2 || wh["lastTriggeredAt"] != nil {
		t.Fatalf("created webhook = %v", wh)
	}
	h.do("POST", "/v1/webhooks", map[string]any{"callbackUrl": "http://plain.example/b", "events": []string{EventAvatarSuccess}}).expect(t, 201)
	if l := h.do("GET", "/v1/webhooks", nil).expect(t, 200).list(t); len(l) != 2 || l[0]["id"] != id {
		t.Errorf("list = %v", l)
	}
	h.clock.Advance(time.Minute)
	up := h.do("PUT", "/v1/webhooks/"+id, map[string]any{"events": []string{EventVideoFailed}}).expect(t, 200).json(t)
	if up["callbackUrl"] != "https://e.com/a" || len(asList(t, up["events"])) != 1 || up["updatedAt"] == up["createdAt"] {
		t.Errorf("events-only update = %v", up)
	}
	up = h.do("PUT", "/v1/webhooks/"+id, map[string]any{"callbackUrl": "https://e.com/new"}).expect(t, 200).json(t)
	if up["callbackUrl"] != "https://e.com/new" || asList(t, up["events"])[0] != EventVideoFailed {
		t.Errorf("url-only update = %v", up)
	}
	h.do("PUT", "/v1/webhooks/"+id, map[string]any{"secret": "x"}, invalidRequest()).expectError(t, 400, "")
	h.do("PUT", "/v1/webhooks/"+id, map[string]any{"events": []string{}}, invalidRequest()).expectError(t, 400, "")
	h.do("PUT", "/v1/webhooks/3c90c3cc-0d44-4b50-8888-8dd25736052a", map[string]any{}).expectError(t, 404, "Webhook not found")
	for name, b := range map[string]any{
		"no url":        map[string]any{"events": []string{EventVideoSuccess}},
		"no events":     map[string]any{"callbackUrl": "https://e.com/a"},
		"empty events":  map[string]any{"callbackUrl": "https://e.com/a", "events": []string{}},
		"unknown event": map[string]any{"callbackUrl": "https://e.com/a", "events": []string{"VIDEO_DELETED"}},
		"extra field":   map[string]any{"callbackUrl": "https://e.com/a", "events": []string{EventVideoSuccess}, "secret": "s"},
		"url not a url": map[string]any{"callbackUrl": "not a url", "events": []string{EventVideoSuccess}},
	} {
		t.Run(name, func(t *testing.T) { h.do("POST", "/v1/webhooks", b, invalidRequest()).expectError(t, 400, "") })
	}
	r := h.do("DELETE", "/v1/webhooks/"+id, nil).expect(t, 204)
	if len(r.body) != 0 {
		t.Errorf("204 with a body: %s", r.body)
	}
	h.do("DELETE", "/v1/webhooks/"+id, nil).expectError(t, 404, "Webhook not found")
	if l := h.do("GET", "/v1/webhooks", nil).expect(t, 200).list(t); len(l) != 1 {
		t.Errorf("after delete: %v", l)
	}
	strict := newHarness(t, Options{RequireHTTPSWebhookURL: true})
	strict.do("POST", "/v1/webhooks", map[string]any{"callbackUrl": "http://e.com/a", "events": []string{EventVideoSuccess}}).
		expectError(t, 400, "callbackUrl must use HTTPS")
}

func TestWebhookVideoDelivery(t *testing.T) {
	rc := newReceiver(t)
	h := newHarness(t, Options{HTTPClient: rc.srv.Client()})
	sub := asStr(t, h.do("POST", "/v1/webhooks", map[string]any{"callbackUrl": rc.srv.URL + "/all", "events": []string{EventVideoSuccess, EventVideoFailed}}).expect(t, 201).json(t)["id"])
	other := asStr(t, h.do("POST", "/v1/webhooks", map[string]any{"callbackUrl": rc.srv.URL + "/failed-only", "events": []string{EventVideoFailed}}).expect(t, 201).json(t)["id"])
	id := asStr(t, h.createVideo(simpleVideo("Hooked"))["id"])
	h.do("POST", "/v1/videos/"+id+"/render", map[string]any{"callbackUrl": rc.srv.URL + "/once"}).expect(t, 200)
	h.clock.Advance(6 * time.Second)
	h.emu.Flush()
	d := h.emu.Deliveries()
	if len(d) != 2 || d[0].URL != rc.srv.URL+"/once" || d[0].WebhookID != "" || d[1].URL != rc.srv.URL+"/all" || d[1].WebhookID != sub {
		t.Fatalf("deliveries = %+v", d)
	}
	for _, b := range rc.received() {
		checkEvent(t, h, "WebhookEventPayload", b)
	}
	hooks := h.do("GET", "/v1/webhooks", nil).expect(t, 200).list(t)
	if hooks[0]["lastTriggeredAt"] != h.clock.Now().Format(time.RFC3339) || hooks[1]["lastTriggeredAt"] != nil {
		t.Errorf("lastTriggeredAt: %v / %v", hooks[0]["lastTriggeredAt"], hooks[1]["lastTriggeredAt"])
	}
	// A second render without callbackUrl reaches the webhooks only.
	h.emu.FailNextRender(id)
	h.do("POST", "/v1/videos/"+id+"/render", nil).expect(t, 200)
	h.clock.Advance(6 * time.Second)
	h.emu.Flush()
	d = h.emu.Deliveries()[2:]
	if len(d) != 2 || d[0].WebhookID != sub || d[1].WebhookID != other || d[0].Event != EventVideoFailed {
		t.Errorf("failure deliveries = %+v", d)
	}
}

func TestValidateReferences(t *testing.T) {
	h := newHarness(t, Options{ValidateReferences: true})
	good := map[string]any{"name": "ok", "moments": []any{map[string]any{"transcript": "hi", "avatarId": AvatarLiamID, "voiceId": VoiceLiamID, "gestureSlug": "gesture-2"}},
		"subtitles": map[string]any{"enable": true, "styleId": SubtitleStyleClassicID}, "backgroundMusic": map[string]any{"assetId": AssetMusicCalmID}}
	v := h.createVideo(good)
	if v["aspectRatio"] != "9:16" {
		t.Errorf("aspectRatio should follow the 9:16 avatar, got %v", v["aspectRatio"])
	}
	mut := func(f func(b map[string]any)) map[string]any {
		b, _ := json.Marshal(good)
		var out map[string]any
		_ = json.Unmarshal(b, &out)
		f(out)
		return out
	}
	moment := func(b map[string]any) map[string]any { return asMap(t, asList(t, b["moments"])[0]) }
	for name, b := range map[string]map[string]any{
		"unknown avatar":  mut(func(b map[string]any) { moment(b)["avatarId"] = "nope" }),
		"unknown voice":   mut(func(b map[string]any) { moment(b)["voiceId"] = "nope" }),
		"unknown gesture": mut(func(b map[string]any) { moment(b)["gestureSlug"] = "gesture-99" }),
		"unknown style":   mut(func(b map[string]any) { asMap(t, b["subtitles"])["styleId"] = "nope" }),
		"unknown music":   mut(func(b map[string]any) { asMap(t, b["backgroundMusic"])["assetId"] = "nope" }),
	} {
		t.Run(name, func(t *testing.T) { h.do("POST", "/v1/videos", b).expectError(t, 400, "") })
	}
	// Without the switch, unknown ids are accepted.
	lax := newHarness(t, Options{})
	lax.createVideo(mut(func(b map[string]any) { moment(b)["avatarId"] = "nope" }))
}

func TestCountEveryRoute(t *testing.T) {
	h := newHarness(t, Options{})
	none := "3c90c3cc-0d44-4b50-8888-8dd25736052a"
	calls := []struct{ route, method, path string }{
		{"POST /videos", "POST", "/v1/videos"},
		{"GET /videos", "GET", "/v1/videos"},
		{"GET /videos/{id}", "GET", "/v1/videos/" + none},
		{"DELETE /videos/{id}", "DELETE", "/v1/videos/" + none},
		{"POST /videos/{id}/render", "POST", "/v1/videos/" + none + "/render"},
		{"GET /avatars", "GET", "/v1/avatars"},
		{"POST /avatars", "POST", "/v1/avatars"},
		{"GET /avatars/{id}", "GET", "/v1/avatars/" + none},
		{"GET /voices", "GET", "/v1/voices"},
		{"POST /voices", "POST", "/v1/voices"},
		{"GET /voices/{id}", "GET", "/v1/voices/" + none},
		{"GET /assets", "GET", "/v1/assets"},
		{"POST /assets", "POST", "/v1/assets"},
		{"GET /assets/{id}", "GET", "/v1/assets/" + none},
		{"DELETE /assets/{id}", "DELETE", "/v1/assets/" + none},
		{"GET /subtitles", "GET", "/v1/subtitles"},
		{"GET /subtitles/videos/{videoProjectId}/export", "GET", "/v1/subtitles/videos/" + none + "/export"},
		{"GET /webhooks", "GET", "/v1/webhooks"},
		{"POST /webhooks", "POST", "/v1/webhooks"},
		{"PUT /webhooks/{id}", "PUT", "/v1/webhooks/" + none},
		{"DELETE /webhooks/{id}", "DELETE", "/v1/webhooks/" + none},
	}
	for i, c := range calls {
		// Twice each with a wrong key (401 counts too), once more for the first ones.
		for j := 0; j < 2; j++ {
			h.do(c.method, c.path, nil, withKey("wrong"), invalidRequest()).expect(t, http.StatusUnauthorized)
		}
		if i%2 == 0 {
			h.do(c.method, c.path, nil, withKey("wrong"), invalidRequest())
		}
	}
	for i, c := range calls {
		want := 2 + (1 - i%2)
		if got := h.emu.Count(c.route); got != want {
			t.Errorf("Count(%q) = %d, want %d", c.route, got, want)
		}
	}
	if n := len(h.emu.Counts()); n != len(calls) {
		t.Errorf("%d routes counted, want %d: %v", n, len(calls), h.emu.Counts())
	}
}
