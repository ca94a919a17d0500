package argil

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

const testKey = "canary-key-7f3a9c"

// newTestClient returns a client for srv with fast retries.
func newTestClient(t *testing.T, url string, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{BaseURL: url + "/v1", APIKey: testKey, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, MaxRetries: 3, RequestsPerSecond: -1}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// countedServer is a test server, closed when the test ends, that counts its requests and hands
// each one, with its number (1 for the first), to handle.
func countedServer(t *testing.T, handle func(n int32, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handle(calls.Add(1), w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestGetRetriesServerErrorsThenSucceeds(t *testing.T) {
	srv, calls := countedServer(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-api-key") != testKey {
			t.Errorf("x-api-key header = %q", r.Header.Get("x-api-key"))
		}
		if n < 3 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		_, _ = w.Write([]byte(`{"id":"v1","status":"DONE","videoUrl":"https://cdn/v.mp4","duration":12.5,"unknownField":{"x":1},"extras":{"a":"b","n":3}}`))
	})
	v, err := newTestClient(t, srv.URL, nil).GetVideo(context.Background(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 3 {
		t.Errorf("calls = %d, want 3", calls.Load())
	}
	if v.Status != StatusDone || v.VideoURL != "https://cdn/v.mp4" || v.Duration == nil || *v.Duration != 12.5 {
		t.Errorf("decoded video = %+v", v)
	}
	if v.Extras["a"] != "b" || v.Extras["n"] != "3" {
		t.Errorf("extras = %v, want a=b and n=3 kept as JSON text", v.Extras)
	}
}

func TestRenderIsNeverRetriedAfterAnAmbiguousFailure(t *testing.T) {
	for name, handler := range map[string]http.HandlerFunc{
		"5xx": func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) },
		"dropped connection": func(w http.ResponseWriter, r *http.Request) {
			hj, ok := w.(http.Hijacker)
			if !ok {
				t.Error("the test server cannot hijack connections")
				return
			}
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv, calls := countedServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
				handler(w, r)
			})
			_, err := newTestClient(t, srv.URL, nil).RenderVideo(context.Background(), "v1", RenderArgs{})
			if !IsAmbiguous(err) {
				t.Fatalf("err = %v, want an AmbiguousError", err)
			}
			if calls.Load() != 1 {
				t.Errorf("render POSTs = %d, want exactly 1", calls.Load())
			}
		})
	}
}

func TestRenderIsRetriedOn429(t *testing.T) {
	srv, calls := countedServer(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"code":429,"message":"Too many requests"}`))
			return
		}
		_, _ = w.Write([]byte(`{"id":"v1","status":"GENERATING_AUDIO"}`))
	})
	v, err := newTestClient(t, srv.URL, nil).RenderVideo(context.Background(), "v1", RenderArgs{CallbackURL: "https://example.com/hook"})
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != StatusGeneratingAudio || calls.Load() != 2 {
		t.Errorf("status %s after %d calls, want GENERATING_AUDIO after 2", v.Status, calls.Load())
	}
}

func TestRefusedConnectionIsRetriedAndNotAmbiguous(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there any more: connections are refused
	_, err = newTestClient(t, "http://"+addr, nil).RenderVideo(context.Background(), "v1", RenderArgs{})
	if err == nil || IsAmbiguous(err) {
		t.Fatalf("err = %v, want a plain (not ambiguous) connection error", err)
	}
}

func TestAuthErrorsFailAtOnceWithoutTheKey(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		srv, calls := countedServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"code":401,"message":"Invalid API key"}`))
		})
		_, err := newTestClient(t, srv.URL, nil).GetVideo(context.Background(), "v1")
		if !IsAuth(err) {
			t.Fatalf("%d: err = %v, want an auth error", status, err)
		}
		if calls.Load() != 1 {
			t.Errorf("%d: calls = %d, want 1 (no retries)", status, calls.Load())
		}
		if strings.Contains(err.Error(), testKey) {
			t.Errorf("%d: the error message contains the API key: %v", status, err)
		}
	}
}

