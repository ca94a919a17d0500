package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// maxBody bounds every answer the probe reads (the provider's own bound).
const maxBody = argil.MaxResponseBytes

// maxAttempts bounds the attempts of one request answered 429 or 5xx.
const maxAttempts = 3

// getOnly is the probe's transport. It refuses every method but GET before anything leaves
// the machine: the probe can read, never create, change, render or delete.
type getOnly struct{ next http.RoundTripper }

func (g getOnly) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet {
		if r.Body != nil {
			_ = r.Body.Close()
		}
		return nil, fmt.Errorf("argil-probe sends GET requests only: %s %s refused", r.Method, r.URL.Path)
	}
	return g.next.RoundTrip(r)
}

// newHTTPClient returns the probe's client: GET only, TLS 1.2 at least with verification on,
// no redirects followed (the key is never sent to another URL), timeout per request.
func newHTTPClient(timeout time.Duration) *http.Client {
	t := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:   true,
		TLSHandshakeTimeout: 10 * time.Second,
		TLSClientConfig:     &tls.Config{MinVersion: tls.VersionTLS12},
	}
	return &http.Client{
		Transport:     getOnly{next: t},
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// exchange is one request of the probe and its answer.
type exchange struct {
	op       string     // operation name in the report, e.g. "GET /videos/{id}"
	route    string     // contract path, e.g. "/videos/{id}"
	path     string     // request path under the base URL, e.g. "/videos/0b1c..."
	query    url.Values // query string
	wrongKey bool       // sent with a made-up key instead of ARGIL_API_KEY
	status   int
	header   http.Header
	body     []byte
	attempts int
}

// getter sends the probe's requests, at most one per pace.
type getter struct {
	base     *url.URL
	key      string
	wrongKey string
	hc       *http.Client
	pace     time.Duration
	now      func() time.Time
	sleep    func(context.Context, time.Duration) error
	last     time.Time
}

// networkError is a request that got no HTTP answer.
type networkError struct{ err error }

func (e *networkError) Error() string { return e.err.Error() }

// get sends x's request and fills in the answer. A 429 or 5xx is tried again (maxAttempts in
// all) after its Retry-After, or 2 s per attempt. It fails only when no answer came.
func (g *getter) get(ctx context.Context, x *exchange) error {
	u := *g.base
	u.Path += x.path
	u.RawQuery = x.query.Encode()
	key := g.key
	if x.wrongKey {
		key = g.wrongKey
	}
	for x.attempts = 1; ; x.attempts++ {
		if err := g.wait(ctx); err != nil {
			return &networkError{err}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return &networkError{err}
		}
		req.Header.Set("x-api-key", key)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "argil-probe")
		resp, err := g.hc.Do(req)
		if err != nil {
			return &networkError{err}
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		_ = resp.Body.Close()
		if err != nil {
			return &networkError{fmt.Errorf("GET %s: reading the answer: %w", u.Path, err)}
		}
		x.status, x.header, x.body = resp.StatusCode, resp.Header, body
		if (x.status != http.StatusTooManyRequests && x.status < 500) || x.attempts >= maxAttempts {
			return nil
		}
		delay := argil.ParseRetryAfter(resp.Header.Get("Retry-After"), g.now())
		if delay <= 0 || delay > 30*time.Second {
			delay = time.Duration(2*x.attempts) * time.Second
		}
		if err := g.sleep(ctx, delay); err != nil {
			return &networkError{err}
		}
	}
}

// wait keeps requests at least g.pace apart.
func (g *getter) wait(ctx context.Context) error {
	if !g.last.IsZero() {
		if d := g.last.Add(g.pace).Sub(g.now()); d > 0 {
			if err := g.sleep(ctx, d); err != nil {
				return err
			}
		}
	}
	g.last = g.now()
	return nil
}

// sleepCtx sleeps for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
