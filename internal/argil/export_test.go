package argil

import (
	"fmt"
	"io"
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

// InProcess returns an HTTP client that serves every request with h, in process: no socket, so
// that a test can run in a testing/synctest bubble, where the real clock is fake and moves only
// when every goroutine of the bubble waits. A handler that aborts (panic(http.ErrAbortHandler))
// is a connection dropped before the answer; the request's context ends the wait for it.
func InProcess(h http.Handler) *http.Client {
	return &http.Client{Transport: inProcess{h}}
}

type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	// The request as a server would see it.
	in := r.Clone(r.Context())
	if in.Body == nil {
		in.Body = http.NoBody
	}
	in.RequestURI, in.RemoteAddr, in.Host = r.URL.RequestURI(), "127.0.0.1:40000", r.URL.Host
	done := make(chan *http.Response, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				if p != http.ErrAbortHandler {
					panic(p)
				}
				done <- nil
			}
		}()
		rec := httptest.NewRecorder()
		t.h.ServeHTTP(rec, in)
		res := rec.Result()
		res.Request = r
		done <- res
	}()
	select {
	case res := <-done:
		if res == nil {
			return nil, fmt.Errorf("in-process server dropped the connection: %w", io.ErrUnexpectedEOF)
		}
		return res, nil
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
}