func TestNonJSONErrorBodiesAreQuotedTruncated(t *testing.T) {
	page := "<html><body>" + strings.Repeat("Bad gateway from the proxy. ", 100) + "</body></html>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(page))
	}))
	defer srv.Close()
	_, err := newTestClient(t, srv.URL, nil).GetVideo(context.Background(), "v1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Fatalf("err = %v, want an APIError 400", err)
	}
	if !strings.Contains(apiErr.Body, "<html>") || len(err.Error()) > 600 {
		t.Errorf("error should quote the start of the page, truncated; got %d chars: %v", len(err.Error()), err)
	}
}

func TestHugeBodiesAreRefused(t *testing.T) {
	srv, calls := countedServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat(" ", 1<<20))
		_, _ = w.Write([]byte(`{"id":"v1","name":"`))
		for i := 0; i < MaxResponseBytes>>20+2; i++ {
			_, _ = w.Write(chunk)
		}
	})
	_, err := newTestClient(t, srv.URL, nil).GetVideo(context.Background(), "v1")
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v, want a size-limit error", err)
	}
	if calls.Load() != 1 {
		t.Errorf("calls = %d, want 1: a huge answer is not retried", calls.Load())
	}
}

func TestMalformedJSONIsAClearError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"id":"v1","status":`))
	}))
	defer srv.Close()
	_, err := newTestClient(t, srv.URL, nil).GetVideo(context.Background(), "v1")
	if err == nil || !strings.Contains(err.Error(), "not the expected JSON") {
		t.Fatalf("err = %v", err)
	}
}

func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	var leaked atomic.Bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-api-key") != "" {
			leaked.Store(true)
		}
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/steal", http.StatusFound)
	}))
	defer srv.Close()
	_, err := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = -1 }).GetVideo(context.Background(), "v1")
	if err == nil || leaked.Load() {
		t.Fatalf("err = %v, key sent to the other host: %v", err, leaked.Load())
	}
}

func TestDeadlineStopsRetries(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = 1000; c.RetryWaitMin = 20 * time.Millisecond })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.GetVideo(ctx, "v1")
	if err == nil {
		t.Fatal("want an error once the deadline passed")
	}
}

func TestValidateBaseURL(t *testing.T) {
	for u, ok := range map[string]bool{
		"https://api.argil.ai/v1":       true,
		"http://127.0.0.1:8787/v1":      true,
		"http://127.9.9.9/v1":           true,
		"http://localhost:1/v1":         true,
		"http://[::1]:8787/v1":          true,
		"http://api.argil.ai/v1":        false,
		"http://10.0.0.1/v1":            false,
		"http://127.0.0.1.evil.com/v1":  false,
		"http://evil.localhost:8787/v1": false,
		"http://localhost.:8787/v1":     false,
		"http://127.1:8787/v1":          false,
		"http://0.0.0.0:8787/v1":        false,
		"ftp://api.argil.ai/v1":         false,
		"api.argil.ai/v1":               false,
		"https://user:pw@api.argil.ai/": false,
		"https://api.argil.ai/v1?x=1":   false,
	} {
		_, err := ValidateBaseURL(u)
		if (err == nil) != ok {
			t.Errorf("ValidateBaseURL(%q) = %v, want ok=%v", u, err, ok)
		}
		if err != nil && strings.Contains(err.Error(), "pw@") {
			t.Errorf("the error echoes credentials: %v", err)
		}
	}
}

func TestNewNeedsAKey(t *testing.T) {
	_, err := New(Config{BaseURL: "https://api.argil.ai/v1"})
	if err == nil || !strings.Contains(err.Error(), "ARGIL_API_KEY") || !strings.Contains(err.Error(), "api_key") {
		t.Fatalf("err = %v, want one naming both ways to set the key", err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		"1.5":                           1500 * time.Millisecond,
		"-2":                            0,
		"soon":                          0,
		"99999":                         MaxRetryAfter,
		"Fri, 27 Nov 2026 12:00:07 GMT": 7 * time.Second,
		"Fri, 27 Nov 2026 11:00:00 GMT": 0,
		"NaN":                           0,
	} {
		if got := ParseRetryAfter(v, now); got != want {
			t.Errorf("ParseRetryAfter(%q) = %s, want %s", v, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	for s, want := range map[string]Outcome{
		"IDLE": NotStarted, "GENERATING_AUDIO": Pending, "GENERATING_VIDEO": Pending, "DONE": Succeeded,
		"FAILED": Failed, "CONTENT_MODERATED": Failed, "RENDER_ERROR": Failed, "CANCELLED": Failed, "QUEUED": Unknown,
	} {
		if got := Classify(s); got != want {
			t.Errorf("Classify(%q) = %s, want %s", s, got, want)
		}
	}
}

// Issue 14: Retry-After was capped at 10 minutes per retry, but with 10 retries a data source
// read could wait about 100 minutes. One budget bounds the whole call: a 10-year Retry-After
// ends the call at once with an error that says why, and the next call is not even sent while
// the pause it would have to wait for outlasts its budget.
func TestATenYearRetryAfterEndsWithinTheCallBudget(t *testing.T) {
	srv, calls := countedServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "315360000") // ten years
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"code":429,"message":"Too many requests"}`))
	})
	// The provider's defaults: 10 retries, the default budget for calls without a deadline.
	c, err := New(Config{BaseURL: srv.URL + "/v1", APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.GetVideo(context.Background(), "v1")
	if err == nil || !strings.Contains(err.Error(), "HTTP 429") || !strings.Contains(err.Error(), "would come after the 5m0s budget of a call without a deadline") {
		t.Fatalf("err = %v, want the 429 and the budget that ended the call", err)
	}
	_, err = c.ListWebhooks(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not sent: every request of this client pauses until") {
		t.Fatalf("second call: err = %v, want it refused without a request", err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	t.Logf("both calls ended in %s", time.Since(start).Round(time.Millisecond))

	// With a deadline, the deadline is the bound and the error says so.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c2, _ := New(Config{BaseURL: srv.URL + "/v1", APIKey: testKey})
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7200")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	_, err = c2.GetVideo(ctx, "v1")
	if err == nil || !strings.Contains(err.Error(), "would come after the operation's deadline") {
		t.Fatalf("err = %v, want the operation's deadline named", err)
	}
}

// A call without a deadline that keeps failing ends when its budget runs out, and says so.
func TestTheCallBudgetBoundsRetries(t *testing.T) {
	srv, calls := countedServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.MaxRetries = 1000
		cfg.CallBudget = 300 * time.Millisecond
		cfg.RetryWaitMin, cfg.RetryWaitMax = 20*time.Millisecond, 40*time.Millisecond
	})
	_, err := c.GetVideo(context.Background(), "v1")
	if !errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "would come after the 300ms budget") {
		t.Fatalf("err = %v, want the end of the budget", err)
	}
	if !strings.Contains(err.Error(), "budget") || !strings.Contains(err.Error(), "HTTP 502") {
		t.Errorf("err = %v, want the budget and the last error named", err)
	}
	if n := calls.Load(); n < 2 || n >= 1000 {
		t.Errorf("%d attempts, want a few retries, not all 1000", n)
	}
}

