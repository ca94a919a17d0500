package argil

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/loopback"
	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// DefaultBaseURL is the public API, version prefix included.
const DefaultBaseURL = "https://api.argil.ai/v1"

// Defaults of Config.
const (
	DefaultMaxRetries     = 10
	DefaultRequestTimeout = 30 * time.Second
	// DefaultCreateRequestTimeout bounds one attempt of a POST (every POST of the API creates
	// or starts something). Argil's own n8n node gives POST /videos and
	// POST /videos/{id}/render 5 minutes.
	DefaultCreateRequestTimeout = 5 * time.Minute
	DefaultRequestsPerSecond    = 10.0
	// MaxResponseBytes bounds every response body the client reads.
	MaxResponseBytes = 8 << 20
	// DefaultCallBudget bounds one call whose context has no deadline (a data source read, a
	// refresh): its attempts, retries and pauses (Retry-After included) together.
	DefaultCallBudget = 5 * time.Minute
	// LongPause is how long a pause before a retry must be for the client to log it as a
	// warning: every request of the client waits behind a 429's Retry-After.
	LongPause = 30 * time.Second
)

// Logger receives the client's structured log lines. The provider adapts it to tflog; nil
// discards them. Fields never contain the API key.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Info(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

// Config configures a Client.
type Config struct {
	// BaseURL is the API root including the version prefix; DefaultBaseURL when empty. It must
	// use https, except http on a loopback host (see ValidateBaseURL).
	BaseURL string
	// APIKey is sent in the x-api-key header. Required.
	APIKey string
	// UserAgent is sent with every request.
	UserAgent string
	// MaxRetries bounds the retries of one call (not counting the first attempt). Zero means
	// DefaultMaxRetries; a negative value disables retries.
	MaxRetries int
	// RequestTimeout bounds one attempt of a GET, PUT or DELETE. Zero means
	// DefaultRequestTimeout.
	RequestTimeout time.Duration
	// CreateRequestTimeout bounds one attempt of a POST (a request that creates or starts
	// something). Zero means DefaultCreateRequestTimeout.
	CreateRequestTimeout time.Duration
	// ReadBackWindow is how long, after a POST whose outcome is unknown (an *AmbiguousError),
	// the client keeps looking for its effect before it concludes that it saw none: the
	// lookups of a lost POST /videos (by its request token) and the reads of the video after
	// a lost render request (StartRender). Zero means CreateRequestTimeout.
	ReadBackWindow time.Duration
	// RequestsPerSecond is the client-side rate budget shared by every call of this Client.
	// Zero means DefaultRequestsPerSecond; a negative value disables the limit.
	RequestsPerSecond float64
	// RetryWaitMin and RetryWaitMax bound the backoff between retries (defaults 500ms, 20s).
	RetryWaitMin, RetryWaitMax time.Duration
	// CallBudget bounds one call whose context has no deadline, retries and pauses included;
	// DefaultCallBudget when zero. A call with a deadline is bounded by it.
	CallBudget time.Duration
	// HTTPClient is used for every request; a client with TLS 1.2 as the minimum when nil.
	// New refuses one whose *http.Transport skips certificate verification for a host that is
	// not loopback, or accepts TLS below 1.2.
	HTTPClient *http.Client
	// Logger receives debug lines per request and retry; nil discards them.
	Logger Logger
	// ListRefresh lets concurrent WaitForRender calls share their polls: while two or more
	// are in progress, one GET /videos page observes them all (see WaitForRender); and it
	// lets ReadVideo read many videos from GET /videos pages (see batch.go).
	ListRefresh bool
	// Clock drives the rate budget, the waits, the read-back after a lost answer and the
	// shared reads; poll.RealClock() when nil. Request timeouts and retry pauses use real time.
	Clock poll.Clock
}

