package argil

import (
	"net/http"
	"net/http/httptest"
)

// Test-only helpers of the package's types, visible to its external tests too.

// String names an Outcome in test failures.
func (o Outcome) String() string {
	switch o {
	case Pending:
		return "pending"
	case Succeeded:
		return "succeeded"
	case Failed:
		return "failed"
	case NotStarted:
		return "not started"
	default:
		return "unknown"
	}
}

// RequestID returns the token CreateVideo stored in the video's extras, or "".
func (v *Video) RequestID() string { return v.Extras[RequestIDExtraKey] }

// InProcess returns an HTTP client that serves every request with h in the caller's goroutine:
// no socket, so that a test can run in a testing/synctest bubble, where the real clock is
// fake and moves only when every goroutine of the bubble waits.
func InProcess(h http.Handler) *http.Client {
	return &http.Client{Transport: inProcess{h}}
}

type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	res := rec.Result()
	res.Request = r
	return res, nil
}
