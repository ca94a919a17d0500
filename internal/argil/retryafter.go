package argil

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxRetryAfter caps the delay a server can ask for, so that a wrong header cannot stall an
// apply for hours.
const MaxRetryAfter = 10 * time.Minute

// ParseRetryAfter reads a Retry-After header value (RFC 9110: delay-seconds or an HTTP date)
// relative to now. It returns 0 for an empty, malformed or past value, and caps the result at
// MaxRetryAfter.
func ParseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 || secs != secs { // NaN check
			return 0
		}
		if secs > MaxRetryAfter.Seconds() {
			return MaxRetryAfter
		}
		d = time.Duration(secs * float64(time.Second))
	} else {
		t, err := http.ParseTime(v)
		if err != nil {
			return 0
		}
		d = t.Sub(now)
	}
	if d <= 0 {
		return 0
	}
	return min(d, MaxRetryAfter)
}
