package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/loopback"
)

// Delivery is one attempt to send an event to a render callbackUrl or a registered webhook.
// Every attempt is recorded, whether it reached its target or not.
type Delivery struct {
	// URL is the target.
	URL string `json:"url"`
	// Event is the event name, e.g. VIDEO_GENERATION_SUCCESS.
	Event string `json:"event"`
	// Body is the JSON payload sent.
	Body []byte `json:"-"`
	// Delivered is true when the target answered with a 2xx status.
	Delivered bool `json:"delivered"`
	// StatusCode is the target's answer (0 when there was none).
	StatusCode int `json:"statusCode,omitempty"`
	// Err describes why the attempt failed (transport error or non-2xx status).
	Err string `json:"error,omitempty"`
	// At is the emulator-clock time of the attempt.
	At time.Time `json:"at"`
	// WebhookID is the registered webhook's id; empty for a render callbackUrl.
	WebhookID string `json:"webhookId,omitempty"`
}

// MarshalJSON writes Body as embedded JSON (it always is JSON).
func (d Delivery) MarshalJSON() ([]byte, error) {
	type plain Delivery
	body := json.RawMessage(d.Body)
	if !json.Valid(d.Body) {
		b, _ := json.Marshal(string(d.Body))
		body = b
	}
	return json.Marshal(struct {
		plain
		Body json.RawMessage `json:"body"`
	}{plain(d), body})
}

// Deliveries returns every delivery attempt so far, oldest first.
func (e *Emulator) Deliveries() []Delivery {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Delivery(nil), e.delivered...)
}

// target is one destination of an event.
type target struct {
	url       string
	webhookID string
}

// event is one payload to send to its targets, in order.
type event struct {
	name    string
	body    []byte
	targets []target
}

// sweep hands the events of renders and avatar trainings that ended to delivery goroutines,
// once each.
func (e *Emulator) sweep() {
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ctx.Err() != nil {
		return
	}
	var events []event
	for _, v := range e.videos {
		r := v.render
		if r == nil || r.notified || v.fixed != "" {
			continue
		}
		if _, end := e.renderTimes(r); now.Before(end) {
			continue
		}
		r.notified = true
		if ev, ok := e.videoEvent(v, r); ok {
			events = append(events, ev)
		}
	}
	for _, a := range e.avatars {
		if !a.trained || a.notified || now.Before(a.createdAt.Add(e.opts.AvatarTraining)) {
			continue
		}
		a.notified = true
		if ev, ok := e.avatarEvent(a); ok {
			events = append(events, ev)
		}
	}
	for _, ev := range events {
		e.inflight++
		e.wg.Add(1)
		go e.deliver(ev)
	}
}

// videoEvent builds the VIDEO_GENERATION_* event of a render that ended, addressed to the
// render's callbackUrl and to the subscribed webhooks. The caller holds e.mu.
func (e *Emulator) videoEvent(v *video, r *render) (event, bool) {
	base := r.baseURL
	if base == "" {
		base = e.baseURL // a seeded render: the latest request's host
	}
	if base == "" {
		base = "http://127.0.0.1"
	}
	name := EventVideoSuccess
	var videoURL any = videoMediaURL(base, v.id, false)
	if r.fail {
		name = EventVideoFailed
		switch e.opts.FailedEventVideoURL {
		case "empty":
			videoURL = ""
		default:
			videoURL = nil
		}
	}
	data := map[string]any{"videoId": v.id, "videoName": v.name, "videoUrl": videoURL}
	if r.fail && e.opts.FailedEventVideoURL == "omit" {
		delete(data, "videoUrl")
	}
	data["extras"] = e.eventExtras(v.extras)
	ev := event{name: name, body: mustJSON(map[string]any{"event": name, "data": data})}
	if r.callbackURL != "" {
		ev.targets = append(ev.targets, target{url: r.callbackURL})
	}
	ev.targets = append(ev.targets, e.webhookTargets(name)...)
	return ev, len(ev.targets) > 0
}

// eventExtras is the extras of an event payload: the string map itself, or its JSON text
// with Options.EventExtrasAsString.
func (e *Emulator) eventExtras(extras map[string]string) any {
	if extras == nil {
		extras = map[string]string{}
	}
	if e.opts.EventExtrasAsString {
		b, _ := json.Marshal(extras)
		return string(b)
	}
	return extras
}

// deliveryClient is the client deliveries use: a copy of hc that never follows a redirect (a
// 3xx is recorded as the target's answer), so that no hop can lead a delivery, and the token
// in its URL, past the guard. Without remote deliveries, its transport (when it is an
// *http.Transport) also uses no proxy and connects only to loopback addresses, whatever a
// name resolves to (package loopback).
func deliveryClient(hc *http.Client, remote bool) *http.Client {
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if remote {
		return &c
	}
	var t *http.Transport
	switch rt := c.Transport.(type) {
	case nil:
		dt, ok := http.DefaultTransport.(*http.Transport)
		if !ok {
			return &c
		}
		t = dt.Clone()
	case *http.Transport:
		t = rt.Clone()
	default:
		return &c // a custom RoundTripper: the URL guard in deliver still applies
	}
	t.Proxy = nil
	if inner := t.DialContext; inner != nil {
		t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil || !loopback.Host(host) {
				return nil, fmt.Errorf("refusing to connect to %s: %w", addr, loopback.ErrNotLoopback)
			}
			return inner(ctx, network, addr)
		}
	} else {
		t.DialContext = (&net.Dialer{Timeout: 5 * time.Second, Control: loopback.Control}).DialContext
	}
	c.Transport = t
	return &c
}

// deliver posts ev to each of its targets in turn and records every attempt.
func (e *Emulator) deliver(ev event) {
	defer func() {
		e.mu.Lock()
		e.inflight--
		e.mu.Unlock()
		e.wg.Done()
	}()
	for _, t := range ev.targets {
		d := Delivery{URL: t.url, Event: ev.name, Body: ev.body, At: e.now(), WebhookID: t.webhookID}
		e.markTriggered(t.webhookID, d.At)
		req, err := http.NewRequestWithContext(e.ctx, http.MethodPost, t.url, bytes.NewReader(ev.body))
		if err == nil && !e.opts.AllowRemoteDeliveries && !loopback.Host(req.URL.Hostname()) {
			err = errors.New("not sent: the target is not on loopback and remote deliveries are off (Options.AllowRemoteDeliveries, flag -allow-remote-deliveries)")
		} else if err == nil {
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", "argil-emulator")
			var resp *http.Response
			resp, err = e.opts.HTTPClient.Do(req)
			if err == nil {
				_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
				_ = resp.Body.Close()
				d.StatusCode = resp.StatusCode
				d.Delivered = resp.StatusCode >= 200 && resp.StatusCode < 300
				switch {
				case resp.StatusCode >= 300 && resp.StatusCode < 400:
					d.Err = "target answered " + resp.Status + "; the emulator does not follow redirects"
				case !d.Delivered:
					d.Err = "target answered " + resp.Status
				}
			}
		}
		if err != nil {
			d.Err = err.Error()
		}
		e.mu.Lock()
		e.delivered = append(e.delivered, d)
		e.mu.Unlock()
	}
}