// Client calls the Argil API. It is safe for concurrent use; all its calls share one rate
// budget.
type Client struct {
	base       *url.URL
	apiKey     string
	userAgent  string
	maxRetries int
	reqTimeout time.Duration
	// postTimeout bounds one POST attempt; readBack is Config.ReadBackWindow.
	postTimeout time.Duration
	readBack    time.Duration
	waitMin     time.Duration
	waitMax     time.Duration
	budget      time.Duration
	longPause   time.Duration // LongPause; shorter in tests
	http        *http.Client
	log         Logger
	clock       poll.Clock
	limiter     *limiter
	refresher   *refresher // nil without Config.ListRefresh
	batch       *batcher
	// listOff is set once the API refused a GET /videos page or answered one that is not a
	// page: the waits and the batched reads of this Client then read each video on its own.
	listOff atomic.Bool
	// answered is set once anything answered at the base URL (any HTTP status): until then, a
	// refused connection means a wrong base URL or a server that is not running, and fails fast.
	answered atomic.Bool
	secrets  redactor // masked in every error and log line (see redact.go)
}

// New checks cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := ValidateBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, errors.New("no API key: set api_key in the provider configuration or the ARGIL_API_KEY environment variable")
	}
	if err := checkTLSPolicy(cfg.HTTPClient, base); err != nil {
		return nil, err
	}
	c := &Client{
		base:        base,
		apiKey:      cfg.APIKey,
		userAgent:   cfg.UserAgent,
		maxRetries:  cfg.MaxRetries,
		reqTimeout:  cfg.RequestTimeout,
		postTimeout: cfg.CreateRequestTimeout,
		readBack:    cfg.ReadBackWindow,
		waitMin:     cfg.RetryWaitMin,
		waitMax:     cfg.RetryWaitMax,
		budget:      cfg.CallBudget,
		longPause:   LongPause,
		http:        cfg.HTTPClient,
		log:         cfg.Logger,
		clock:       cfg.Clock,
	}
	if c.clock == nil {
		c.clock = poll.RealClock()
	}
	if c.maxRetries == 0 {
		c.maxRetries = DefaultMaxRetries
	}
	if c.maxRetries < 0 {
		c.maxRetries = 0
	}
	if c.reqTimeout <= 0 {
		c.reqTimeout = DefaultRequestTimeout
	}
	if c.postTimeout <= 0 {
		c.postTimeout = DefaultCreateRequestTimeout
	}
	if c.readBack <= 0 {
		c.readBack = c.postTimeout
	}
	if c.waitMin <= 0 {
		c.waitMin = 500 * time.Millisecond
	}
	if c.waitMax <= 0 {
		c.waitMax = 20 * time.Second
	}
	if c.waitMax < c.waitMin {
		c.waitMax = c.waitMin
	}
	if c.budget <= 0 {
		c.budget = DefaultCallBudget
	}
	if c.http == nil {
		c.http = defaultHTTPClient(base)
	}
	if c.log == nil {
		c.log = nopLogger{}
	}
	if len(cfg.APIKey) >= minMaskedKey {
		c.secrets.add(cfg.APIKey)
	}
	c.log = maskingLogger{c: c, next: c.log}
	rps := cfg.RequestsPerSecond
	if rps == 0 {
		rps = DefaultRequestsPerSecond
	}
	c.limiter = newLimiter(rps, c.clock)
	if cfg.ListRefresh {
		c.refresher = newRefresher(c)
	}
	c.batch = newBatcher(c, cfg.ListRefresh)
	return c, nil
}

// BaseURL returns the API root the client talks to.
func (c *Client) BaseURL() string { return c.base.String() }

// Clock returns the clock of the client's waits (Config.Clock).
func (c *Client) Clock() poll.Clock { return c.clock }

// ReadBackWindow returns how long the client looks for the effect of a POST whose outcome is
// unknown (Config.ReadBackWindow).
func (c *Client) ReadBackWindow() time.Duration { return c.readBack }

