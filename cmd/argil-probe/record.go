package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// redactor removes the API key from everything the probe prints or records.
type redactor struct{ forms []string }

func newRedactor(key string) redactor {
	r := redactor{}
	if key == "" {
		return r
	}
	quoted, _ := json.Marshal(key)
	for _, f := range []string{key, url.QueryEscape(key), url.PathEscape(key), strings.Trim(string(quoted), `"`)} {
		if !contains(r.forms, f) {
			r.forms = append(r.forms, f)
		}
	}
	return r
}

func (r redactor) String(s string) string {
	for _, f := range r.forms {
		s = strings.ReplaceAll(s, f, "[REDACTED]")
	}
	return s
}

// secretHeader tells whether a response header may carry a credential: it is never recorded.
func secretHeader(name string) bool {
	l := strings.ToLower(name)
	for _, w := range []string{"cookie", "auth", "key", "token", "secret", "session", "signature", "credential"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// recorder writes each exchange to DIR/NN-operation.json, and the results to DIR/results.json.
type recorder struct {
	dir    string
	base   string
	redact redactor
	n      int
	err    error // the first write error
}

func newRecorder(dir, base string, r redactor) (*recorder, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return &recorder{dir: dir, base: base, redact: r}, nil
}

type recordedExchange struct {
	Operation string              `json:"operation"`
	Request   recordedRequest     `json:"request"`
	Status    int                 `json:"status"`
	Attempts  int                 `json:"attempts"`
	Headers   map[string][]string `json:"headers"`
	Body      any                 `json:"body"`
}

type recordedRequest struct {
	Method string `json:"method"`
	URL    string `json:"url"`
	Key    string `json:"key"`
}

func (rec *recorder) save(x *exchange) {
	rec.n++
	key := "ARGIL_API_KEY (not recorded)"
	if x.wrongKey {
		key = "a made-up wrong key"
	}
	u := rec.base + x.path
	if q := x.query.Encode(); q != "" {
		u += "?" + q
	}
	headers := map[string][]string{}
	for name, values := range x.header {
		if secretHeader(name) {
			continue
		}
		for _, v := range values {
			headers[name] = append(headers[name], rec.redact.String(v))
		}
	}
	out := recordedExchange{
		Operation: x.op,
		Request:   recordedRequest{Method: http.MethodGet, URL: rec.redact.String(u), Key: key},
		Status:    x.status, Attempts: x.attempts, Headers: headers,
	}
	body := rec.redact.String(string(x.body))
	if json.Valid([]byte(body)) {
		out.Body = json.RawMessage(body)
	} else {
		out.Body = body
	}
	rec.write(fmt.Sprintf("%02d-%s.json", rec.n, slug(x.op)), out)
}

func (rec *recorder) results(results []result) { rec.write("results.json", results) }

func (rec *recorder) write(name string, v any) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err == nil {
		err = os.WriteFile(filepath.Join(rec.dir, name), append(data, '\n'), 0o600)
	}
	if err != nil && rec.err == nil {
		rec.err = err
	}
}

// slug makes an operation name a file name: "GET /videos/{id} (rendered)" → "get-videos-id-rendered".
func slug(op string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(op) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
