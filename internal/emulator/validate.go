package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// maxBody is the largest request body the API reads.
const maxBody = 1 << 20

// errEmptyBody is returned by readJSON for a request without a body.
var errEmptyBody = errors.New("empty body")

// readJSON reads the request body as one JSON value (numbers as json.Number).
func readJSON(w http.ResponseWriter, r *http.Request) (any, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("request body could not be read: %v", err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, errEmptyBody
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("request body is not valid JSON: %v", err)
	}
	if dec.More() {
		return nil, errors.New("request body is not valid JSON: trailing data")
	}
	return v, nil
}

// readBody reads a required JSON body, answering 400 itself when it is missing or invalid.
func readBody(w http.ResponseWriter, r *http.Request) (any, bool) {
	body, err := readJSON(w, r)
	if errors.Is(err, errEmptyBody) {
		err = invalid("request body is required")
	}
	if err != nil {
		badRequest(w, err)
		return nil, false
	}
	return body, true
}

// parseBody reads a required JSON body and parses it with parse, answering 400 itself when
// the body is missing or invalid.
func parseBody[T any](w http.ResponseWriter, r *http.Request, parse func(body any) (T, error)) (T, bool) {
	var v T
	body, ok := readBody(w, r)
	if !ok {
		return v, false
	}
	v, err := parse(body)
	if err != nil {
		badRequest(w, err)
		return v, false
	}
	return v, true
}

// validationError is a 400 with its message.
type validationError struct{ msg string }

func (e *validationError) Error() string { return e.msg }

func invalid(format string, args ...any) error {
	return &validationError{msg: fmt.Sprintf(format, args...)}
}

// object checks that v is a JSON object.
func object(v any, path string) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, invalid("%s must be an object", path)
	}
	return m, nil
}

// onlyKeys refuses keys of m outside allowed (additionalProperties: false).
func onlyKeys(m map[string]any, path string, allowed ...string) error {
	var unknown []string
	for k := range m {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return invalid("%s: unknown field %q", path, unknown[0])
	}
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// optString returns m[key] as a string; present reports whether the key exists.
func optString(m map[string]any, path, key string) (s string, present bool, err error) {
	v, ok := m[key]
	if !ok {
		return "", false, nil
	}
	s, isStr := v.(string)
	if !isStr {
		return "", true, invalid("%s must be a string", join(path, key))
	}
	return s, true, nil
}

func reqString(m map[string]any, path, key string) (string, error) {
	s, ok, err := optString(m, path, key)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", invalid("%s is required", join(path, key))
	}
	return s, nil
}

func optBool(m map[string]any, path, key string) (b, present bool, err error) {
	v, ok := m[key]
	if !ok {
		return false, false, nil
	}
	b, isBool := v.(bool)
	if !isBool {
		return false, true, invalid("%s must be a boolean", join(path, key))
	}
	return b, true, nil
}

func optNumber(m map[string]any, path, key string) (f float64, present bool, err error) {
	v, ok := m[key]
	if !ok {
		return 0, false, nil
	}
	n, isNum := v.(json.Number)
	if !isNum {
		return 0, true, invalid("%s must be a number", join(path, key))
	}
	f, err = n.Float64()
	if err != nil {
		return 0, true, invalid("%s must be a number", join(path, key))
	}
	return f, true, nil
}

// optEnum returns m[key] if it is one of values.
func optEnum(m map[string]any, path, key string, values ...string) (string, bool, error) {
	s, ok, err := optString(m, path, key)
	if err != nil || !ok {
		return s, ok, err
	}
	if !slices.Contains(values, s) {
		return "", true, invalid("%s must be one of %s", join(path, key), strings.Join(values, ", "))
	}
	return s, true, nil
}

// stringMap validates an extras-like object: at most maxProps string values of at most
// maxLen characters each.
func stringMap(v any, path string, maxProps, maxLen int) (map[string]string, error) {
	m, err := object(v, path)
	if err != nil {
		return nil, err
	}
	if len(m) > maxProps {
		return nil, invalid("%s must have at most %d properties", path, maxProps)
	}
	out := make(map[string]string, len(m))
	for k, val := range m {
		s, ok := val.(string)
		if !ok {
			return nil, invalid("%s must be a string", join(path, k))
		}
		if utf8.RuneCountInString(s) > maxLen {
			return nil, invalid("%s must be at most %d characters", join(path, k), maxLen)
		}
		out[k] = s
	}
	return out, nil
}

// absoluteURL checks that s is an absolute http(s) URL; httpsOnly also refuses http.
func absoluteURL(s, path string, httpsOnly bool) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return invalid("%s must be a valid absolute URL", path)
	}
	if httpsOnly && u.Scheme != "https" {
		return invalid("%s must use HTTPS", path)
	}
	return nil
}
