package emulator

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
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
}

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
	case f.RenderDropAfterAccept < 0 || f.RenderErrorAfterAccept < 0 || f.RenderErrorBeforeAccept < 0:
		return fmt.Errorf("render fault counts must be >= 0")
	}
	return nil
}

// SetFaults replaces the fault set atomically. It also resets the rate-limit buckets, so a
// new RateLimit starts with a full burst.
func (e *Emulator) SetFaults(f Faults) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = f
	e.buckets = map[string]*bucket{}
}

// CurrentFaults returns the fault set in force, with the render counters as they are now
// (they go down as render POSTs consume them).
func (e *Emulator) CurrentFaults() Faults {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.faults
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

// injectFault answers the request with a random server error when Faults.ErrorRate says so.
// It reports whether it answered.
func (e *Emulator) injectFault(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	e.mu.Lock()
	rate := e.faults.ErrorRate
	hit := rate > 0 && e.rng.Float64() < rate
	var status int
	if hit {
		status = []int{500, 502, 503}[e.rng.Intn(3)]
	}
	e.mu.Unlock()
	if !hit {
		return false
	}
	writeServerError(w, status)
	return true
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