// defaultHTTPClient is the client used when Config.HTTPClient is nil. For a plain http base
// URL (allowed only on loopback) it never uses a proxy, which would see the API key in clear
// text, and its dialer refuses any address that is not loopback, whatever the name resolved to.
func defaultHTTPClient(base *url.URL) *http.Client {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	proxy := http.ProxyFromEnvironment
	if base.Scheme == "http" {
		dialer.Control = loopback.Control
		proxy = nil
	}
	t := &http.Transport{
		Proxy:                 proxy,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	t.TLSClientConfig = tlsConfig()
	t.MaxIdleConnsPerHost = 32
	// Redirects could leak the API key to another host: the client never follows them to another host.
	return &http.Client{Transport: t, CheckRedirect: sameHostRedirect}
}

// checkTLSPolicy refuses an HTTP client that would weaken TLS towards a remote host:
// certificate verification off, or a minimum version below TLS 1.2. Verification may only be
// off for a loopback host (a local emulator behind a self-signed certificate). Clients whose
// transport is not an *http.Transport cannot be inspected and are the caller's responsibility.
func checkTLSPolicy(hc *http.Client, base *url.URL) error {
	if hc == nil {
		return nil
	}
	t, ok := hc.Transport.(*http.Transport)
	if !ok || t.TLSClientConfig == nil {
		return nil
	}
	tc := t.TLSClientConfig
	if tc.InsecureSkipVerify && !IsLoopbackHost(base.Hostname()) {
		return fmt.Errorf("refusing an HTTP client with TLS certificate verification turned off for %s: verification can only be skipped for a loopback host", base.Hostname())
	}
	if tc.MinVersion != 0 && tc.MinVersion < tls.VersionTLS12 {
		return fmt.Errorf("refusing an HTTP client that accepts TLS versions below 1.2")
	}
	return nil
}

func sameHostRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("stopped after 5 redirects")
	}
	if req.URL.Host != via[0].URL.Host || (via[0].URL.Scheme == "https" && req.URL.Scheme != "https") {
		return fmt.Errorf("refusing to follow a redirect from %s to another host or to plain http (%s)", via[0].URL.Host, req.URL.Redacted())
	}
	return nil
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}
func (nopLogger) Info(context.Context, string, map[string]any)  {}
func (nopLogger) Warn(context.Context, string, map[string]any)  {}

// request describes one API call.
type request struct {
	method string
	path   string // relative to the base URL, starting with "/"
	query  url.Values
	body   any // JSON-encoded when not nil
	// accept is the expected response content type ("" for JSON).
	accept string
	// sent, when not nil, is called before each attempt, once the rate budget allows it.
	sent func()
}

// response is a successful answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// A refused connection before anything ever answered at the base URL is retried
// coldRefusedAttempts-1 times, at most coldRefusedWait apart: a wrong base URL or an emulator
// that is not running fails within seconds, not after the whole retry policy (about a minute).
const (
	coldRefusedAttempts = 3
	coldRefusedWait     = time.Second
)

// refused tells whether err is a refused connection: nothing listens at the address.
func refused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

// idempotent tells whether a method may be sent again after an ambiguous failure.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// send sends r (see do) and decodes its JSON answer into a new T.
func send[T any](ctx context.Context, c *Client, r request) (*T, error) {
	v := new(T)
	if _, err := c.do(ctx, r, v); err != nil {
		return nil, err
	}
	return v, nil
}