// A long pause before a retry is a warning in the logs: every request of the provider waits.
func TestALongPauseIsAWarning(t *testing.T) {
	srv, _ := countedServer(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = w.Write([]byte(`{"id":"v1","status":"DONE"}`))
	})
	var logs recordingLogger
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Logger = &logs })
	c.longPause = 500 * time.Millisecond
	if _, err := c.GetVideo(context.Background(), "v1"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.all(), "WARN Argil API asked for a long pause") || !strings.Contains(logs.all(), "retry_in_ms:1000") {
		t.Errorf("no warning of the 1 s pause (long pause set to 500ms):\n%s", logs.all())
	}
}

// Issue 13: a base_url where nothing listens cost a minute of retries and ended in a bare
// "connection refused". Until something has answered at the base URL, a refused connection is
// tried three times, at most a second apart, and the error names base_url and the attempts.
func TestNothingListeningFailsFastAndNamesTheBaseURL(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var logs recordingLogger
	c, err := New(Config{BaseURL: "http://" + addr + "/v1", APIKey: testKey, Logger: &logs}) // the default retry policy
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.GetVideo(context.Background(), "v1")
	if err == nil || !strings.Contains(err.Error(), "nothing answers at base_url http://"+addr+"/v1") || !strings.Contains(err.Error(), "3 attempts over") ||
		!strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("err = %v, want base_url, the attempts and the refusal named", err)
	}
	if n := strings.Count(logs.all(), "will be retried"); n != 2 {
		t.Errorf("%d retries, want 2", n)
	}
	t.Logf("failed after %s: %v", time.Since(start).Round(10*time.Millisecond), err)
}

