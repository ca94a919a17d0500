package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func TestRecorderMeasuresDetectionFromTheDoneInstant(t *testing.T) {
	rec := newRecorder(nil)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	rec.observe("POST /videos/{id}/render", 200, []byte(`{"id":"v1","status":"GENERATING_AUDIO","updatedAt":"2026-01-01T00:00:00Z"}`), at(0))
	rec.observe("GET /videos/{id}", 200, []byte(`{"id":"v1","status":"GENERATING_VIDEO","updatedAt":"2026-01-01T00:00:02Z"}`), at(3000))
	// A video that was never rendered during the run does not count, DONE or not.
	rec.observe("GET /videos/{id}", 200, []byte(`{"id":"old","status":"DONE","updatedAt":"2025-01-01T00:00:00Z"}`), at(3100))
	rec.observe("GET /videos/{id}", 429, []byte(`{"code":429,"message":"Too many requests"}`), at(5000))
	rec.observe("GET /videos", 200, []byte(`{"videos":[{"id":"v1","status":"DONE","updatedAt":"2026-01-01T00:00:06.25Z"},{"id":"old","status":"DONE","updatedAt":"2025-01-01T00:00:00Z"}]}`), at(6600))
	// Later sightings do not replace the first one.
	rec.observe("GET /videos/{id}", 200, []byte(`{"id":"v1","status":"DONE","updatedAt":"2026-01-01T00:00:06.25Z"}`), at(9000))

	lat, unseen := rec.latencies()
	if unseen != 0 || len(lat) != 1 || lat[0] != 350*time.Millisecond {
		t.Errorf("latencies %v (unseen %d), want [350ms]: DONE at 6.25 s, first shown by the answer at 6.6 s", lat, unseen)
	}
	if by := rec.seenBy(); by["GET /videos"] != 1 || len(by) != 1 {
		t.Errorf("first DONE sightings by route %v, want one by GET /videos", by)
	}
	if n := rec.count429(); n != 1 {
		t.Errorf("429s = %d, want 1", n)
	}
}

func TestRecorderCountsRenderedVideosNeverSeenDone(t *testing.T) {
	rec := newRecorder(nil)
	rec.observe("POST /videos/{id}/render", 200, []byte(`{"id":"v1","status":"GENERATING_AUDIO"}`), time.Now())
	if lat, unseen := rec.latencies(); len(lat) != 0 || unseen != 1 {
		t.Errorf("latencies %v, unseen %d; want none and 1", lat, unseen)
	}
}