// do sends r with the retry policy of its method and decodes a JSON answer into out (when
// out is not nil).
func (c *Client) do(ctx context.Context, r request, out any) (*response, error) {
	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return nil, fmt.Errorf("encoding the %s %s request: %w", r.method, r.path, err)
		}
	}
	safe := idempotent(r.method)
	callStart := time.Now()
	// One bound for the whole call: the operation's deadline, or the call budget.
	limit := "the operation's deadline"
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, c.budget, &callBudgetError{budget: c.budget})
		defer cancel()
		limit = fmt.Sprintf("the %s budget of a call without a deadline", c.budget)
	}
	var prev error // the failure of the previous attempt
	for attempt := 0; ; attempt++ {
		// The pause is on the client's clock, the deadline on the real one: compare what is left.
		if end := c.limiter.pauseEnd(); end.Sub(c.clock.Now()) > time.Until(deadlineOf(ctx)) {
			return nil, fmt.Errorf("%s %s: not sent: every request of this client pauses until %s, as the API asked (Retry-After), which is after %s",
				r.method, r.path, end.Format(time.RFC3339), limit)
		}
		if err := c.limiter.wait(ctx); err != nil {
			return nil, c.deadlineErr(ctx, r, err, attempt)
		}
		if r.sent != nil {
			r.sent()
		}
		start := time.Now()
		resp, err := c.attempt(ctx, r, payload)
		if err == nil && out != nil && r.accept == "" {
			err = c.decodeJSON(r, resp, out)
		}
		fields := map[string]any{"method": r.method, "path": r.path, "attempt": attempt + 1, "duration_ms": time.Since(start).Milliseconds()}
		if err == nil {
			fields["status"] = resp.status
			c.log.Debug(ctx, "Argil API request", fields)
			c.warnOddFields(ctx, r, out)
			return resp, nil
		}
		fields["error"] = err.Error()
		if ctx.Err() != nil {
			c.log.Debug(ctx, "Argil API request cancelled", fields)
			last := err
			if prev != nil && (errors.Is(err, ctx.Err()) || errors.Is(err, context.Cause(ctx))) {
				last = prev // this attempt was only cut short: the previous one says what failed
			}
			derr := c.deadlineErr(ctx, r, last, attempt)
			if !safe && !notSent(err) {
				// Cut while a POST may have reached the server (the caller's deadline, an
				// interrupt, or the call budget): only the server's state can tell.
				return nil, &AmbiguousError{Method: r.method, Path: r.path, Err: derr, Status: answeredStatus(err)}
			}
			return nil, derr
		}
		if StatusCode(err) == http.StatusTooManyRequests {
			// A 429 slows every caller of this client down, not only this one.
			c.limiter.throttled(retryAfterOf(err))
			fields["rate_per_second"] = c.limiter.currentRate()
		}
		retry, wait := c.retryable(safe, err, attempt)
		if retry && refused(err) && !c.answered.Load() {
			// Nothing has ever answered here: a few quick tries, then a clear error.
			if attempt+1 >= coldRefusedAttempts {
				c.log.Debug(ctx, "Argil API request failed: nothing answers at the base URL", fields)
				return nil, &transportError{err: fmt.Errorf("%s %s: nothing answers at base_url %s: %w (%d attempts over %s; nothing has answered at this base URL yet). "+
					"Check base_url (ARGIL_BASE_URL), and that the server at that address is running",
					r.method, r.path, c.base.Redacted(), err, attempt+1, time.Since(callStart).Round(100*time.Millisecond)), final: true}
			}
			wait = min(wait, coldRefusedWait)
		}
		if !retry {
			c.log.Debug(ctx, "Argil API request failed", fields)
			if !safe && !notSent(err) && StatusCode(err) != http.StatusTooManyRequests && !isClientError(err) {
				return nil, &AmbiguousError{Method: r.method, Path: r.path, Err: err, Status: answeredStatus(err)}
			}
			return nil, err
		}
		fields["retry_in_ms"] = wait.Milliseconds()
		if time.Until(deadlineOf(ctx)) < wait {
			c.log.Debug(ctx, "Argil API request failed; the next retry would come too late", fields)
			return nil, fmt.Errorf("%w; gave up after %d attempt(s): the next retry, in %s, would come after %s", err, attempt+1, wait.Round(time.Second), limit)
		}
		if wait >= c.longPause {
			c.log.Warn(ctx, "Argil API asked for a long pause before the next retry; every request of this provider waits meanwhile", fields)
		} else {
			c.log.Debug(ctx, "Argil API request will be retried", fields)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, c.deadlineErr(ctx, r, err, attempt)
		case <-timer.C:
		}
		prev = err
	}
}

