package emulator

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Faults is a set of failure knobs applied to /v1 requests. SetFaults replaces the whole set
// atomically; the zero value injects nothing.
//
// In JSON (the admin API's PUT /_emulator/faults) the keys are the field names in lower
// camel case ("rateLimit", "renderDropAfterAccept", ...) and Latency is a Go duration
// string such as "250ms" (a number of nanoseconds is accepted too).
type Faults struct {
	// RateLimit is the number of requests per second allowed per API key (a token bucket
	// with a burst of max(1, int(RateLimit))); 0 means unlimited. Excess requests get 429
	// {code,message} with a Retry-After header. Tokens refill by the emulator's clock.
	RateLimit float64 `json:"rateLimit,omitempty"`
	// TooManyRequests: the next N /v1 requests are answered 429 {code,message} with
	// Retry-After: 1, without acting, whatever RateLimit says (a stray 429: a request that
	// reached a server's limit a little early, a spike from another client of the key).
	TooManyRequests int `json:"tooManyRequests,omitempty"`
	// RetryAfterDate sends Retry-After as an HTTP date instead of whole seconds.
	RetryAfterDate bool `json:"retryAfterDate,omitempty"`
	// ErrorRate is the fraction [0,1] of GET requests answered 500, 502 or 503 without
	// acting (500 and 503 with an Error body, 502 with an HTML body), drawn from the
	// Options.Seed random source.
	ErrorRate float64 `json:"errorRate,omitempty"`
	// Latency is added before every /v1 response; a request cancelled meanwhile gets no
	// response at all.
	Latency time.Duration `json:"latency,omitempty"`
	// RenderDropAfterAccept: the next N render POSTs that start a render then close the
	// connection without any response.
	RenderDropAfterAccept int `json:"renderDropAfterAccept,omitempty"`
	// RenderErrorAfterAccept: the next N render POSTs that start a render then answer 502
	// with an HTML body.
	RenderErrorAfterAccept int `json:"renderErrorAfterAccept,omitempty"`
	// RenderErrorBeforeAccept: the next N render POSTs answer 503 (Error body) without acting.
	RenderErrorBeforeAccept int `json:"renderErrorBeforeAccept,omitempty"`

	// HangRate is the fraction [0,1] of GET requests that are held without an answer until
	// the client gives up (or the emulator is closed).
	HangRate float64 `json:"hangRate,omitempty"`
	// ForbiddenRate is the fraction [0,1] of /v1 requests answered 403 {code,message}
	// without acting (a key revoked or a WAF refusing; 403 is not in the contract).
	ForbiddenRate float64 `json:"forbiddenRate,omitempty"`
	// CreateDropAfterAccept: the next N POST /videos create the video, then close the
	// connection without any response.
	CreateDropAfterAccept int `json:"createDropAfterAccept,omitempty"`
	// MalformedJSON: the next N GET /videos/{id} answer 200 application/json with the
	// Video cut in the middle.
	MalformedJSON int `json:"malformedJson,omitempty"`
	// HTMLErrorPage: the next N GET /videos/{id} answer 200 with a text/html error page
	// (what a captive portal or a misconfigured proxy sends).
	HTMLErrorPage int `json:"htmlErrorPage,omitempty"`
	// EmptyBody: the next N GET /videos/{id} answer 200 application/json with no body.
	EmptyBody int `json:"emptyBody,omitempty"`
	// HugeBody: the next N GET /videos/{id} answer 200 with a valid Video padded by an
	// unknown "padding" field to HugeBodySize bytes.
	HugeBody int `json:"hugeBody,omitempty"`
	// HugeBodySize is the size of a HugeBody answer in bytes; 0 means 16 MiB.
	HugeBodySize int `json:"hugeBodySize,omitempty"`
	// UnknownField adds fields the contract does not know to every Video (top level and
	// moments), which clients must ignore.
	UnknownField bool `json:"unknownField,omitempty"`
	// ForceStatus overrides the status reported for the given video ids (for example
	// CONTENT_MODERATED, which Argil's own client handles but the docs do not list). Only the
	// reported status changes: URLs, duration and events follow the real render.
	ForceStatus map[string]string `json:"forceStatus,omitempty"`

	// Odd shapes: answers a server might send that the contract does not describe.

	// LowercaseStatus spells every status of a Video in lower case ("done") in the answers of
	// GET /videos, GET /videos/{id} and the render POST.
	LowercaseStatus bool `json:"lowercaseStatus,omitempty"`
	// VideoFields replaces fields of every Video in the answers of GET /videos,
	// GET /videos/{id} and the render POST, where the Video carries them with a value (not
	// null): {"duration": "12.5"} sends the duration as a string, {"id": ".."} names another
	// video. A key "moments.N.field" addresses a field of the N-th moment (from 0).
	VideoFields map[string]any `json:"videoFields,omitempty"`
	// RenderVideoFields is VideoFields for the answer of the render POST only.
	RenderVideoFields map[string]any `json:"renderVideoFields,omitempty"`
	// IgnoreExtrasFilter makes GET /videos answer as if extrasFilter were absent.
	IgnoreExtrasFilter bool `json:"ignoreExtrasFilter,omitempty"`
	// PlainNotFound answers every /v1 404 with a text/plain "Not Found" instead of an Error body.
	PlainNotFound bool `json:"plainNotFound,omitempty"`
	// NoPaginationHeaders leaves X-Total-Count and X-Total-Pages out of GET /assets.
	NoPaginationHeaders bool `json:"noPaginationHeaders,omitempty"`

	// BadRequest answers every request of each route ("GET /videos") 400 {code, message} with
	// the route's message, without acting.
	BadRequest map[string]string `json:"badRequest,omitempty"`
	// DropBeforeAccept: the next N requests of each route ("POST /videos": N) are lost on the
	// way to Argil: the connection closes without an answer, and the emulator neither acts
	// nor counts them (Count); Requests logs them.
	DropBeforeAccept map[string]int `json:"dropBeforeAccept,omitempty"`
	// DropAfterAccept: the next N requests of each route ("POST /avatars": N) act, then the
	// connection closes without an answer. (CreateDropAfterAccept and RenderDropAfterAccept are
	// the same for POST /videos and the render POST.)
	DropAfterAccept map[string]int `json:"dropAfterAccept,omitempty"`

	// Render triggers: faults that arrive at a chosen moment of a render.

	// RenderVideoGone: the next N render POSTs find their video deleted just before they
	// arrive (as in the Argil app, between a read and the render): the emulator deletes the
	// video, and the POST answers 404.
	RenderVideoGone int `json:"renderVideoGone,omitempty"`
	// RenderDuplicated: the next N render POSTs arrive twice, as through a proxy that lost the
	// answer of its first copy and sent it again: both copies act and count; the client gets
	// the second copy's answer.
	RenderDuplicated int `json:"renderDuplicated,omitempty"`
	// OnRender replaces the whole fault set when the next render POST reaches the emulator,
	// before anything else happens to it: {"onRender": {"forbiddenRate": 1}} refuses the render.
	OnRender *Faults `json:"onRender,omitempty"`
	// AfterRender replaces the whole fault set once the next render POST has been answered: a
	// fault for the wait that follows ({"afterRender": {"malformedJson": 1}}).
	AfterRender *Faults `json:"afterRender,omitempty"`
}

