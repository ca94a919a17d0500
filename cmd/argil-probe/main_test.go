package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/emulator/emulatortest"
)

const testKey = "probe-test-key"

// server is an emulator on loopback.
type server struct {
	*emulatortest.Server
	url string // base URL, /v1 included
}

// nonGET counts the API requests the emulator got that are not GET, whatever their route.
func (s *server) nonGET() int {
	n := 0
	for _, r := range s.Requests() {
		if !strings.HasPrefix(r.Route, "GET ") {
			n++
		}
	}
	return n
}

// start runs an emulator with opts, seeded with a rendered video created by the provider (it
// carries a request token), a new video, and a webhook.
func start(t *testing.T, opts emulator.Options) *server {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = testKey
	}
	s := &server{Server: emulatortest.Start(t, opts)}
	s.url = s.BaseURL
	s.SeedVideo(emulator.SeedVideo{Name: "rendered", Status: "DONE", Subtitles: true,
		Extras: map[string]string{argil.RequestIDExtraKey: "token-1"}})
	s.SeedVideo(emulator.SeedVideo{Name: "new"})
	req, _ := http.NewRequest(http.MethodPost, s.url+"/webhooks",
		strings.NewReader(`{"callbackUrl": "https://example.com/hook", "events": ["VIDEO_GENERATION_SUCCESS"]}`))
	req.Header.Set("x-api-key", opts.APIKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating the test webhook: %v %v", err, resp)
	}
	_ = resp.Body.Close()
	s.ResetCounters()
	return s
}

// probeRun runs the command with this key and base URL, without pacing or retry delays.
func probeRun(t *testing.T, baseURL, key string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	vars := map[string]string{"ARGIL_API_KEY": key, "ARGIL_BASE_URL": baseURL}
	code := run(context.Background(), args, env{
		getenv: func(k string) string { return vars[k] },
		stdout: &stdout, stderr: &stderr,
		sleep: func(context.Context, time.Duration) error { return nil },
	})
	return code, stdout.String(), stderr.String()
}

// lines maps each operation of a text report to its line.
func lines(t *testing.T, out string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		fields := strings.SplitN(l, " ", 2)
		if len(fields) < 2 {
			t.Fatalf("malformed line %q", l)
		}
		rest := strings.TrimSpace(fields[1])
		op, _, _ := strings.Cut(rest, ": ")
		m[op] = l
	}
	return m
}

