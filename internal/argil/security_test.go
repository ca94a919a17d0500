package argil

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/argil-community/terraform-provider-argil/internal/loopback"
)

// Tests of the client's security and robustness guarantees: TLS policy, bounded reads,
// truncated quotes, and 2xx answers whose body is broken.

func TestSecurity_untrustedCertificateIsRefused(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_, _ = w.Write([]byte(`{"id":"v1","status":"DONE"}`))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	defer srv.Close()
	// The default HTTP client: the test server's self-signed certificate is not trusted.
	c, err := New(Config{BaseURL: srv.URL + "/v1", APIKey: testKey, MaxRetries: -1, RequestsPerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetVideo(context.Background(), "v1")
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("err = %v, want a certificate verification error", err)
	}
	if calls.Load() != 0 {
		t.Errorf("the server handled %d request(s) over an unverified connection, want 0", calls.Load())
	}
	// The same server with its certificate trusted works: the refusal above was about trust.
	c2, err := New(Config{BaseURL: srv.URL + "/v1", APIKey: testKey, MaxRetries: -1, RequestsPerSecond: -1, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.GetVideo(context.Background(), "v1"); err != nil {
		t.Fatalf("with the certificate trusted: %v", err)
	}
}

func TestSecurity_tls11ServerIsRefused(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_, _ = w.Write([]byte(`{"id":"v1","status":"DONE"}`))
	}))
	srv.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	// Trust the server's certificate but keep the client's TLS policy: only the version can fail.
	base, ok := srv.Client().Transport.(*http.Transport)
	if !ok {
		t.Fatalf("httptest client transport is %T", srv.Client().Transport)
	}
	tr := base.Clone()
	roots := tr.TLSClientConfig.RootCAs
	tr.TLSClientConfig = tlsConfig()
	tr.TLSClientConfig.RootCAs = roots
	hc := &http.Client{Transport: tr}
	c, err := New(Config{BaseURL: srv.URL + "/v1", APIKey: testKey, MaxRetries: -1, RequestsPerSecond: -1, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetVideo(context.Background(), "v1")
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "version") {
		t.Fatalf("err = %v, want a protocol version error", err)
	}
	if calls.Load() != 0 {
		t.Errorf("the server handled %d request(s) over TLS 1.1, want 0", calls.Load())
	}
}

func TestSecurity_defaultTLSPolicy(t *testing.T) {
	c, err := New(Config{APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := c.http.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("default transport is %T", c.http.Transport)
	}
	tc := tr.TLSClientConfig
	if tc == nil || tc.InsecureSkipVerify || tc.MinVersion < tls.VersionTLS12 {
		t.Fatalf("default TLS config = %+v, want verification on and TLS 1.2 at least", tc)
	}
	if c.BaseURL() != DefaultBaseURL || !strings.HasPrefix(c.BaseURL(), "https://") {
		t.Errorf("default base URL %q", c.BaseURL())
	}
}

func TestSecurity_noWayToSkipVerificationForRemoteHosts(t *testing.T) {
	insecure := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	old := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS11}}}
	for _, tc := range []struct {
		base string
		hc   *http.Client
		ok   bool
	}{
		{"https://api.argil.ai/v1", insecure, false},
		{"https://10.0.0.5/v1", insecure, false},
		{"https://127.0.0.1:8443/v1", insecure, true}, // a local emulator with a self-signed certificate
		{"https://localhost:8443/v1", insecure, true},
		{"https://api.argil.ai/v1", old, false},
		{"https://127.0.0.1:8443/v1", old, false},
		{"https://api.argil.ai/v1", &http.Client{}, true},
	} {
		_, err := New(Config{BaseURL: tc.base, APIKey: testKey, HTTPClient: tc.hc})
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok=%v", tc.base, err, tc.ok)
		}
	}
}

func TestSecurity_quotedBodiesAreTruncated(t *testing.T) {
	long := strings.Repeat("é", 5000) // multi-byte: the cut must stay valid UTF-8
	for name, body := range map[string]string{
		"json message": `{"code":400,"message":"` + long + `"}`,
		"html page":    "<html>" + long + "</html>",
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(body))
			}))
			defer srv.Close()
			_, err := newTestClient(t, srv.URL, nil).GetVideo(context.Background(), "v1")
			if err == nil {
				t.Fatal("want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, "…(truncated)") || utf8.RuneCountInString(msg) > maxQuotedBody+300 || !utf8.ValidString(msg) {
				t.Errorf("error of %d runes (valid UTF-8: %v), want a truncated quote: %.200s", utf8.RuneCountInString(msg), utf8.ValidString(msg), msg)
			}
		})
	}
}