// warnOddFields logs, as a warning, the fields of a decoded video (or of the videos of a page)
// that did not have their documented type and were skipped or converted.
func (c *Client) warnOddFields(ctx context.Context, r request, out any) {
	var videos []*Video
	switch o := out.(type) {
	case *Video:
		videos = []*Video{o}
	case *VideoPage:
		for i := range o.Videos {
			videos = append(videos, &o.Videos[i])
		}
	}
	for _, v := range videos {
		if odd := v.OddFields(); len(odd) > 0 {
			c.log.Warn(ctx, "Argil API answer has video fields of an unexpected type: they were skipped (or read from another type), the rest of the video was read",
				map[string]any{"method": r.method, "path": r.path, "video_id": v.ID, "fields": odd})
		}
	}
}

func (c *Client) deadlineErr(ctx context.Context, r request, last error, attempt int) error {
	end := ctx.Err()
	var budget *callBudgetError
	if errors.As(context.Cause(ctx), &budget) {
		end = fmt.Errorf("%w: %v", ctx.Err(), budget)
	}
	if last == nil || errors.Is(last, ctx.Err()) {
		return fmt.Errorf("%s %s: %w", r.method, r.path, end)
	}
	return fmt.Errorf("%s %s: %w after %d attempt(s), last error: %v", r.method, r.path, end, attempt+1, last)
}

// callBudgetError is the cause of the end of a call that ran out of its budget.
type callBudgetError struct{ budget time.Duration }

func (e *callBudgetError) Error() string {
	return fmt.Sprintf("the call used up its budget of %s (retries and pauses included)", e.budget)
}

// deadlineOf is the deadline of ctx (do always gives it one).
func deadlineOf(ctx context.Context) time.Time {
	dl, ok := ctx.Deadline()
	if !ok {
		return time.Now().Add(DefaultCallBudget)
	}
	return dl
}

// attempt sends one request and reads its answer through the size limit.
func (c *Client) attempt(ctx context.Context, r request, payload []byte) (*response, error) {
	if err := checkPath(r.path); err != nil {
		return nil, &transportError{err: fmt.Errorf("%s %s: not sent: %w", r.method, c.Redact(r.path), err), final: true}
	}
	// r.path is escaped already (url.PathEscape of each id): it becomes the URL's RawPath as
	// it is, so that it is escaped once, not twice.
	u := *c.base
	u.RawPath = strings.TrimSuffix(c.base.EscapedPath(), "/") + r.path
	p, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return nil, &transportError{err: fmt.Errorf("%s %s: not sent: %w", r.method, c.Redact(r.path), err), final: true}
	}
	u.Path = p
	if len(r.query) > 0 {
		u.RawQuery = r.query.Encode()
	}
	timeout := c.reqTimeout
	if r.method == http.MethodPost {
		timeout = c.postTimeout
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, r.method, u.String(), body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("x-api-key", c.apiKey)
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.accept != "" {
		req.Header.Set("Accept", r.accept)
	} else {
		req.Header.Set("Accept", "application/json")
	}
	res, err := c.http.Do(req)
	if err == nil {
		c.answered.Store(true)
	}
	if err != nil {
		// The URL is ours and holds no secret, but strip it anyway: the error names the request.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		if actx.Err() != nil && ctx.Err() == nil {
			what := "request timeout"
			if r.method == http.MethodPost {
				what = "timeout of requests that create or start something"
			}
			return nil, &transportError{err: fmt.Errorf("no answer within the %s of %s", what, timeout), sent: true}
		}
		if errors.Is(err, loopback.ErrNotLoopback) {
			return nil, &transportError{err: fmt.Errorf("%w (a plain http base URL may only reach this machine)", err), final: true}
		}
		return nil, &transportError{err: err, sent: !isDialError(err)}
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, MaxResponseBytes+1))
	if err != nil {
		return nil, &transportError{err: fmt.Errorf("reading the HTTP %d answer: %w", res.StatusCode, err), sent: true}
	}
	if len(data) > MaxResponseBytes {
		return nil, &transportError{err: fmt.Errorf("%s %s: the HTTP %d answer is larger than %d bytes (%d MiB), the most the client reads; it was not read further", r.method, r.path, res.StatusCode, MaxResponseBytes, MaxResponseBytes>>20), sent: true, final: true}
	}
	if !spendReadBudget(ctx, len(data)) {
		return nil, &transportError{err: fmt.Errorf("%s %s: %w", r.method, r.path, errReadBudget), sent: true, final: true}
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return nil, c.newAPIError(r, res, data)
	}
	return &response{status: res.StatusCode, header: res.Header, body: data}, nil
}