func TestEveryOperationHoldsAgainstTheEmulator(t *testing.T) {
	s := start(t, emulator.Options{})
	code, out, errOut := probeRun(t, s.url, testKey)
	if code != exitOK {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	got := lines(t, out)
	for _, st := range steps {
		if !strings.HasPrefix(got[st.op], "ok ") {
			t.Errorf("%s: %q, want ok", st.op, got[st.op])
		}
	}
	if len(got) != len(steps)+1 || !strings.HasPrefix(got["rate limits"], "ok ") {
		t.Errorf("want %d lines, one per operation and the rate-limit line; got\n%s", len(steps)+1, out)
	}
	if n := s.nonGET(); n != 0 {
		t.Errorf("the emulator got %d requests that are not GET, want 0", n)
	}
	if n := s.Received(""); n != len(steps) {
		t.Errorf("the emulator got %d requests, want %d (one per operation)", n, len(steps))
	}
	for route, n := range s.Counts() {
		if !strings.HasPrefix(route, "GET ") && n > 0 {
			t.Errorf("emulator counted %d %s", n, route)
		}
	}
	if !strings.Contains(got["GET /videos?extrasFilter"], "filtering on "+argil.RequestIDExtraKey) {
		t.Errorf("the extrasFilter check did not use the provider's request token: %q", got["GET /videos?extrasFilter"])
	}
}

// divergence is a way the API can differ from the contract, and what the probe must say.
type divergence struct {
	name string
	opts emulator.Options
	// setup runs on the started emulator (faults).
	setup func(t *testing.T, s *server)
	op    string   // the operation that must fail
	want  []string // substrings of its line
}

// videoIDs returns the seeded videos: the rendered one and the new one.
func videoIDs(t *testing.T, s *server) (rendered, fresh string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.url+"/videos", nil)
	req.Header.Set("x-api-key", testKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var page argil.VideoPage
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	for _, v := range page.Videos {
		if v.Status == "DONE" {
			rendered = v.ID
		} else {
			fresh = v.ID
		}
	}
	s.ResetCounters()
	return rendered, fresh
}

var divergences = []divergence{
	{name: "403 for a wrong key", opts: emulator.Options{UnauthorizedStatus: http.StatusForbidden},
		op: "GET /videos (wrong key)", want: []string{"HTTP 403", "not 401", "stops at once", "paid plan"}},
	{name: "createAt on avatars, voices and webhooks", opts: emulator.Options{CreatedAtKey: "createAt"},
		op: "GET /avatars", want: []string{"carry createAt", "the provider reads both for created_at"}},
	{name: "URLs left out until they exist", opts: emulator.Options{OmitUnsetURLs: true},
		op: "GET /videos/{id} (not rendered)", want: []string{"videoUrl is left out while the video is IDLE", "reads both as not rendered"}},
	{name: "previewUrl null until DONE", opts: emulator.Options{NullPreviewURL: true},
		// A failed render listed first: the probe still looks at the video not rendered yet.
		setup: func(_ *testing.T, s *server) { s.SeedVideo(emulator.SeedVideo{Name: "failed", Status: "FAILED"}) },
		op:    "GET /videos/{id} (not rendered)", want: []string{"previewUrl is null while the video is IDLE", "preview_url stays null"}},
	{name: "an undocumented status", setup: func(t *testing.T, s *server) {
		_, fresh := videoIDs(t, s)
		s.SetFaults(emulator.Faults{ForceStatus: map[string]string{fresh: "QUEUED"}})
	}, op: "GET /videos", want: []string{`status "QUEUED"`, "not a documented one", "keeps waiting until timeouts.create"}},
	{name: "a status in lower case", setup: func(t *testing.T, s *server) {
		rendered, _ := videoIDs(t, s)
		s.SetFaults(emulator.Faults{ForceStatus: map[string]string{rendered: "done"}})
	}, op: "GET /videos", want: []string{`status "done"`, "not a documented one", "render wait"}},
	{name: "a bare array for GET /videos", opts: emulator.Options{BareArrayList: true},
		op: "GET /videos", want: []string{"a bare JSON array of 2, not the page {videos, totalPages", "whose create answer was lost"}},
	{name: "short list items", opts: emulator.Options{ShortListItems: true},
		op: "GET /videos/{id} (rendered)", want: []string{"GET /videos items lack previewUrl, duration, aspectRatio", "shared GET /videos poll"}},
	{name: "finished renders read IDLE", opts: emulator.Options{FinishedReadsIdle: true},
		op: "GET /videos", want: []string{"1 video(s) read IDLE with a videoUrl", "must not render (and pay for) it again"}},
	{name: "extrasFilter ignored", setup: func(_ *testing.T, s *server) { s.SetFaults(emulator.Faults{IgnoreExtrasFilter: true}) },
		op: "GET /videos?extrasFilter", want: []string{"extrasFilter is ignored (1 of 2 videos", "adopts no stranger"}},
	{name: "a duration sent as a string", setup: func(_ *testing.T, s *server) {
		s.SetFaults(emulator.Faults{VideoFields: map[string]any{"duration": "12.5"}})
	}, op: "GET /videos/{id} (rendered)", want: []string{"differs from the contract", "at /duration", "every render wait"}},
	{name: "a 404 without an Error body", setup: func(_ *testing.T, s *server) { s.SetFaults(emulator.Faults{PlainNotFound: true}) },
		op: "GET /videos/{id} (unknown id)", want: []string{"differs from the contract", "no Error body {code, message}", "quote Argil's message"}},
	{name: "assets without pagination headers", setup: func(_ *testing.T, s *server) { s.SetFaults(emulator.Faults{NoPaginationHeaders: true}) },
		op: "GET /assets", want: []string{"no X-Total-Pages header", "no X-Total-Count header"}},
}

func TestDivergencesAreReported(t *testing.T) {
	for _, d := range divergences {
		t.Run(d.name, func(t *testing.T) {
			s := start(t, d.opts)
			if d.setup != nil {
				d.setup(t, s)
			}
			code, out, errOut := probeRun(t, s.url, testKey)
			if code != exitDivergence {
				t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			line := lines(t, out)[d.op]
			t.Log(line)
			if !strings.HasPrefix(line, "FAIL ") {
				t.Fatalf("%s: %q, want FAIL\n%s", d.op, line, out)
			}
			for _, w := range d.want {
				if !strings.Contains(line, w) {
					t.Errorf("%s: %q lacks %q", d.op, line, w)
				}
			}
			if n := s.nonGET(); n != 0 {
				t.Errorf("the emulator got %d requests that are not GET", n)
			}
		})
	}
}

// Switches whose effect only a POST or a delivery shows (a render queued IDLE, a slow
// acceptance, webhook payloads, re-render rules) cannot be seen by a read-only probe: it
// passes, and says nothing it did not see. For the queue, a render is requested before the
// probe runs, so the account holds a queued video while it looks.
func TestUnobservableSwitchesPass(t *testing.T) {
	for name, opts := range map[string]emulator.Options{
		"RenderQueue":         {RenderQueue: time.Hour},
		"SlowAccept":          {SlowAccept: time.Minute},
		"EventExtrasAsString": {EventExtrasAsString: true},
		"RejectRerenderDone":  {RejectRerenderDone: true},
		"AcceptNodeValues":    {AcceptNodeValues: true},
	} {
		t.Run(name, func(t *testing.T) {
			s := start(t, opts)
			if opts.RenderQueue > 0 {
				_, fresh := videoIDs(t, s)
				req, _ := http.NewRequest(http.MethodPost, s.url+"/videos/"+fresh+"/render", nil)
				req.Header.Set("x-api-key", testKey)
				resp, err := http.DefaultClient.Do(req)
				if err != nil || resp.StatusCode != http.StatusOK {
					t.Fatalf("render: %v %v", err, resp)
				}
				_ = resp.Body.Close()
				if s.Renders(fresh) != 1 {
					t.Fatalf("the render was not accepted")
				}
				s.ResetCounters()
			}
			code, out, errOut := probeRun(t, s.url, testKey)
			if code != exitOK {
				t.Fatalf("exit %d, want 0\n%s\n%s", code, out, errOut)
			}
			if n := s.nonGET(); n != 0 {
				t.Errorf("the emulator got %d requests that are not GET", n)
			}
		})
	}
}

func TestInformationIsNotADivergence(t *testing.T) {
	s := start(t, emulator.Options{})
	rendered, _ := videoIDs(t, s)
	s.SetFaults(emulator.Faults{UnknownField: true, ForceStatus: map[string]string{rendered: "CONTENT_MODERATED"}})
	code, out, errOut := probeRun(t, s.url, testKey)
	if code != exitOK {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, out, errOut)
	}
	got := lines(t, out)["GET /videos"]
	for _, w := range []string{"fields the contract does not list (the provider ignores them)", "CONTENT_MODERATED", "ends on it as a failed render"} {
		if !strings.Contains(got, w) {
			t.Errorf("GET /videos: %q lacks %q", got, w)
		}
	}
}

func TestJSONOutput(t *testing.T) {
	s := start(t, emulator.Options{UnauthorizedStatus: http.StatusForbidden})
	code, out, _ := probeRun(t, s.url, testKey, "-json")
	if code != exitDivergence {
		t.Fatalf("exit %d, want 1", code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("-json output is not a JSON array: %v\n%s", err, out)
	}
	if len(got) != len(steps)+1 {
		t.Fatalf("%d results, want %d", len(got), len(steps)+1)
	}
	for i, r := range got {
		if len(r) != 3 {
			t.Errorf("result %d has keys %v, want operation, ok, detail", i, r)
		}
		op, _ := r["operation"].(string)
		ok, isBool := r["ok"].(bool)
		_, isString := r["detail"].(string)
		if op == "" || !isBool || !isString {
			t.Errorf("result %d = %v", i, r)
		}
		if ok != (op != "GET /videos (wrong key)") {
			t.Errorf("%s: ok = %v", op, ok)
		}
	}
	if detail, _ := got[0]["detail"].(string); got[0]["operation"] != "GET /videos" || !strings.Contains(detail, "2 videos") {
		t.Errorf("first result %v", got[0])
	}
}

func TestRecordNeverHoldsTheKey(t *testing.T) {
	const canary = "canary-KEY-7f3e9a1c"
	// The server echoes the key in headers and in error bodies: the probe must still never
	// write or print it.
	// Not Argil: a front that echoes what it received.
	s := start(t, emulator.Options{APIKey: canary})
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if bytes.Contains(body, []byte(`"message"`)) {
			body = []byte(`{"code": 404, "message": "Video not found for key ` + canary + `"}`)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("X-Api-Key", r.Header.Get("x-api-key"))
		w.Header().Set("X-Echo", "seen "+r.Header.Get("x-api-key"))
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	}))
	t.Cleanup(echo.Close)
	dir := filepath.Join(t.TempDir(), "record")
	code, out, errOut := probeRun(t, echo.URL+"/v1", canary, "-record", dir)
	if code != exitOK {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, out, errOut)
	}
	if strings.Contains(out, canary) || strings.Contains(errOut, canary) {
		t.Fatalf("the key is printed:\n%s\n%s", out, errOut)
	}
	if !strings.Contains(out, "[REDACTED]") {
		t.Errorf("the echoed key should show as [REDACTED]:\n%s", out)
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(steps)+1 {
		t.Errorf("%d files recorded, want %d (one per request and results.json)", len(files), len(steps)+1)
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(canary)) {
			t.Errorf("%s holds the key", f.Name())
		}
		if bytes.Contains(bytes.ToLower(data), []byte("x-api-key")) {
			t.Errorf("%s records the X-Api-Key header", f.Name())
		}
	}
	var first recordedExchange
	data, _ := os.ReadFile(filepath.Join(dir, "01-get-videos.json"))
	if err := json.Unmarshal(data, &first); err != nil {
		t.Fatal(err)
	}
	page := asObject(first.Body)
	if first.Status != 200 || first.Request.URL != echo.URL+"/v1/videos?limit=20" || len(objects(page["videos"])) != 2 ||
		first.Headers["Content-Type"] == nil || first.Headers["X-Echo"][0] != "seen [REDACTED]" {
		t.Errorf("01-get-videos.json = %s", data)
	}
	var results []map[string]any
	data, _ = os.ReadFile(filepath.Join(dir, "results.json"))
	if err := json.Unmarshal(data, &results); err != nil || len(results) != len(steps)+1 {
		t.Errorf("results.json = %s (%v)", data, err)
	}
}