// defaultHugeBodySize is the size of a HugeBody answer when HugeBodySize is 0.
const defaultHugeBodySize = 16 << 20

type faultsJSON Faults

// MarshalJSON encodes Latency as a Go duration string.
func (f Faults) MarshalJSON() ([]byte, error) {
	type out struct {
		faultsJSON
		Latency string `json:"latency,omitempty"`
	}
	o := out{faultsJSON: faultsJSON(f)}
	if f.Latency != 0 {
		o.Latency = f.Latency.String()
	}
	return json.Marshal(o)
}

// UnmarshalJSON accepts Latency as a Go duration string ("250ms") or as nanoseconds.
func (f *Faults) UnmarshalJSON(b []byte) error {
	type in struct {
		*faultsJSON
		Latency json.RawMessage `json:"latency,omitempty"`
	}
	var tmp Faults
	i := in{faultsJSON: (*faultsJSON)(&tmp)}
	if err := json.Unmarshal(b, &i); err != nil {
		return err
	}
	d, err := parseDurationJSON(i.Latency)
	if err != nil {
		return fmt.Errorf("latency: %w", err)
	}
	tmp.Latency = d
	*f = tmp
	return nil
}

// parseDurationJSON reads a JSON duration: a Go duration string or a number of nanoseconds.
func parseDurationJSON(raw json.RawMessage) (time.Duration, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return time.ParseDuration(s)
	}
	var n int64
	if err := json.Unmarshal(raw, &n); err != nil {
		return 0, fmt.Errorf("want a duration string like \"250ms\" or nanoseconds")
	}
	return time.Duration(n), nil
}

