package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// contractPath is the repository copy of the Argil v1 contract.
const contractPath = "testdata/argil-v1.openapi.yaml"

func init() {
	openapi3filter.RegisterBodyDecoder("text/vtt", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/x-ass", openapi3filter.PlainBodyDecoder)
}

// loadContract loads and validates the contract (a fresh copy: callers change Servers).
func loadContract(t testing.TB) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(contractPath)
	if err != nil {
		t.Fatalf("load contract: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("contract does not validate: %v", err)
	}
	return doc
}

// fakeClock is a settable clock for Options.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// harness runs an emulator behind an httptest server and validates every /v1 request and
// response that goes through its client against the contract.
type harness struct {
	t      *testing.T
	emu    *Emulator
	srv    *httptest.Server
	clock  *fakeClock
	router routers.Router
	doc    *openapi3.T
	client *http.Client
}

// newHarness starts an emulator with opts (Now defaults to a fake clock).
func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	h := &harness{t: t, clock: newFakeClock()}
	if opts.Now == nil {
		opts.Now = h.clock.Now
	}
	h.emu = New(opts)
	h.srv = httptest.NewServer(h.emu)
	t.Cleanup(func() {
		h.srv.Close()
		h.emu.Close()
	})
	h.doc = loadContract(t)
	h.doc.Servers = openapi3.Servers{{URL: h.srv.URL + "/v1"}}
	r, err := gorillamux.NewRouter(h.doc)
	if err != nil {
		t.Fatalf("router: %v", err)
	}
	h.router = r
	h.client = &http.Client{Transport: &validatingTransport{h: h, next: http.DefaultTransport}}
	return h
}

type ctxKey int

const skipRequestValidation ctxKey = 1

// validatingTransport checks /v1 traffic against the contract and fails the test on any
// violation. Requests marked with skipRequestValidation (deliberately invalid ones) only
// have their responses checked.
type validatingTransport struct {
	h    *harness
	next http.RoundTripper
}

func (vt *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t := vt.h.t
	if !strings.HasPrefix(req.URL.Path, "/v1/") {
		return vt.next.RoundTrip(req)
	}
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		_ = req.Body.Close()
		body = b
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	route, params, err := vt.h.router.FindRoute(req)
	if err != nil {
		t.Errorf("contract: %s %s matches no operation: %v", req.Method, req.URL.Path, err)
		return vt.next.RoundTrip(req)
	}
	opts := &openapi3filter.Options{
		IncludeResponseStatus: true,
		AuthenticationFunc: func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
			if in.RequestValidationInput.Request.Header.Get("x-api-key") == "" {
				return errors.New("x-api-key header missing")
			}
			return nil
		},
	}
	vreq := req.Clone(req.Context())
	vreq.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route, Options: opts}
	if skip, _ := req.Context().Value(skipRequestValidation).(bool); !skip {
		if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
			t.Errorf("contract: request %s %s violates the contract: %v", req.Method, req.URL, err)
		}
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	resp, err := vt.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	rb, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(rb))
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Options:                opts,
	}
	out.SetBodyBytes(rb)
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		t.Errorf("contract: response %d to %s %s violates the contract: %v\nbody: %s", resp.StatusCode, req.Method, req.URL, err, rb)
	}
	return resp, nil
}

// reqOpt adjusts one request.
type reqOpt func(*http.Request)

// withKey sends key as x-api-key ("" sends no header).
func withKey(key string) reqOpt {
	return func(r *http.Request) {
		if key == "" {
			r.Header.Del("x-api-key")
		} else {
			r.Header.Set("x-api-key", key)
		}
	}
}

// invalidRequest marks a request that breaks the contract on purpose.
func invalidRequest() reqOpt {
	return func(r *http.Request) {
		*r = *r.WithContext(context.WithValue(r.Context(), skipRequestValidation, true))
	}
}

// response is a finished exchange.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

// do sends a request to the emulator. body may be nil, a string (sent as is) or a value
// encoded as JSON.
func (h *harness) do(method, path string, body any, opts ...reqOpt) *response {
	h.t.Helper()
	resp, err := h.send(method, path, body, opts...)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}

func (h *harness) send(method, path string, body any, opts ...reqOpt) (*response, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			h.t.Fatalf("encode body: %v", err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatalf("new request: %v", err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("x-api-key", DefaultAPIKey)
	for _, o := range opts {
		o(req)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// expect fails the test unless the response has the status.
func (r *response) expect(t *testing.T, status int) *response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body: %s", r.status, status, r.body)
	}
	return r
}

// expectError checks an Error body {code: status, message: msg} ("" accepts any non-empty message).
func (r *response) expectError(t *testing.T, status int, msg string) {
	t.Helper()
	r.expect(t, status)
	var e struct {
		Code    *int    `json:"code"`
		Message *string `json:"message"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil || e.Code == nil || e.Message == nil {
		t.Fatalf("error body is not {code,message}: %s", r.body)
	}
	if *e.Code != status {
		t.Errorf("error code %d, want %d", *e.Code, status)
	}
	if msg == "" && *e.Message == "" {
		t.Errorf("error message is empty")
	}
	if msg != "" && *e.Message != msg {
		t.Errorf("error message %q, want %q", *e.Message, msg)
	}
}

// createVideo creates a video from body and returns its JSON.
func (h *harness) createVideo(body map[string]any) map[string]any {
	h.t.Helper()
	return h.do("POST", "/v1/videos", body).expect(h.t, http.StatusCreated).json(h.t)
}

// simpleVideo is a valid VideoCreateArgs with one transcript moment.
func simpleVideo(name string) map[string]any {
	return map[string]any{
		"name": name,
		"moments": []any{
			map[string]any{"transcript": "Hello from the Argil emulator, thirty chars.", "avatarId": "avatar-1", "voiceId": "voice-1"},
		},
	}
}

// asStr, asNum, asList and asMap assert the type of a decoded JSON value, failing
// the test when it is something else.
func asStr(t testing.TB, v any) string         { t.Helper(); return as[string](t, v) }
func asNum(t testing.TB, v any) float64        { t.Helper(); return as[float64](t, v) }
func asList(t testing.TB, v any) []any         { t.Helper(); return as[[]any](t, v) }
func asMap(t testing.TB, v any) map[string]any { t.Helper(); return as[map[string]any](t, v) }

func as[T any](t testing.TB, v any) T {
	t.Helper()
	x, ok := v.(T)
	if !ok {
		var zero T
		t.Fatalf("JSON value %#v is a %T, want a %T", v, v, zero)
	}
	return x
}