func TestKeyRejected(t *testing.T) {
	s := start(t, emulator.Options{})
	const canary = "canary-wrong-3b9d"
	code, out, errOut := probeRun(t, s.url, canary)
	if code != exitError || !strings.Contains(errOut, "ARGIL_API_KEY was rejected") || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 2 and the key rejected", code, out, errOut)
	}
	if strings.Contains(errOut, canary) {
		t.Errorf("stderr holds the key: %s", errOut)
	}
	if n := s.Received(""); n != 1 {
		t.Errorf("%d requests after the key was rejected, want 1", n)
	}
}

func TestNetworkError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nothing listens there now
	code, out, errOut := probeRun(t, "http://"+addr+"/v1", testKey)
	if code != exitError || !strings.Contains(errOut, "network error") {
		t.Fatalf("exit %d, stderr %q; want 2 and a network error", code, errOut)
	}
	if out != "" {
		t.Errorf("stdout %q, want nothing checked", out)
	}
}

func TestServerErrorsAreNotDivergences(t *testing.T) {
	s := start(t, emulator.Options{})
	s.SetFaults(emulator.Faults{ErrorRate: 1})
	code, out, _ := probeRun(t, s.url, testKey)
	if code != exitError {
		t.Fatalf("exit %d, want 2\n%s", code, out)
	}
	line := lines(t, out)["GET /videos"]
	if !strings.HasPrefix(line, "error ") || !strings.Contains(line, "after 3 attempts") {
		t.Errorf("GET /videos: %q", line)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name, url, key string
		args           []string
		want           string
	}{
		{"no key", "", "", nil, "ARGIL_API_KEY is not set"},
		{"unknown flag", "", testKey, []string{"-post"}, "flag provided but not defined"},
		{"argument", "", testKey, []string{"videos"}, "unexpected argument"},
		{"plain http off loopback", "http://api.argil.ai/v1", testKey, nil, "plain http"},
		{"credentials in the URL", "https://user:pw@api.argil.ai/v1", testKey, nil, "credentials"},
		{"bad timeout", "", testKey, []string{"-timeout", "0s"}, "-timeout must be positive"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := probeRun(t, c.url, c.key, c.args...)
			if code != exitError || !strings.Contains(errOut, c.want) || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, errOut, c.want)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	code, out, errOut := probeRun(t, "", "", "-h")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q; want 0 and the help on stdout only", code, errOut)
	}
	for _, w := range []string{"-json", "-record DIR", "-timeout", "ARGIL_API_KEY", "ARGIL_BASE_URL", "never sends POST, PUT or DELETE", "Exit status: 0"} {
		if !strings.Contains(out, w) {
			t.Errorf("-h output lacks %q:\n%s", w, out)
		}
	}
}