// The recorder in front of a real emulator: a render polled until DONE is detected within the
// last polling interval, and 429s are counted.
func TestRecorderBehindTheEmulator(t *testing.T) {
	e := startEmulatorWith(emulator.Options{AudioPhase: 100 * time.Millisecond, VideoPhase: 200 * time.Millisecond})
	defer e.Close()
	rec := e.rec
	c, err := argil.New(argil.Config{BaseURL: e.BaseURL, APIKey: benchAPIKey, RequestsPerSecond: -1, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id := e.SeedVideo(emulator.SeedVideo{Name: "recorded"})
	if _, err := c.RenderVideo(ctx, id, argil.RenderArgs{}); err != nil {
		t.Fatal(err)
	}
	const every = 50 * time.Millisecond
	for i := 0; ; i++ {
		v, err := c.GetVideo(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Status == argil.StatusDone {
			break
		}
		if i > 100 {
			t.Fatal("the render never ended")
		}
		time.Sleep(every)
	}
	lat, unseen := rec.latencies()
	if unseen != 0 || len(lat) != 1 || lat[0] < 0 || lat[0] > every+100*time.Millisecond {
		t.Errorf("latencies %v (unseen %d), want one within [0, %s]", lat, unseen, every+100*time.Millisecond)
	}
	if rec.span() <= 0 {
		t.Errorf("span %s, want > 0", rec.span())
	}
	e.SetFaults(emulator.Faults{RateLimit: 1})
	for range 3 {
		_, _ = c.GetVideo(ctx, id)
	}
	if n := rec.count429(); n < 1 {
		t.Errorf("429s = %d after 3 requests at a limit of 1/s, want at least 1", n)
	}
}

func TestAPIRoute(t *testing.T) {
	for in, want := range map[string]string{
		"GET /v1/videos":               "GET /videos",
		"GET /v1/videos/abc":           "GET /videos/{id}",
		"POST /v1/videos/abc/render":   "POST /videos/{id}/render",
		"GET /v1/avatars":              "GET /avatars",
		"DELETE /v1/videos/abc-def-01": "DELETE /videos/{id}",
	} {
		method, path, _ := strings.Cut(in, " ")
		if got := apiRoute(method, path); got != want {
			t.Errorf("apiRoute(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestMedianPercentileSummary(t *testing.T) {
	if m := median([]float64{3, 1, 2}); m != 2 {
		t.Errorf("median odd = %v, want 2", m)
	}
	if m := median([]float64{4, 1, 2, 3}); m != 2.5 {
		t.Errorf("median even = %v, want 2.5", m)
	}
	if m := median(nil); m != 0 {
		t.Errorf("median of nothing = %v, want 0", m)
	}
	xs := []float64{5, 1, 4, 2, 3}
	if p := percentile(xs, 100); p != 5 {
		t.Errorf("p100 = %v, want 5", p)
	}
	if p := percentile(xs, 50); p != 3 {
		t.Errorf("p50 = %v, want 3", p)
	}
	if s := summary([]float64{1.5, 1.25, 2}, "%.2f"); s != "1.50 (1.25–2.00)" {
		t.Errorf("summary = %q", s)
	}
	if s := summary([]float64{7}, "%.0f"); s != "7" {
		t.Errorf("summary of one = %q", s)
	}
}

func TestProcParsers(t *testing.T) {
	status := "Name:\tterraform-provi\nVmPeak:\t 1300000 kB\nVmHWM:\t   41234 kB\nVmRSS:\t   40000 kB\n"
	if kb, ok := parseVmHWM(strings.NewReader(status)); !ok || kb != 41234 {
		t.Errorf("VmHWM = %d, %v; want 41234", kb, ok)
	}
	if _, ok := parseVmHWM(strings.NewReader("Name:\tx\n")); ok {
		t.Error("VmHWM found in a status without one")
	}
	cpu := "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n"
	if m := parseCPUModel(strings.NewReader(cpu)); m != "AMD EPYC 7B13" {
		t.Errorf("CPU model = %q", m)
	}
	if mib := parseMemTotalMiB(strings.NewReader("MemTotal:       24683520 kB\nMemFree: 1 kB\n")); mib != 24105 {
		t.Errorf("MemTotal = %d MiB, want 24105", mib)
	}
	if l := parseLoadAverage("0.52 0.48 0.40 1/321 12345\n"); l != "0.52, 0.48, 0.40" {
		t.Errorf("load average = %q", l)
	}
}

func TestParseStateStatuses(t *testing.T) {
	show := `{"format_version":"1.0","values":{"root_module":{"resources":[
	  {"address":"argil_video_render.r[0]","type":"argil_video_render","values":{"status":"DONE"}},
	  {"address":"argil_video_render.r[1]","type":"argil_video_render","values":{"status":"GENERATING_VIDEO"}},
	  {"address":"terraform_data.x","type":"terraform_data","values":{"input":"a"}}]}}}`
	got, err := parseStateStatuses([]byte(show))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["argil_video_render.r[0]"] != "DONE" || got["argil_video_render.r[1]"] != "GENERATING_VIDEO" {
		t.Errorf("statuses = %v", got)
	}
	empty, err := parseStateStatuses([]byte(`{"format_version":"1.0"}`))
	if err != nil || len(empty) != 0 {
		t.Errorf("empty state: %v, %v", empty, err)
	}
}

func TestRenderConfigListsEveryVideo(t *testing.T) {
	cfg := renderConfig("http://127.0.0.1:1/v1", "  poll_with_list = false", []string{"id-1", "id-2"})
	for _, want := range []string{`source = "argil-community/argil"`, `base_url = "http://127.0.0.1:1/v1"`, "poll_with_list = false", `"id-1",`, `"id-2",`, "count    = length(local.ids)"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("configuration lacks %q:\n%s", want, cfg)
		}
	}
}

func TestFmtSec(t *testing.T) {
	for d, want := range map[time.Duration]string{6 * time.Second: "6 s", 1500 * time.Millisecond: "1.5 s", 36 * time.Second: "36 s", 250 * time.Millisecond: "0.25 s"} {
		if got := fmtSec(d); got != want {
			t.Errorf("fmtSec(%s) = %q, want %q", d, got, want)
		}
	}
}
