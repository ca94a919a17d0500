package argil

import (
	"context"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Server text (error messages, bodies, statuses, ids) reaches terminals through diagnostics
// and TF_LOG. Before it does, CleanText removes what could fool a terminal or a reader, and
// the client's redactor masks the secrets it knows: the API key and the queries of the
// callback and webhook URLs it was given.

// mask replaces a secret in text.
const mask = "***"

// Secrets shorter than these are not masked on their own: masking every "1" or "true" would
// garble the text, and such values are no secrets.
const (
	minMaskedKey   = 4 // the API key
	minMaskedValue = 8 // one value of a callback URL's query (name=value pairs are always masked)
)

// CleanText returns s as valid UTF-8 without control characters (C0 and C1, CR, LF, ESC
// included; replaced with a space, as are the line and paragraph separators) and without
// format characters (Unicode category Cf: the bidirectional overrides and isolates, zero-width
// characters), so that a server's text cannot move the cursor, forge a line of output or
// reorder what a reader sees.
func CleanText(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToValidUTF8(s, "?") {
		switch {
		case unicode.Is(unicode.Cf, r):
		case unsafeRune(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// redactor masks the secrets a Client knows in text. It is safe for concurrent use.
type redactor struct {
	mu      sync.RWMutex
	secrets []string // longest first, so that a secret inside another is masked whole
}

func (r *redactor) add(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range values {
		if v == "" || strings.Contains(v, mask) {
			continue
		}
		dup := false
		for _, s := range r.secrets {
			if s == v {
				dup = true
				break
			}
		}
		if !dup {
			r.secrets = append(r.secrets, v)
		}
	}
	// Longest first.
	for i := 1; i < len(r.secrets); i++ {
		for j := i; j > 0 && len(r.secrets[j]) > len(r.secrets[j-1]); j-- {
			r.secrets[j], r.secrets[j-1] = r.secrets[j-1], r.secrets[j]
		}
	}
}

func (r *redactor) list() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]string(nil), r.secrets...)
}

// mask replaces every known secret in s.
func (r *redactor) mask(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, secret := range r.secrets {
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, mask)
		}
	}
	return s
}

// urlSecrets are the strings of a callback or webhook URL that must not be shown: its query
// (as written and decoded), each name=value pair, each value of at least minMaskedValue
// characters, and the password of its user information.
func urlSecrets(raw string) []string {
	u, err := url.Parse(raw)
	if err != nil {
		// Not a URL we can take apart: mask what follows the first "?", if anything.
		if i := strings.IndexByte(raw, '?'); i >= 0 && i+1 < len(raw) {
			return []string{raw[i+1:]}
		}
		return nil
	}
	var out []string
	if pw, ok := u.User.Password(); ok && pw != "" {
		out = append(out, pw)
	}
	if u.RawQuery == "" {
		return out
	}
	out = append(out, u.RawQuery)
	if dec, err := url.QueryUnescape(u.RawQuery); err == nil {
		out = append(out, dec)
	}
	for _, pair := range strings.Split(u.RawQuery, "&") {
		out = append(out, pair)
		name, value, _ := strings.Cut(pair, "=")
		if dec, err := url.QueryUnescape(value); err == nil {
			if dn, err := url.QueryUnescape(name); err == nil {
				out = append(out, dn+"="+dec)
			}
			if len(dec) >= minMaskedValue {
				out = append(out, dec)
			}
		}
		if len(value) >= minMaskedValue {
			out = append(out, value)
		}
	}
	return out
}

// ProtectURL makes the client mask, in every error and log line from now on, the query and
// the password of a callback or webhook URL (see urlSecrets). RenderVideo, CreateWebhook and
// UpdateWebhook do it for the URLs they send; the provider does it for the URLs of its
// configuration before it logs anything about them.
func (c *Client) ProtectURL(raw string) {
	if raw != "" {
		c.secrets.add(urlSecrets(raw)...)
	}
}

// Secrets returns the strings the client masks (the API key first): the provider gives them to
// its own logger.
func (c *Client) Secrets() []string { return c.secrets.list() }

// Redact is s as the client lets it into an error or a log line: CleanText, then every
// secret the client knows masked.
func (c *Client) Redact(s string) string { return c.secrets.mask(CleanText(s)) }

// redactQuote is Redact, then cut to maxQuotedBody runes (after masking, so that no cut can
// leave part of a secret).
func (c *Client) redactQuote(s string) string { return truncate(c.Redact(s)) }

// maskingLogger is the client's Logger: every message and string field goes through Redact.
type maskingLogger struct {
	c    *Client
	next Logger
}

func (l maskingLogger) clean(msg string, fields map[string]any) (string, map[string]any) {
	out := make(map[string]any, len(fields))
	for k, v := range fields {
		switch s := v.(type) {
		case string:
			out[k] = l.c.Redact(s)
		case []string:
			r := make([]string, len(s))
			for i := range s {
				r[i] = l.c.Redact(s[i])
			}
			out[k] = r
		case error:
			out[k] = l.c.Redact(s.Error())
		default:
			out[k] = v
		}
	}
	return l.c.Redact(msg), out
}

func (l maskingLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	m, f := l.clean(msg, fields)
	l.next.Debug(ctx, m, f)
}

func (l maskingLogger) Info(ctx context.Context, msg string, fields map[string]any) {
	m, f := l.clean(msg, fields)
	l.next.Info(ctx, m, f)
}

func (l maskingLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	m, f := l.clean(msg, fields)
	l.next.Warn(ctx, m, f)
}

// cleanIdentifiers applies CleanText to every string field named ID or Status in v (a pointer
// to a decoded answer: structs, slices and pointers are walked), so that the ids and statuses
// that diagnostics quote carry no control or format characters. Valid values are unchanged.
func cleanIdentifiers(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			cleanIdentifiers(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			cleanIdentifiers(v.Index(i))
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := v.Field(i)
			if !t.Field(i).IsExported() {
				continue
			}
			if (t.Field(i).Name == "ID" || t.Field(i).Name == "Status") && f.Kind() == reflect.String {
				if s := f.String(); CleanText(s) != s {
					f.SetString(CleanText(s))
				}
				continue
			}
			cleanIdentifiers(f)
		}
	}
}