func (f Faults) validate() error {
	switch {
	case f.RateLimit < 0 || math.IsNaN(f.RateLimit) || math.IsInf(f.RateLimit, 0):
		return fmt.Errorf("rateLimit must be >= 0")
	case f.ErrorRate < 0 || f.ErrorRate > 1 || math.IsNaN(f.ErrorRate):
		return fmt.Errorf("errorRate must be within [0,1]")
	case f.Latency < 0:
		return fmt.Errorf("latency must be >= 0")
	case f.HangRate < 0 || f.HangRate > 1 || math.IsNaN(f.HangRate):
		return fmt.Errorf("hangRate must be within [0,1]")
	case f.ForbiddenRate < 0 || f.ForbiddenRate > 1 || math.IsNaN(f.ForbiddenRate):
		return fmt.Errorf("forbiddenRate must be within [0,1]")
	case f.RenderDropAfterAccept < 0 || f.RenderErrorAfterAccept < 0 || f.RenderErrorBeforeAccept < 0 ||
		f.CreateDropAfterAccept < 0 || f.MalformedJSON < 0 || f.TooManyRequests < 0 || f.HTMLErrorPage < 0 || f.EmptyBody < 0 ||
		f.HugeBody < 0 || f.HugeBodySize < 0 || f.RenderVideoGone < 0 || f.RenderDuplicated < 0:
		return fmt.Errorf("fault counts and sizes must be >= 0")
	}
	for _, m := range []map[string]int{f.DropBeforeAccept, f.DropAfterAccept} {
		for route, n := range m {
			if n < 0 {
				return fmt.Errorf("fault counts must be >= 0 (%s: %d)", route, n)
			}
		}
	}
	for _, sub := range []*Faults{f.OnRender, f.AfterRender} {
		if sub == nil {
			continue
		}
		if err := sub.validate(); err != nil {
			return err
		}
	}
	return nil
}

// SetFaults replaces the fault set atomically (ForceStatus is copied). It also resets the
// rate-limit buckets, so a new RateLimit starts with a full burst.
func (e *Emulator) SetFaults(f Faults) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.setFaultsLocked(f)
}

// setFaultsLocked is SetFaults with e.mu held.
func (e *Emulator) setFaultsLocked(f Faults) {
	e.faults = f.clone()
	e.buckets = map[string]*bucket{}
}

// clone copies f deeply enough that the caller's maps and nested sets are never shared.
func (f Faults) clone() Faults {
	f.ForceStatus = maps.Clone(f.ForceStatus)
	f.VideoFields = maps.Clone(f.VideoFields)
	f.RenderVideoFields = maps.Clone(f.RenderVideoFields)
	f.BadRequest = maps.Clone(f.BadRequest)
	f.DropBeforeAccept = maps.Clone(f.DropBeforeAccept)
	f.DropAfterAccept = maps.Clone(f.DropAfterAccept)
	if f.OnRender != nil {
		c := f.OnRender.clone()
		f.OnRender = &c
	}
	if f.AfterRender != nil {
		c := f.AfterRender.clone()
		f.AfterRender = &c
	}
	return f
}

// CurrentFaults returns the fault set in force, with the render counters as they are now
// (they go down as render POSTs consume them).
func (e *Emulator) CurrentFaults() Faults {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.faults.clone()
}

// bucket is a token bucket for one API key.
type bucket struct {
	tokens float64
	last   time.Time
}

// allow takes a token from key's bucket. When none is left it reports how long until the
// next one, rounded up to whole seconds (at least 1s).
func (e *Emulator) allow(key string) (bool, time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rate := e.faults.RateLimit
	if rate <= 0 {
		return true, 0
	}
	burst := math.Max(1, math.Floor(rate))
	now := e.now()
	b := e.buckets[key]
	if b == nil {
		b = &bucket{tokens: burst, last: now}
		e.buckets[key] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(burst, b.tokens+el*rate)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := math.Ceil((1 - b.tokens) / rate)
	if wait < 1 {
		wait = 1
	}
	return false, time.Duration(wait) * time.Second
}

// strayTooMany takes one of the TooManyRequests answers, if any is left.
func (e *Emulator) strayTooMany() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return take(&e.faults.TooManyRequests)
}