// A server that answered before gets the usual retries when it refuses connections: it may be
// restarting.
func TestARefusedConnectionAfterAnAnswerGetsTheUsualRetries(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"id":"v1","status":"DONE"}`))
	}))
	var logs recordingLogger
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxRetries = 6; cfg.Logger = &logs })
	if _, err := c.GetVideo(context.Background(), "v1"); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	_, err := c.GetVideo(context.Background(), "v1")
	if err == nil || strings.Contains(err.Error(), "nothing answers") {
		t.Fatalf("err = %v, want the plain refusal after the usual retries", err)
	}
	if n := strings.Count(logs.all(), "will be retried"); n != 6 {
		t.Errorf("%d retries, want all 6", n)
	}
}

// Issue 13: a base_url without /v1 gave "404 page not found" with no hint. A 404 that comes
// from a wrong API root says so, and is not taken for a missing object (which would remove
// resources from the state).
func TestA404AtTheWrongRootHintsAtTheVersionSuffix(t *testing.T) {
	e := emulator.New(emulator.Options{APIKey: testKey})
	srv := httptest.NewServer(e)
	defer func() { srv.Close(); e.Close() }()
	id := e.SeedVideo(emulator.SeedVideo{Name: "x"})
	for base, want := range map[string]string{
		srv.URL:          "base_url " + srv.URL + " has no version suffix: the API root ends with /v1",
		srv.URL + "/api": "has no version suffix",
		srv.URL + "/v2":  "has no such route: check that base_url is the API root, version suffix included",
	} {
		c, err := New(Config{BaseURL: base, APIKey: testKey, RequestsPerSecond: -1})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetVideo(context.Background(), id)
		if StatusCode(err) != http.StatusNotFound || !strings.Contains(err.Error(), want) || IsNotFound(err) {
			t.Errorf("base %s: err = %v (IsNotFound %v), want a 404 with %q that is not a missing object", base, err, IsNotFound(err), want)
		}
	}
	// At the right root, a missing video is a plain 404 without a hint.
	c, err := New(Config{BaseURL: srv.URL + "/v1", APIKey: testKey, RequestsPerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetVideo(context.Background(), "no-such-video"); !IsNotFound(err) || strings.Contains(err.Error(), "base_url") {
		t.Errorf("err = %v, want a plain not-found", err)
	}
}

// A call whose budget runs out during an attempt names the failure of the previous attempt, not
// only the cut.
func TestTheCallBudgetEndingDuringAnAttemptNamesThePreviousFailure(t *testing.T) {
	srv, _ := countedServer(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		<-r.Context().Done() // the second attempt hangs until the budget cuts it
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.CallBudget = 200 * time.Millisecond
		cfg.RetryWaitMin, cfg.RetryWaitMax = 10*time.Millisecond, 10*time.Millisecond
	})
	_, err := c.GetVideo(context.Background(), "v1")
	if err == nil || !strings.Contains(err.Error(), "budget") || !strings.Contains(err.Error(), "HTTP 502") {
		t.Errorf("err = %v, want the budget and the last error (HTTP 502) named", err)
	}
}