// The HTTP layer refuses every method but GET before anything is sent.
func TestOnlyGETLeaves(t *testing.T) {
	s := start(t, emulator.Options{})
	hc := newHTTPClient(5 * time.Second)
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead, http.MethodOptions} {
		req, _ := http.NewRequest(m, s.url+"/videos", strings.NewReader(`{}`))
		req.Header.Set("x-api-key", testKey)
		resp, err := hc.Do(req)
		if err == nil {
			_ = resp.Body.Close()
			t.Errorf("%s was sent (HTTP %d)", m, resp.StatusCode)
		} else if !strings.Contains(err.Error(), "GET requests only") {
			t.Errorf("%s: %v", m, err)
		}
	}
	if n := s.Received(""); n != 0 {
		t.Errorf("the server got %d requests, want 0", n)
	}
	req, _ := http.NewRequest(http.MethodGet, s.url+"/videos", nil)
	req.Header.Set("x-api-key", testKey)
	resp, err := hc.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET: %v %v", err, resp)
	}
	_ = resp.Body.Close()
}

// Requests leave at most one per pace (a fake clock: no timing in the test).
func TestPacing(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var arrivals []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, now)
		mu.Unlock()
		_, _ = w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	base, _ := argil.ValidateBaseURL(srv.URL)
	g := &getter{base: base, key: testKey, hc: newHTTPClient(5 * time.Second), pace: defaultPace,
		now:   func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
		sleep: func(_ context.Context, d time.Duration) error { mu.Lock(); now = now.Add(d); mu.Unlock(); return nil }}
	for i := 0; i < 4; i++ {
		if err := g.get(context.Background(), &exchange{path: "/avatars"}); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		now = now.Add(50 * time.Millisecond) // a fast answer
		mu.Unlock()
	}
	for i := 1; i < len(arrivals); i++ {
		if gap := arrivals[i].Sub(arrivals[i-1]); gap < defaultPace {
			t.Errorf("requests %d and %d are %v apart, want at least %v", i-1, i, gap, defaultPace)
		}
	}
	if defaultPace < 333*time.Millisecond {
		t.Errorf("defaultPace %v allows more than 3 requests per second", defaultPace)
	}
}