// injectFault applies the request-level faults: ForbiddenRate, then for GET requests
// HangRate and ErrorRate, then the GET /videos/{id} body faults. It reports whether it
// answered (or hung up on) the request.
func (e *Emulator) injectFault(w http.ResponseWriter, r *http.Request, route string) bool {
	e.mu.Lock()
	f := &e.faults
	forbidden := f.ForbiddenRate > 0 && e.rng.Float64() < f.ForbiddenRate
	var hang, fail bool
	var status int
	if !forbidden && r.Method == http.MethodGet {
		hang = f.HangRate > 0 && e.rng.Float64() < f.HangRate
		if !hang && f.ErrorRate > 0 && e.rng.Float64() < f.ErrorRate {
			fail = true
			status = []int{500, 502, 503}[e.rng.Intn(3)]
		}
	}
	var body string
	if !forbidden && !hang && !fail && route == "GET /videos/{id}" {
		switch {
		case take(&f.MalformedJSON):
			body = "malformed"
		case take(&f.HTMLErrorPage):
			body = "html"
		case take(&f.EmptyBody):
			body = "empty"
		case take(&f.HugeBody):
			body = "huge"
		}
	}
	hugeSize := f.HugeBodySize
	e.mu.Unlock()

	switch {
	case forbidden:
		writeError(w, http.StatusForbidden, "Forbidden")
	case hang:
		select {
		case <-r.Context().Done():
		case <-e.ctx.Done():
		}
		dropConnection(w)
	case fail:
		writeServerError(w, status)
	case body != "":
		e.writeBodyFault(w, r, body, hugeSize)
	default:
		return false
	}
	return true
}

// writeBodyFault answers GET /videos/{id} with a broken 200 body.
func (e *Emulator) writeBodyFault(w http.ResponseWriter, r *http.Request, kind string, hugeSize int) {
	id := strings.TrimPrefix(r.URL.Path, "/v1/videos/") // the mux has not set path values yet
	e.mu.Lock()
	v := e.videos[id]
	var out map[string]any
	if v != nil {
		out = e.videoJSON(v, baseURL(r), e.now())
	} else {
		out = map[string]any{"id": id, "status": StatusIdle}
	}
	e.mu.Unlock()
	switch kind {
	case "html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<!doctype html><html><head><title>Just a moment...</title></head>" +
			"<body><h1>Something went wrong</h1><p>Please try again later.</p></body></html>\n"))
		return
	case "empty":
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
		return
	case "huge":
		if hugeSize <= 0 {
			hugeSize = defaultHugeBodySize
		}
		base := len(mustJSON(out)) + len(`,"padding":""`)
		out["padding"] = strings.Repeat("x", max(0, hugeSize-base))
	}
	b := mustJSON(out)
	if kind == "malformed" {
		b = b[:len(b)/2]
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// writeServerError answers a 5xx the way a real gateway might: 502 with an HTML page, the
// others with an Error body (503 also with Retry-After: 1).
func writeServerError(w http.ResponseWriter, status int) {
	switch status {
	case http.StatusBadGateway:
		writeHTMLError(w, status)
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "1")
		writeError(w, status, "Service unavailable")
	default:
		writeError(w, status, "Internal server error")
	}
}

func writeHTMLError(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	text := strconv.Itoa(status) + " " + http.StatusText(status)
	_, _ = w.Write([]byte("<html><head><title>" + text + "</title></head><body><center><h1>" +
		text + "</h1></center><hr><center>argil-emulator</center></body></html>\n"))
}

func itoa(n int) string { return strconv.Itoa(n) }

// take uses one of n, a count of the next requests or objects that a fault or an outcome
// applies to: it tells whether one was left. The caller holds e.mu.
func take(n *int) bool {
	if *n <= 0 {
		return false
	}
	*n--
	return true
}

// takeDrop is take for the route's requests left in m (DropBeforeAccept or DropAfterAccept),
// if any. The caller holds e.mu.
func takeDrop(m map[string]int, route string) bool {
	if m[route] <= 0 {
		return false
	}
	m[route]--
	return true
}
