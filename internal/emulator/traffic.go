package emulator

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"time"
)

// Request is one /v1 request as the emulator saw it, for tests that check what a client sent
// and what it got back (Requests).
type Request struct {
	Route   string    // "GET /videos/{id}", as in Count
	Path    string    // the URL path, "/v1/videos/abc"
	Arrived time.Time // by the emulator's clock
	// Status is the status answered; 0 when no answer was sent: the connection was dropped
	// (a fault) or the client gave up first.
	Status int
	// Body is the request body of a POST or a PUT (at most 1 MiB).
	Body []byte
}

// maxLoggedRequests bounds the request log: beyond it, the older half is dropped.
const maxLoggedRequests = 100_000

// Requests returns the log of /v1 requests since New or ResetCounters (the latest 50 000 to
// 100 000 of them), in order of arrival. A request still being answered has Status 0.
func (e *Emulator) Requests() []Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Request, len(e.journal))
	for i, r := range e.journal {
		out[i] = *r
	}
	return out
}

// MaxInFlight returns the largest number of /v1 requests the emulator was answering at the
// same time since New or ResetCounters.
func (e *Emulator) MaxInFlight() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.maxInFlight
}

// record logs a request as it arrives (reading the body of a POST or PUT, which r keeps)
// and returns the writer that notes its status; call the returned function when the request
// has been answered.
func (e *Emulator) record(w http.ResponseWriter, r *http.Request, route string) (*statusWriter, func()) {
	entry := &Request{Route: route, Path: r.URL.Path, Arrived: e.now()}
	if (r.Method == http.MethodPost || r.Method == http.MethodPut) && r.Body != nil {
		b, _ := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		_ = r.Body.Close()
		entry.Body = b
		r.Body = io.NopCloser(bytes.NewReader(b))
	}
	e.mu.Lock()
	if len(e.journal) >= maxLoggedRequests {
		// A long-running emulator keeps the latest requests only.
		e.journal = append(e.journal[:0], e.journal[len(e.journal)-maxLoggedRequests/2:]...)
	}
	e.journal = append(e.journal, entry)
	e.inFlight++
	e.maxInFlight = max(e.maxInFlight, e.inFlight)
	e.mu.Unlock()
	sw := &statusWriter{ResponseWriter: w}
	return sw, func() {
		status := sw.status
		if status == 0 && !sw.hijacked && r.Context().Err() == nil {
			status = http.StatusOK // the handler returned without writing: net/http answers 200
		}
		e.mu.Lock()
		entry.Status = status
		e.inFlight--
		e.mu.Unlock()
	}
}

// statusWriter remembers the status of an answer; a hijacked (dropped) connection keeps 0.
type statusWriter struct {
	http.ResponseWriter
	status   int
	hijacked bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.hijacked = true
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

func (w *statusWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }

// discardWriter is an answer nobody reads (RenderDuplicated's first copy).
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}

// plainNotFoundWriter answers a 404 with a text/plain "Not Found" (Faults.PlainNotFound),
// whatever body the handler writes.
type plainNotFoundWriter struct {
	http.ResponseWriter
	notFound bool
}

func (w *plainNotFoundWriter) WriteHeader(code int) {
	if code != http.StatusNotFound {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	w.notFound = true
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Del("Content-Length")
	w.ResponseWriter.WriteHeader(code)
	_, _ = w.ResponseWriter.Write([]byte("Not Found"))
}

func (w *plainNotFoundWriter) Write(b []byte) (int, error) {
	if w.notFound {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

func (w *plainNotFoundWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
