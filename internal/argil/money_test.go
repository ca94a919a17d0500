package argil_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// The tests in this file hold the client to the money rule when Argil behaves as its own n8n
// node allows (see the emulator's README): finished renders that read IDLE, renders queued
// IDLE, POSTs accepted slowly, short list items, odd JSON.

// startEmulatorCfg starts an emulator with opts and a client for it (mod adjusts the config).
func startEmulatorCfg(t *testing.T, opts emulator.Options, mod func(*argil.Config)) (*emulator.Emulator, *argil.Client) {
	opts.Seed = 1
	return startEmu(t, opts, mod, nil)
}

// postGivesUpAfter100ms sets a client that gives up a create POST after 100 ms and then
// reads back for window, to see whether Argil acted.
func postGivesUpAfter100ms(window time.Duration) func(*argil.Config) {
	return func(cfg *argil.Config) {
		cfg.CreateRequestTimeout = 100 * time.Millisecond
		cfg.ReadBackWindow = window
	}
}

// renderOf seeds the video seed, reads it as the provider does before a render, and starts its
// render: the video's id, the video before the render, and what StartRender returned.
func renderOf(t *testing.T, e *emulator.Emulator, c *argil.Client, seed emulator.SeedVideo) (string, *argil.Video, *argil.RenderStarted, error) {
	t.Helper()
	id := e.SeedVideo(seed)
	before, _ := c.GetVideo(context.Background(), id)
	started, err := c.StartRender(context.Background(), id, argil.RenderArgs{}, before)
	return id, before, started, err
}

// logRecorder is an argil.Logger that keeps the warnings.
type logRecorder struct {
	mu    sync.Mutex
	warns []string
}

func (l *logRecorder) Debug(context.Context, string, map[string]any) {}
func (l *logRecorder) Info(context.Context, string, map[string]any)  {}
func (l *logRecorder) Warn(_ context.Context, msg string, f map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.warns = append(l.warns, fmt.Sprintf("%s %v", msg, f))
}

func (l *logRecorder) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.warns, "\n")
}

// --- Decoding ----------------------------------------------------------------------------------

func TestVideoDecoderIsTolerant(t *testing.T) {
	body := `{"id":"v1","name":"Odd","status":"done","duration":"12.5","aspectRatio":169,
		"videoUrl":"https://cdn/v.mp4","previewUrl":{"url":"x"},"updatedAt":"2025-01-01T00:00:00Z",
		"moments":[{"transcript":"Hi.","avatarId":7,"zoom":"big"},"not a moment"],
		"subtitles":{"enable":"yes"},"extras":{"a":"b","n":3},"credits":{"used":1}}`
	var v argil.Video
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("one odd field made the video unreadable: %v", err)
	}
	if v.ID != "v1" || v.Name != "Odd" || v.Status != argil.StatusDone || v.VideoURL != "https://cdn/v.mp4" || v.UpdatedAt == "" {
		t.Errorf("the well-formed fields were not read: %+v", v)
	}
	if v.Duration == nil || *v.Duration != 12.5 {
		t.Errorf("a duration sent as a numeric string should be read: %v", v.Duration)
	}
	if v.AspectRatio != "169" || v.PreviewURL != "" {
		t.Errorf("aspectRatio %q (a number kept as text), previewUrl %q (an object skipped)", v.AspectRatio, v.PreviewURL)
	}
	if len(v.Moments) != 2 || v.Moments[0].Transcript != "Hi." || v.Moments[0].AvatarID != "7" || v.Moments[0].Zoom == nil {
		t.Errorf("moments = %+v", v.Moments)
	}
	if v.Subtitles == nil || v.Extras["a"] != "b" || v.Extras["n"] != "3" {
		t.Errorf("subtitles %+v extras %v", v.Subtitles, v.Extras)
	}
	want := []string{"duration", "aspectRatio", "previewUrl", "moments[0].avatarId", "moments[1]", "subtitles.enable"}
	got := strings.Join(v.OddFields(), ",")
	for _, f := range want {
		if !strings.Contains(","+got+",", ","+f+",") {
			t.Errorf("OddFields %q does not name %s", got, f)
		}
	}
	if strings.Contains(got, "credits") || strings.Contains(got, "extras") {
		t.Errorf("unknown fields and non-string extras are normal, not odd: %q", got)
	}
	// A well-formed video has no odd field, and null leaves a video unchanged.
	var ok argil.Video
	if err := json.Unmarshal([]byte(`{"id":"v2","status":"IDLE","duration":null,"videoUrl":null,"moments":[]}`), &ok); err != nil || ok.OddFields() != nil {
		t.Errorf("a documented video: %v, odd %v", err, ok.OddFields())
	}
	if err := json.Unmarshal([]byte(`null`), &ok); err != nil || ok.ID != "v2" {
		t.Errorf("null: %v, %+v", err, ok)
	}
	if err := json.Unmarshal([]byte(`"a string"`), &ok); err == nil {
		t.Errorf("a body that is not an object must be an error")
	}
}