// decodeJSON decodes a successful answer into out. A 2xx whose body is empty (204 aside) or
// not JSON at all (a proxy's HTML page, a body cut short) is a transport failure: a GET is
// retried, and a POST becomes an *AmbiguousError, since the server answered 2xx and so acted.
// A body that is JSON of the wrong shape is a final error, and so is a 204 or a JSON null
// where an object is expected (a list may be null or 204: it is then empty). out is only
// written on success. Every transport error here carries the 2xx status (answered): the server
// acted, only its answer is unusable.
func (c *Client) decodeJSON(r request, resp *response, out any) error {
	target := reflect.ValueOf(out)
	if target.Kind() != reflect.Pointer || target.IsNil() {
		return fmt.Errorf("decoding %s %s: out must be a non-nil pointer, got %T", r.method, r.path, out)
	}
	wantObject := target.Type().Elem().Kind() == reflect.Struct
	trimmed := bytes.TrimSpace(resp.body)
	if len(trimmed) == 0 && resp.status != http.StatusNoContent {
		return &transportError{err: fmt.Errorf("%s %s: HTTP %d with an empty body where a JSON object was expected", r.method, r.path, resp.status), sent: true, answered: resp.status}
	}
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		if !wantObject {
			return nil
		}
		what := "HTTP 204 No Content"
		if len(trimmed) > 0 {
			what = fmt.Sprintf("HTTP %d with a JSON null", resp.status)
		}
		return &transportError{err: fmt.Errorf("%s %s: %s where an object was expected", r.method, r.path, what), sent: true, final: true, answered: resp.status}
	}
	fresh := reflect.New(target.Type().Elem())
	if err := json.Unmarshal(resp.body, fresh.Interface()); err != nil {
		var syntax *json.SyntaxError
		transient := errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF)
		return &transportError{
			err:      fmt.Errorf("%s %s: HTTP %d with a body that is not the expected JSON (%v): %q", r.method, r.path, resp.status, err, c.redactQuote(string(trimmed))),
			sent:     true,
			final:    !transient,
			answered: resp.status,
		}
	}
	cleanIdentifiers(fresh)
	target.Elem().Set(fresh.Elem())
	return nil
}