// --- 2xx answers with a broken body ---------------------------------------------------------

func TestBrokenBodiesOfAGetAreRetried(t *testing.T) {
	for name, broken := range map[string]string{
		"empty":     "",
		"truncated": `{"id":"v1","status":"DO`,
		"html":      "<!doctype html><html><body>Just a moment...</body></html>",
	} {
		t.Run(name, func(t *testing.T) {
			srv, calls := countedServer(t, func(n int32, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					_, _ = w.Write([]byte(broken))
					return
				}
				_, _ = w.Write([]byte(`{"id":"v1","status":"DONE"}`))
			})
			v, err := newTestClient(t, srv.URL, nil).GetVideo(context.Background(), "v1")
			if err != nil {
				t.Fatal(err)
			}
			if v.Status != StatusDone || calls.Load() != 2 {
				t.Errorf("status %q after %d call(s), want DONE after 2", v.Status, calls.Load())
			}
		})
	}
}

func TestEmptyBodyIsAnErrorNotAZeroVideo(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	v, err := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = -1 }).GetVideo(context.Background(), "v1")
	if err == nil || !strings.Contains(err.Error(), "empty body") {
		t.Fatalf("GetVideo = %+v, %v; want an empty-body error (an empty Video has no status and would be waited on as unknown)", v, err)
	}
}

func TestWrongShapeIsFinal(t *testing.T) {
	srv, calls := countedServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		// JSON, but not a Video object (a field of the wrong type is skipped instead: see
		// TestVideoDecoderIsTolerant).
		_, _ = w.Write([]byte(`[{"id":"v1","status":"DONE"}]`))
	})
	_, err := newTestClient(t, srv.URL, nil).GetVideo(context.Background(), "v1")
	if err == nil || !strings.Contains(err.Error(), "not the expected JSON") {
		t.Fatalf("err = %v", err)
	}
	if calls.Load() != 1 {
		t.Errorf("calls = %d, want 1: JSON of the wrong shape will not change on a retry", calls.Load())
	}
}

func TestBrokenBodyOfARenderIsAmbiguous(t *testing.T) {
	srv, calls := countedServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`<html>proxy</html>`))
	})
	_, err := newTestClient(t, srv.URL, nil).RenderVideo(context.Background(), "v1", RenderArgs{})
	if !IsAmbiguous(err) {
		t.Fatalf("err = %v, want an AmbiguousError: the server answered 2xx, so the render started", err)
	}
	if calls.Load() != 1 {
		t.Errorf("render POSTs = %d, want 1", calls.Load())
	}
}

func TestDecodeLeavesOutUntouchedOnFailure(t *testing.T) {
	v := Video{ID: "kept", Status: StatusDone}
	err := (&Client{}).decodeJSON(request{method: "GET", path: "/videos/x"}, &response{status: 200, body: []byte(`["changed"]`)}, &v)
	if err == nil || v.ID != "kept" || v.Status != StatusDone {
		t.Fatalf("after a failed decode: %+v, %v; want the value untouched and an error", v, err)
	}
}

// --- Defaults -------------------------------------------------------------------------------