func TestOddVideoFieldsAreLoggedAsWarnings(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"id":"v1","status":"DONE","duration":"3","videoUrl":"https://cdn/v.mp4"}`))
	}))
	defer srv.Close()
	var log logRecorder
	c, err := argil.New(argil.Config{BaseURL: srv.URL + "/v1", APIKey: emuKey, Logger: &log})
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.GetVideo(context.Background(), "v1")
	if err != nil || v.Duration == nil || *v.Duration != 3 {
		t.Fatalf("GetVideo = %+v, %v", v, err)
	}
	if got := log.text(); !strings.Contains(got, "unexpected type") || !strings.Contains(got, "duration") || !strings.Contains(got, "v1") {
		t.Errorf("warnings = %q, want one naming the video and the field", got)
	}
}

func TestStatusesAreComparedCaseInsensitively(t *testing.T) {
	for status, want := range map[string]argil.Outcome{
		"done": argil.Succeeded, " Done ": argil.Succeeded, "idle": argil.NotStarted, "generating_video": argil.Pending,
		"failed": argil.Failed, "Content_Moderated": argil.Failed, "queued": argil.Unknown, "video_error": argil.Failed,
	} {
		if got := argil.Classify(status); got != want {
			t.Errorf("Classify(%q) = %v, want %v", status, got, want)
		}
	}
	if got := argil.NormalizeStatus("generating_audio"); got != argil.StatusGeneratingAudio {
		t.Errorf("NormalizeStatus = %q", got)
	}
	if got := argil.NormalizeStatus("Queued"); got != "Queued" {
		t.Errorf("an undocumented status must be kept as sent, got %q", got)
	}
}

func TestFinishedIsRecognisedByItsResult(t *testing.T) {
	for _, c := range []struct {
		status, url string
		want        bool
	}{
		{"DONE", "", true}, {"DONE", "u", true}, {"IDLE", "u", true}, {"idle", "u", true}, {"COMPLETED", "u", true},
		{"IDLE", "", false}, {"GENERATING_VIDEO", "u", false}, {"FAILED", "u", false}, {"CONTENT_MODERATED", "u", false},
	} {
		if got := argil.Finished(&argil.Video{Status: c.status, VideoURL: c.url}); got != c.want {
			t.Errorf("Finished(%s, videoUrl %q) = %v, want %v", c.status, c.url, got, c.want)
		}
	}
}

func TestRenderEvidence(t *testing.T) {
	idle := &argil.Video{Status: "IDLE", UpdatedAt: "t1"}
	for _, c := range []struct {
		name          string
		before, after *argil.Video
		want          bool
	}{
		{"unchanged IDLE (queued or refused: unknown)", idle, &argil.Video{Status: "IDLE", UpdatedAt: "t1"}, false},
		{"generating", idle, &argil.Video{Status: "GENERATING_AUDIO", UpdatedAt: "t1"}, true},
		{"undocumented status", idle, &argil.Video{Status: "QUEUED", UpdatedAt: "t1"}, true},
		{"finished reading IDLE", idle, &argil.Video{Status: "IDLE", VideoURL: "u", UpdatedAt: "t1"}, true},
		{"new updatedAt", idle, &argil.Video{Status: "IDLE", UpdatedAt: "t2"}, true},
		{"failed fast", idle, &argil.Video{Status: "FAILED", UpdatedAt: "t1"}, true},
		{"same failure as before", &argil.Video{Status: "FAILED", UpdatedAt: "t1"}, &argil.Video{Status: "failed", UpdatedAt: "t1"}, false},
		{"same result as before", &argil.Video{Status: "IDLE", VideoURL: "u", UpdatedAt: "t1"}, &argil.Video{Status: "IDLE", VideoURL: "u", UpdatedAt: "t1"}, false},
		{"result cleared by a queued re-render", &argil.Video{Status: "IDLE", VideoURL: "u", UpdatedAt: "t1"}, &argil.Video{Status: "IDLE", UpdatedAt: "t1"}, true},
		{"nothing known before, IDLE", nil, &argil.Video{Status: "IDLE"}, false},
		{"nothing known before, DONE", nil, &argil.Video{Status: "DONE", VideoURL: "u"}, true},
	} {
		if got, why := argil.RenderEvidence(c.before, c.after); got != c.want {
			t.Errorf("%s: evidence = %v (%s), want %v", c.name, got, why, c.want)
		}
	}
}

// --- Waits -------------------------------------------------------------------------------------

func TestWaitForRenderWaitsOnAQueuedRender(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startEmulatorCfg(t, emulator.Options{RenderQueue: 1500 * time.Millisecond, AudioPhase: 100 * time.Millisecond, VideoPhase: 200 * time.Millisecond}, nil)
		id, before, started, err := renderOf(t, e, c, emulator.SeedVideo{Name: "queued"})
		if err != nil || started.Video.Status != argil.StatusIdle {
			t.Fatalf("StartRender = %+v, %v; want the render accepted, the video still IDLE", started, err)
		}
		var log statusLog
		t0 := time.Now()
		v, err := c.WaitForRender(context.Background(), id, started.Video, argil.WaitOptions{Schedule: fastSchedule(), Before: before, OnChange: log.onChange})
		if err != nil || v.Status != argil.StatusDone || v.VideoURL == "" {
			t.Fatalf("wait = %+v, %v; want DONE: an IDLE video after an accepted render is queued, not a failure", v, err)
		}
		if time.Since(t0) < 1400*time.Millisecond || log.statuses[0] != "IDLE" {
			t.Errorf("the wait ended after %s with statuses %v: it must have waited through the queue", time.Since(t0), log.statuses)
		}
		if e.Renders(id) != 1 || e.Count("POST /videos/{id}/render") != 1 {
			t.Errorf("renders %d, render POSTs %d; want 1 and 1", e.Renders(id), e.Count("POST /videos/{id}/render"))
		}
	})
}

func TestWaitForRenderEndsOnAFinishedRenderThatReadsIdle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startEmulatorCfg(t, emulator.Options{FinishedReadsIdle: true, AudioPhase: 100 * time.Millisecond, VideoPhase: 200 * time.Millisecond}, nil)
		id, before, started, err := renderOf(t, e, c, emulator.SeedVideo{Name: "idle when done", Subtitles: true})
		if err != nil {
			t.Fatal(err)
		}
		v, err := c.WaitForRender(context.Background(), id, started.Video, argil.WaitOptions{Schedule: fastSchedule(), Before: before})
		if err != nil || v.Status != argil.StatusIdle {
			t.Fatalf("wait = %+v, %v; want the finished render, reading IDLE", v, err)
		}
		if v.VideoURL == "" || v.VideoURLSubtitled == "" || v.PreviewURL == "" || v.Duration == nil {
			t.Errorf("finished video lacks a URL or the duration: %+v", v)
		}
	})
}

// scriptedVideo serves GET /videos/{id} from a list of bodies (the last one repeats) and counts
// the render POSTs.
func scriptedVideo(t *testing.T, bodies ...string) (*argil.Client, *atomic.Int32) {
	t.Helper()
	var i, posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		n := int(i.Add(1)) - 1
		_, _ = w.Write([]byte(bodies[min(n, len(bodies)-1)]))
	}))
	t.Cleanup(srv.Close)
	c, err := argil.New(argil.Config{BaseURL: srv.URL + "/v1", APIKey: emuKey, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 20 * time.Millisecond, MaxRetries: -1,
		ReadBackWindow: 400 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c, &posts
}

func TestWaitForRenderOfARenderedVideoIgnoresThePreviousResult(t *testing.T) {
	// A re-render (terraform apply -replace) of a video that reads IDLE with its previous
	// result: while queued it may still show that result. Only what comes after it counts.
	old := `{"id":"v","status":"IDLE","videoUrl":"https://cdn/v.mp4","updatedAt":"t1","duration":3,"previewUrl":"p","aspectRatio":"16:9"}`
	c, _ := scriptedVideo(t, old, old, `{"id":"v","status":"GENERATING_VIDEO","updatedAt":"t2"}`,
		`{"id":"v","status":"IDLE","videoUrl":"https://cdn/v.mp4","updatedAt":"t3","duration":3,"previewUrl":"p","aspectRatio":"16:9"}`)
	var before argil.Video
	_ = json.Unmarshal([]byte(old), &before)
	var log statusLog
	v, err := c.WaitForRender(context.Background(), "v", nil, argil.WaitOptions{Schedule: fastSchedule(), Before: &before, OnChange: log.onChange})
	if err != nil || v.UpdatedAt != "t3" {
		t.Fatalf("wait = %+v, %v; want the end of the new render (updatedAt t3), not the previous result", v, err)
	}

	// The same for a failed video rendered again: its old FAILED is not this render's end.
	c, _ = scriptedVideo(t, `{"id":"v","status":"FAILED","updatedAt":"t1"}`, `{"id":"v","status":"GENERATING_AUDIO","updatedAt":"t2"}`,
		`{"id":"v","status":"DONE","videoUrl":"u","updatedAt":"t3"}`)
	v, err = c.WaitForRender(context.Background(), "v", nil, argil.WaitOptions{Schedule: fastSchedule(), Before: &argil.Video{ID: "v", Status: "FAILED", UpdatedAt: "t1"}})
	if err != nil || v.Status != argil.StatusDone {
		t.Fatalf("wait = %+v, %v; want DONE, the old FAILED being the render still queued", v, err)
	}
}

func TestSharedListPollsNeverStoreLessThanTheVideosOwnGET(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startEmulatorCfg(t, emulator.Options{ShortListItems: true, AudioPhase: 300 * time.Millisecond, VideoPhase: 600 * time.Millisecond},
			func(cfg *argil.Config) { cfg.ListRefresh = true })
		ctx := context.Background()
		var wg sync.WaitGroup
		results := make([]*argil.Video, 2)
		errs := make([]error, 2)
		for i := range results {
			id := e.SeedVideo(emulator.SeedVideo{Name: fmt.Sprint("short ", i), Subtitles: true})
			first, err := c.RenderVideo(ctx, id, argil.RenderArgs{})
			if err != nil {
				t.Fatal(err)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = c.WaitForRender(ctx, id, first, argil.WaitOptions{Schedule: fastSchedule()})
			}()
		}
		wg.Wait()
		for i, v := range results {
			if errs[i] != nil {
				t.Fatalf("render %d: %v", i, errs[i])
			}
			if v.PreviewURL == "" || v.Duration == nil || v.AspectRatio == "" || v.VideoURLSubtitled == "" {
				t.Errorf("render %d ended with missing fields: preview %q duration %v aspect %q subtitled %q", i, v.PreviewURL, v.Duration, v.AspectRatio, v.VideoURLSubtitled)
			}
		}
		if e.Count("GET /videos") == 0 {
			t.Errorf("the two waits did not share list polls: the test proves nothing")
		}
	})
}

// --- Starting a render -------------------------------------------------------------------------

func TestStartRenderSeesASlowAcceptanceWithinTheWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startEmulatorCfg(t, emulator.Options{SlowAccept: 600 * time.Millisecond}, postGivesUpAfter100ms(3*time.Second))
		id, _, started, err := renderOf(t, e, c, emulator.SeedVideo{Name: "slow"})
		if err != nil || started.Video == nil || argil.Classify(started.Video.Status) != argil.Pending {
			t.Fatalf("StartRender = %+v, %v; want the render seen once Argil accepted it", started, err)
		}
		if !strings.Contains(started.Evidence, "after the request failed") {
			t.Errorf("evidence %q", started.Evidence)
		}
		if e.Count("POST /videos/{id}/render") != 1 || e.Renders(id) != 1 {
			t.Errorf("render POSTs %d, renders %d; want 1 and 1", e.Count("POST /videos/{id}/render"), e.Renders(id))
		}
	})
}

func TestStartRenderTooSlowForTheWindowIsUnknownNotRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startEmulatorCfg(t, emulator.Options{SlowAccept: 1500 * time.Millisecond}, postGivesUpAfter100ms(300*time.Millisecond))
		id, _, _, err := renderOf(t, e, c, emulator.SeedVideo{Name: "too slow"})
		var unknown *argil.RenderOutcomeUnknownError
		if !errors.As(err, &unknown) || unknown.Reads < 2 || unknown.Last == nil || unknown.Last.Status != argil.StatusIdle {
			t.Fatalf("err = %v (%+v); want a RenderOutcomeUnknownError after several reads of the IDLE video", err, unknown)
		}
		for _, claim := range []string{"no render", "not paid", "safe"} {
			if strings.Contains(strings.ToLower(err.Error()), claim) {
				t.Errorf("error %q claims %q, which the client cannot know", err, claim)
			}
		}
		// Argil did accept it, later: the emulator rendered once, and the client posted once.
		deadline := time.Now().Add(3 * time.Second)
		for e.Renders(id) == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if e.Renders(id) != 1 || e.Count("POST /videos/{id}/render") != 1 {
			t.Errorf("renders %d, render POSTs %d; want 1 and 1", e.Renders(id), e.Count("POST /videos/{id}/render"))
		}
	})
}

func TestStartRenderReadsBackOverTheWholeWindowAfterA503(t *testing.T) {
	c, posts := scriptedVideo(t, `{"id":"v","status":"IDLE","updatedAt":"t1"}`)
	before := &argil.Video{ID: "v", Status: "IDLE", UpdatedAt: "t1"}
	t0 := time.Now()
	_, err := c.StartRender(context.Background(), "v", argil.RenderArgs{}, before)
	var unknown *argil.RenderOutcomeUnknownError
	if !errors.As(err, &unknown) {
		t.Fatalf("err = %v, want a RenderOutcomeUnknownError", err)
	}
	if unknown.Window != 400*time.Millisecond || time.Since(t0) < 400*time.Millisecond || unknown.Reads < 3 {
		t.Errorf("window %s, %d reads over %s; want reads until the 400ms window ended", unknown.Window, unknown.Reads, time.Since(t0))
	}
	if posts.Load() != 1 {
		t.Errorf("render POSTs = %d, want 1 (never sent again)", posts.Load())
	}
}

func TestStartRenderAcceptedWithAnUnreadableAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`<html>proxy</html>`))
	}))
	defer srv.Close()
	c, err := argil.New(argil.Config{BaseURL: srv.URL + "/v1", APIKey: emuKey})
	if err != nil {
		t.Fatal(err)
	}
	started, err := c.StartRender(context.Background(), "v", argil.RenderArgs{}, &argil.Video{Status: "IDLE"})
	if err != nil || started.Video != nil || !strings.Contains(started.Evidence, "HTTP 200") {
		t.Fatalf("StartRender = %+v, %v; a 2xx is an accepted render, whatever its body", started, err)
	}
}

func TestStartRenderAdoptsAfterA400WhenTheVideoIsRendering(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startEmulatorCfg(t, emulator.Options{}, nil)
		id := e.SeedVideo(emulator.SeedVideo{Status: "GENERATING_AUDIO"})
		started, err := c.StartRender(context.Background(), id, argil.RenderArgs{}, &argil.Video{Status: "IDLE"})
		if err != nil || !started.Adopted {
			t.Fatalf("StartRender = %+v, %v; want the render in flight adopted", started, err)
		}
		idle := e.SeedVideo(emulator.SeedVideo{})
		e.SetFaults(emulator.Faults{ForbiddenRate: 1})
		if _, err := c.StartRender(context.Background(), idle, argil.RenderArgs{}, &argil.Video{Status: "IDLE"}); argil.StatusCode(err) != 403 {
			t.Errorf("a 403 must be returned as it is: %v", err)
		}
	})
}

// --- Lists and the lost-create lookup ------------------------------------------------------------

func TestAListAnswerThatIsNotAPageIsAnError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startEmulatorCfg(t, emulator.Options{BareArrayList: true}, func(cfg *argil.Config) { cfg.ReadBackWindow = 100 * time.Millisecond })
		e.SeedVideo(emulator.SeedVideo{Name: "listed"})
		ctx := context.Background()
		if _, err := c.ListVideos(ctx, argil.ListVideosParams{}); err == nil || !strings.Contains(err.Error(), "bare JSON array") {
			t.Errorf("ListVideos = %v, want an error naming the bare array", err)
		}
		if all, err := c.ListAllVideos(ctx, argil.ListVideosParams{}); err == nil {
			t.Errorf("ListAllVideos = %d videos and no error, want an error", len(all))
		}
		for _, body := range []string{`{"items":[]}`, `null`, `{"videos":{}}`} {
			var p argil.VideoPage
			if err := json.Unmarshal([]byte(body), &p); err == nil {
				t.Errorf("%s decoded as a page", body)
			}
		}
		var p argil.VideoPage
		if err := json.Unmarshal([]byte(`{"totalItems":"1","totalPages":1,"videos":[{"id":"x","status":"idle"}]}`), &p); err != nil || len(p.Videos) != 1 || p.TotalPages != 1 || p.Videos[0].Status != "IDLE" {
			t.Errorf("a page = %+v, %v", p, err)
		}

		// The lost-create lookup relies on the list: it must say the outcome is unknown, not
		// that no video exists.
		e.SetFaults(emulator.Faults{CreateDropAfterAccept: 1})
		_, err := c.CreateVideo(ctx, argil.VideoCreateArgs{Name: "lost", Moments: []argil.MomentCreateArgs{{AvatarID: "a", Transcript: "Hi."}}})
		var unknown *argil.CreateUnknownError
		if !errors.As(err, &unknown) || isNotSeen(err) {
			t.Fatalf("CreateVideo = %v, want a CreateUnknownError", err)
		}
		if e.Count("POST /videos") != 1 {
			t.Errorf("create POSTs = %d, want 1", e.Count("POST /videos"))
		}
	})
}

func TestCreateVideoLookupWindowSeesASlowCreate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startEmulatorCfg(t, emulator.Options{SlowAccept: 500 * time.Millisecond}, postGivesUpAfter100ms(3*time.Second))
		v, err := c.CreateVideo(context.Background(), argil.VideoCreateArgs{Name: "slow create", Moments: []argil.MomentCreateArgs{{AvatarID: "a", Transcript: "Hi."}}})
		if err != nil || v.Name != "slow create" {
			t.Fatalf("CreateVideo = %+v, %v; want the video found once Argil created it", v, err)
		}
		if e.Count("POST /videos") != 1 || e.Count("GET /videos") < 2 {
			t.Errorf("create POSTs %d, lookups %d; want 1 POST and lookups until the video appeared", e.Count("POST /videos"), e.Count("GET /videos"))
		}
	})
}

func TestStartRenderInterruptedWhileInFlightReadsTheVideo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Ctrl-C (or the create timeout) while the render request is in flight: the request may
		// have reached Argil, so the video is read (within a short bound) instead of reporting a
		// refusal.
		e, c := startEmulatorCfg(t, emulator.Options{SlowAccept: 400 * time.Millisecond}, func(cfg *argil.Config) { cfg.ReadBackWindow = 3 * time.Second })
		id := e.SeedVideo(emulator.SeedVideo{Name: "interrupted"})
		before, _ := c.GetVideo(context.Background(), id)
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		started, err := c.StartRender(ctx, id, argil.RenderArgs{}, before)
		if err != nil || started.Video == nil || argil.Classify(started.Video.Status) != argil.Pending {
			t.Fatalf("StartRender = %+v, %v; want the render seen by the reads after the interrupt", started, err)
		}
		if e.Count("POST /videos/{id}/render") != 1 {
			t.Errorf("render POSTs = %d, want 1", e.Count("POST /videos/{id}/render"))
		}
	})
}

func TestAPOSTCutWhileInFlightIsAmbiguous(t *testing.T) {
	// A POST cut by the caller's deadline, an interrupt or the client's call budget may have
	// reached the server: it must never read as a refusal (which would let the caller say that
	// nothing was paid, or create the video again).
	hold := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-hold }))
	defer srv.Close()
	defer close(hold)
	for _, c := range []struct {
		name string
		cfg  argil.Config
		ctx  func() (context.Context, context.CancelFunc)
	}{
		{"the caller's deadline", argil.Config{}, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 150*time.Millisecond)
		}},
		{"the call budget", argil.Config{CallBudget: 150 * time.Millisecond}, func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}},
	} {
		cfg := c.cfg
		cfg.BaseURL, cfg.APIKey = srv.URL+"/v1", emuKey
		client, err := argil.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := c.ctx()
		_, err = client.RenderVideo(ctx, "v", argil.RenderArgs{})
		cancel()
		if !argil.IsAmbiguous(err) {
			t.Errorf("%s: err = %v, want an AmbiguousError", c.name, err)
		}
	}
}