// A redirect is reported, never followed: the key goes to no other URL.
func TestRedirectsAreNotFollowed(t *testing.T) {
	var elsewhere atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
	}))
	defer other.Close()
	s := start(t, emulator.Options{})
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/avatars" {
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
			return
		}
		s.ServeHTTP(w, r)
	}))
	defer front.Close()
	code, out, _ := probeRun(t, front.URL+"/v1", testKey)
	if code != exitDivergence {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	if line := lines(t, out)["GET /avatars"]; !strings.Contains(line, "HTTP 307 redirect") || !strings.Contains(line, "not followed") {
		t.Errorf("GET /avatars: %q", line)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests", n)
	}
}

// An account without videos: the video reads are skipped (not failed), the rest holds.
func TestEmptyAccountSkipsVideoReads(t *testing.T) {
	emu := emulatortest.Start(t, emulator.Options{APIKey: testKey})
	code, out, errOut := probeRun(t, emu.BaseURL, testKey, "-json")
	if code != exitOK {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, out, errOut)
	}
	var got []result
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, r := range got {
		skipped := strings.HasPrefix(r.Detail, "not checked: ")
		wantSkip := strings.HasPrefix(r.Operation, "GET /videos/{id} (rendered") || strings.HasPrefix(r.Operation, "GET /videos/{id} (not rendered")
		if !r.OK || skipped != wantSkip {
			t.Errorf("%s: ok %v, %q", r.Operation, r.OK, r.Detail)
		}
	}
	if n := emu.Count("GET /videos/{id}"); n != 1 {
		t.Errorf("GET /videos/{id} sent %d times, want 1 (the unknown id only)", n)
	}
}