func TestDefaultsAreSafe(t *testing.T) {
	c, err := New(Config{APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	if c.maxRetries != DefaultMaxRetries || c.reqTimeout != DefaultRequestTimeout || c.limiter.max != DefaultRequestsPerSecond {
		t.Errorf("defaults: retries %d, timeout %s, rate %v", c.maxRetries, c.reqTimeout, c.limiter.max)
	}
	if DefaultMaxRetries <= 0 || DefaultRequestTimeout <= 0 || DefaultRequestsPerSecond <= 0 || MaxResponseBytes <= 0 {
		t.Error("every default must bound something")
	}
	off, err := New(Config{APIKey: testKey, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if off.maxRetries != 0 {
		t.Errorf("MaxRetries -1 gives %d retries, want 0", off.maxRetries)
	}
}

// Issue 14: with a plain http base URL the API key travels in clear text, so the default
// client never hands such a request to a proxy, and connects only to loopback addresses,
// whatever a name resolves to. The refusal is final: nothing is retried.
func TestSecurity_plainHTTPStaysOnThisMachine(t *testing.T) {
	proxy, proxied := countedServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	})
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("http_proxy", proxy.URL)
	t.Setenv("NO_PROXY", "")
	t.Setenv("no_proxy", "")

	c, err := New(Config{BaseURL: "http://localhost:1/v1", APIKey: testKey, RequestsPerSecond: -1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	tr, ok := c.http.Transport.(*http.Transport)
	if !ok || tr.Proxy != nil {
		t.Error("the transport of a plain http base URL has a proxy function")
	}
	// What a name that resolved elsewhere would lead to: a connection to a remote address.
	// The request goes through the client's own transport, so the dialer's rule is what is tested.
	c.base, _ = url.Parse("http://192.0.2.1:80/v1")
	_, err = c.GetVideo(context.Background(), "v1")
	if !errors.Is(err, loopback.ErrNotLoopback) || !strings.Contains(err.Error(), "192.0.2.1") {
		t.Fatalf("err = %v, want a refusal to connect to 192.0.2.1", err)
	}
	if proxied.Load() != 0 {
		t.Errorf("the proxy received %d request(s)", proxied.Load())
	}

	// An https base URL keeps the proxy of the environment (the key is encrypted end to end).
	c2, err := New(Config{BaseURL: "https://api.argil.ai/v1", APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	if tr2, ok := c2.http.Transport.(*http.Transport); !ok || tr2.Proxy == nil {
		t.Error("an https base URL lost the environment's proxy")
	}
}

// recordingLogger keeps every line the client logs.
type recordingLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *recordingLogger) add(level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf("%s %s %v", level, msg, fields))
}
func (l *recordingLogger) Debug(_ context.Context, m string, f map[string]any) { l.add("DEBUG", m, f) }
func (l *recordingLogger) Info(_ context.Context, m string, f map[string]any)  { l.add("INFO", m, f) }
func (l *recordingLogger) Warn(_ context.Context, m string, f map[string]any)  { l.add("WARN", m, f) }
func (l *recordingLogger) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// terminalTricks is what a hostile server puts in its text to fool a terminal: ANSI escapes,
// a carriage return and line feeds to forge a line, bidirectional overrides and a zero-width
// character.
const terminalTricks = "\x1b[2K\x1b[1A\r\nApply complete! Resources: 0 added.\u202egnp.exe\u2066x\u2069\u200b\u0085"

// Issue 14: a server that echoes its input showed the API key and the callback URL's token
// in diagnostics and TF_LOG, and printed control characters. Every error and log line is
// cleaned and masked, whatever part of the answer carries the text.
func TestSecurity_echoedSecretsAndTerminalTricksNeverComeBack(t *testing.T) {
	const token = "t0k3n-8f2a91c7"
	const shortToken = "abc"
	callback := "https://hooks.example.com/argil?token=" + token + "&team=" + shortToken
	for name, answer := range map[string]func(w http.ResponseWriter, echo string){
		"documented error message": func(w http.ResponseWriter, echo string) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]any{"code": 400, "message": echo})
		},
		"raw error body": func(w http.ResponseWriter, echo string) {
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte(echo))
		},
		"2xx body that is not the expected JSON": func(w http.ResponseWriter, echo string) {
			_, _ = w.Write([]byte(`{"id": 5, "status": ` + strconv.Quote(echo) + `}`))
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				var args RenderArgs
				_ = json.Unmarshal(body, &args)
				u, _ := url.Parse(args.CallbackURL)
				echo := fmt.Sprintf("refused key %s for %s (token %s, query %s, decoded %s) %s",
					r.Header.Get("x-api-key"), args.CallbackURL, u.Query().Get("token"), u.RawQuery, u.Query().Encode(), terminalTricks)
				answer(w, echo)
			}))
			defer srv.Close()
			var logs recordingLogger
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Logger = &logs; cfg.MaxRetries = -1 })
			_, err := c.RenderVideo(context.Background(), "v1", RenderArgs{CallbackURL: callback})
			if err == nil {
				t.Fatal("no error")
			}
			for where, text := range map[string]string{"error": err.Error(), "logs": logs.all()} {
				for _, secret := range []string{testKey, token, "token=" + token, "team=" + shortToken} {
					if strings.Contains(text, secret) {
						t.Errorf("the %s show %q: %s", where, secret, text)
					}
				}
				for _, r := range text {
					if unsafeRune(r) && r != '\n' {
						t.Errorf("the %s keep the control or format character %U: %q", where, r, text)
						break
					}
				}
			}
			if !strings.Contains(err.Error(), "***") {
				t.Errorf("nothing was masked, so nothing was echoed: %v", err)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, accents é, emoji 🎬":       "plain text, accents é, emoji 🎬",
		"a\r\nb\tc\x1b[31md\x7f\u0085e":        "a  b c [31md  e",
		"left \u202eright\u202c \u2066x\u2069": "left right x",
		"zero\u200bwidth\ufeff":                "zerowidth",
		"bad \xff byte":                        "bad ? byte",
		"line\u2028sep":                        "line sep",
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

// Issue 14: url.PathEscape leaves "." and ".." alone while the URL escaped the rest twice
// (/v1/avatars/..%252Favatars). Ids are escaped once, and an id that would address another
// resource (a dot segment, a slash, nothing) is never sent.
func TestSecurity_idsInPathsAreEscapedOnceAndDotSegmentsRefused(t *testing.T) {
	var paths []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.RequestURI)
		mu.Unlock()
		_, _ = w.Write([]byte(`{"id":"x","status":"DONE"}`))
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)
	ctx := context.Background()
	if _, err := c.GetAvatar(ctx, "a b%c?d#e"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetVideo(ctx, "3f0c\u00e9"); err != nil {
		t.Fatal(err)
	}
	want := []string{"/v1/avatars/a%20b%25c%3Fd%23e", "/v1/videos/3f0c%C3%A9"}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Errorf("paths = %q, want %q", paths, want)
	}
	for _, id := range []string{"..", ".", "", "../avatars", "..\\avatars", "a/b"} {
		_, errGet := c.GetVideo(ctx, id)
		_, errRender := c.RenderVideo(ctx, id, RenderArgs{})
		for _, err := range []error{errGet, errRender} {
			if err == nil || !strings.Contains(err.Error(), "not sent") || IsAmbiguous(err) {
				t.Errorf("id %q: err = %v, want a refusal before sending (not ambiguous)", id, err)
			}
		}
	}
	if len(paths) != 2 {
		t.Errorf("%d requests reached the server, want 2: %q", len(paths), paths)
	}
}

