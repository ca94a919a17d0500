package argil

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// maxQuotedBody is how much of a response body an error message quotes.
const maxQuotedBody = 300

// APIError is a non-2xx answer from the API.
type APIError struct {
	// Method and Path name the request, without query string or host.
	Method string
	Path   string
	// StatusCode is the HTTP status.
	StatusCode int
	// Code and Message come from the documented Error body {code, message}, when there is one.
	Code    int
	Message string
	// Body is the start of a body that was not a documented Error object (for example an HTML
	// page from a proxy), truncated.
	Body string
	// RetryAfter is the delay the server asked for, zero when it asked for none.
	RetryAfter time.Duration
	// Hint is advice about the base URL, for a 404 that suggests a wrong API root.
	Hint string
	// RouteMissing marks a 404 that comes from a wrong API root rather than a missing object:
	// IsNotFound is false for it.
	RouteMissing bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if t := http.StatusText(e.StatusCode); t != "" {
		fmt.Fprintf(&b, " %s", t)
	}
	switch {
	case e.Message != "":
		fmt.Fprintf(&b, ": %s", e.Message)
	case e.Body != "":
		fmt.Fprintf(&b, ": %q", e.Body)
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, " (%s)", e.Hint)
	}
	switch e.StatusCode {
	case http.StatusUnauthorized:
		b.WriteString(" (the API key was rejected; keys are created on https://app.argil.ai/developers)")
	case http.StatusForbidden:
		b.WriteString(" (the API key was refused or is not allowed to do this: check the key, and that its workspace has a paid plan, which the Argil API needs)")
	}
	return b.String()
}

// StatusCode returns the HTTP status of err when it is (or wraps) an *APIError, and 0 otherwise.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// IsNotFound tells whether err is a 404 answer about the object asked for (not one that comes
// from a wrong API root: see APIError.RouteMissing).
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && !apiErr.RouteMissing
}

// IsAuth tells whether err is a 401 or 403 answer: retrying will not help.
func IsAuth(err error) bool {
	s := StatusCode(err)
	return s == http.StatusUnauthorized || s == http.StatusForbidden
}

// AmbiguousError wraps a failure of a non-idempotent request after which the server may or may
// not have acted (a timeout, a connection dropped after the request was sent, a 5xx). The caller
// must look at the server's state before it sends the request again.
//
// Status is the HTTP status when the server did answer 2xx but the body could not be read: the
// server then accepted the request, and only its answer is missing (see Accepted).
type AmbiguousError struct {
	Method, Path string
	Err          error
	Status       int
}

func (e *AmbiguousError) Error() string {
	if e.Accepted() {
		return fmt.Sprintf("%s %s: the server accepted the request (HTTP %d) but its answer could not be read: %v", e.Method, e.Path, e.Status, e.Err)
	}
	return fmt.Sprintf("%s %s: outcome unknown, the server may have acted on the request: %v", e.Method, e.Path, e.Err)
}

// Accepted tells whether the server answered 2xx (it acted on the request; only the body of
// its answer was unreadable).
func (e *AmbiguousError) Accepted() bool { return e.Status >= 200 && e.Status <= 299 }

func (e *AmbiguousError) Unwrap() error { return e.Err }

// IsAmbiguous tells whether err leaves the outcome of a non-idempotent request unknown.
func IsAmbiguous(err error) bool {
	var a *AmbiguousError
	return errors.As(err, &a)
}

// truncate cuts s to maxQuotedBody runes, the cut marked. Server text goes through
// Client.redactQuote, which cleans and masks it first.
func truncate(s string) string {
	s = strings.ToValidUTF8(s, "?")
	if utf8.RuneCountInString(s) <= maxQuotedBody {
		return s
	}
	r := []rune(s)
	return string(r[:maxQuotedBody]) + "…(truncated)"
}