// newAPIError reads a non-2xx answer. The server's message or body is cleaned, masked and cut
// (redactQuote) before it goes into the error.
func (c *Client) newAPIError(r request, res *http.Response, data []byte) *APIError {
	e := &APIError{Method: r.method, Path: r.path, StatusCode: res.StatusCode, RetryAfter: ParseRetryAfter(res.Header.Get("Retry-After"), time.Now())}
	defer c.hintRoot(e, data)
	var body struct {
		Code    json.RawMessage `json:"code"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(data, &body) == nil && body.Message != "" {
		e.Message = c.redactQuote(body.Message)
		_ = json.Unmarshal(body.Code, &e.Code)
	} else if len(bytes.TrimSpace(data)) > 0 {
		e.Body = c.redactQuote(string(bytes.TrimSpace(data)))
	}
	return e
}

// transportError is a failure without an HTTP answer.
type transportError struct {
	err error
	// sent is false when the connection was refused, so the server never saw the request.
	sent bool
	// final marks errors that retrying cannot fix.
	final bool
	// answered is the HTTP status of an answer whose body could not be read (a 2xx), 0 when
	// no answer came.
	answered int
}

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// answeredStatus is the 2xx status of an answer whose body could not be read, else 0.
func answeredStatus(err error) int {
	var t *transportError
	if errors.As(err, &t) {
		return t.answered
	}
	return 0
}

func notSent(err error) bool {
	var t *transportError
	return errors.As(err, &t) && !t.sent
}

func isClientError(err error) bool {
	s := StatusCode(err)
	return s >= 400 && s < 500
}

// isDialError tells whether err happened while connecting, before the request was written.
func isDialError(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

func retryAfterOf(err error) time.Duration {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.RetryAfter
	}
	return 0
}

// retryable applies the retry policy: whether to retry after err, and how long to wait.
func (c *Client) retryable(safe bool, err error, attempt int) (bool, time.Duration) {
	if attempt >= c.maxRetries {
		return false, 0
	}
	var t *transportError
	if errors.As(err, &t) && t.final {
		return false, 0
	}
	status := StatusCode(err)
	switch {
	case status == http.StatusTooManyRequests:
		// The server refused the request: safe to send again, whatever the method.
	case status >= 500 || status == http.StatusRequestTimeout:
		if !safe {
			return false, 0
		}
	case status != 0:
		return false, 0
	default: // no HTTP answer
		if !safe && !notSent(err) {
			return false, 0
		}
	}
	wait := c.backoff(attempt)
	if ra := retryAfterOf(err); ra > wait {
		wait = ra
	}
	return true, wait
}

// backoff is exponential with full jitter: uniform in [waitMin, min(waitMax, waitMin*2^attempt)].
func (c *Client) backoff(attempt int) time.Duration {
	ceil := c.waitMin << min(attempt, 20)
	if ceil > c.waitMax || ceil <= 0 {
		ceil = c.waitMax
	}
	if ceil <= c.waitMin {
		return c.waitMin
	}
	return c.waitMin + rand.N(ceil-c.waitMin)
}

// checkPath refuses a request path (escaped, relative to the base URL) with an empty segment,
// a dot segment ("." or "..", escaped or not) or a segment holding a slash or a backslash once
// unescaped: an id like that would address another resource than the one meant, here or in a
// proxy that normalises paths.
func checkPath(escaped string) error {
	for _, seg := range strings.Split(strings.TrimPrefix(escaped, "/"), "/") {
		s, err := url.PathUnescape(seg)
		if err != nil {
			return err
		}
		switch {
		case s == "":
			return errors.New("an id in its path is empty")
		case s == "." || s == "..":
			return fmt.Errorf("an id in its path is the dot segment %q", s)
		case strings.ContainsAny(s, "/\\"):
			return fmt.Errorf("an id in its path, %q, holds a slash", CleanText(s))
		}
	}
	return nil
}

// versionSuffix matches a base URL path that ends with an API version, like /v1.
var versionSuffix = regexp.MustCompile(`/v[0-9]+$`)

// hintRoot marks a 404 that says more about the base URL than about the object asked for: Go's
// "404 page not found" (a server without the route, such as the emulator asked for a path
// without /v1), or a 404 without the API's Error body from a base URL without a version
// suffix. Such a 404 gets a hint about base_url, and IsNotFound is false for it: a resource
// is not removed from state because the base URL is wrong.
func (c *Client) hintRoot(e *APIError, body []byte) {
	if e.StatusCode != http.StatusNotFound {
		return
	}
	goText := strings.TrimSpace(string(body)) == "404 page not found"
	noVersion := !versionSuffix.MatchString(c.base.Path)
	switch {
	case noVersion && e.Message == "":
		e.RouteMissing = true
		e.Hint = fmt.Sprintf("base_url %s has no version suffix: the API root ends with /v1, for example %s or http://127.0.0.1:8787/v1 for the emulator", c.base.Redacted(), DefaultBaseURL)
	case goText:
		e.RouteMissing = true
		e.Hint = fmt.Sprintf("the server at base_url %s has no such route: check that base_url is the API root, version suffix included (…/v1)", c.base.Redacted())
	case noVersion:
		e.Hint = fmt.Sprintf("if this is unexpected, check base_url %s: the API root ends with /v1", c.base.Redacted())
	}
}