// Issue 14: a GET answering 204 or a JSON null was taken as a real, empty object (a video
// with no id and no status). It is an error, at once; for a POST it leaves the outcome unknown
// (the server answered 2xx). A list may be null: it is then empty.
func TestNoContentOrNullWhereAnObjectIsExpected(t *testing.T) {
	for _, answer := range []struct {
		status int
		body   string
		want   string
	}{
		{http.StatusNoContent, "", "HTTP 204 No Content where an object was expected"},
		{http.StatusOK, " null\n", "HTTP 200 with a JSON null where an object was expected"},
	} {
		srv, calls := countedServer(t, func(_ int32, w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(answer.status)
			_, _ = w.Write([]byte(answer.body))
		})
		c := newTestClient(t, srv.URL, nil)
		v, err := c.GetVideo(context.Background(), "v1")
		if err == nil || !strings.Contains(err.Error(), answer.want) || v != nil {
			t.Errorf("GetVideo after %d %q = %+v, %v; want %q", answer.status, answer.body, v, err, answer.want)
		}
		if n := calls.Load(); n != 1 {
			t.Errorf("%d GETs, want 1 (not retried)", n)
		}
		if _, err := c.RenderVideo(context.Background(), "v1", RenderArgs{}); !IsAmbiguous(err) {
			t.Errorf("RenderVideo after %d %q: %v, want an ambiguous outcome", answer.status, answer.body, err)
		}
		if hooks, err := c.ListWebhooks(context.Background()); err != nil || len(hooks) != 0 {
			t.Errorf("ListWebhooks after %d %q = %v, %v; want an empty list", answer.status, answer.body, hooks, err)
		}
		srv.Close()
	}
}
