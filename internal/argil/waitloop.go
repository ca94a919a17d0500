package argil

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// Kinds of object, as the errors of waits and of lost creates name them.
const (
	KindVideo   = "video"
	KindAvatar  = "avatar"
	KindAsset   = "asset"
	KindVoice   = "voice"
	KindWebhook = "webhook"
)

// WaitOptions tunes WaitForRender, WaitForAvatar and WaitForAsset.
type WaitOptions struct {
	// Schedule decides the delay between two GETs; poll.NewSchedule(poll.DefaultConfig(), nil)
	// when nil. One Schedule serves one wait.
	Schedule *poll.Schedule
	// Started is when the work began (the create, or the render request); now when zero.
	// Elapsed times count from it.
	Started time.Time
	// Before is, for WaitForRender only, the video as read before this caller's render request
	// (nil when it adopts a render). Until a read shows something new compared with it (see
	// RenderEvidence), a video that reads like Before is the new render waiting in a queue.
	Before *Video
	// OnChange is called on every status change, the first observation included.
	OnChange func(ctx context.Context, e WaitEvent)
	// OnPoll is called after every GET; e.Err is set when it failed.
	OnPoll func(ctx context.Context, e WaitEvent)
}

// WaitEvent is one observation of a wait, for WaitOptions.OnChange and OnPoll.
type WaitEvent struct {
	Kind, ID string
	// Status is the status read ("" when the GET failed); Outcome what it means to the wait.
	Status  string
	Outcome Outcome
	Elapsed time.Duration
	// Err is the error of a failed GET (OnPoll only).
	Err error
	// Object is the *Video, *Avatar or *Asset read; nil when the GET failed.
	Object any
}

// WaitFailedError is a wait that ended on a failure status: a failed render (FAILED,
// CONTENT_MODERATED), a failed training (TRAINING_FAILED, REFUSED), a failed asset (FAILED),
// or an undocumented status whose name says it failed.
type WaitFailedError struct {
	Kind, ID, Name, Status string
	Elapsed                time.Duration
}

// waitWork names what a wait waits for, per kind.
var waitWork = map[string]string{KindVideo: "render", KindAvatar: "training", KindAsset: "processing"}

func (e *WaitFailedError) Error() string {
	msg := fmt.Sprintf("the %s of %s %s (%q) ended with status %s after %s",
		waitWork[e.Kind], e.Kind, e.ID, e.Name, e.Status, e.Elapsed.Round(time.Second))
	if e.Kind == KindAsset {
		msg += ": upload a new asset" // Argil's advice: a failed asset is not processed again
	}
	return msg
}

// Refused tells whether Argil's moderation refused an avatar.
func (e *WaitFailedError) Refused() bool {
	return e.Kind == KindAvatar && e.Status == AvatarStatusRefused
}

// WaitTimeoutError is a wait that ctx ended while the work went on.
type WaitTimeoutError struct {
	Kind, ID string
	// Name and Status are those of the last observation; "" when no GET ever succeeded.
	Name, Status string
	Elapsed      time.Duration
	// LastErr is the error of the last GET, when it failed.
	LastErr error
	Cause   error // context.DeadlineExceeded or context.Canceled
}

func (e *WaitTimeoutError) Error() string {
	status := e.Status
	if status == "" {
		status = "unknown"
	}
	msg := fmt.Sprintf("stopped waiting after %s (%v); last status seen: %s", e.Elapsed.Round(time.Second), e.Cause, status)
	if e.LastErr != nil {
		msg += fmt.Sprintf("; last error: %v", e.LastErr)
	}
	return msg
}

func (e *WaitTimeoutError) Unwrap() error { return e.Cause }

// waitLoop is the engine of every wait. first, when not nil, is an observation already made (a
// create's or a render request's answer); it counts as the first poll. Then it asks the schedule
// for a delay, reads the object, reports status changes and polls, and keeps going through
// transient failures (retried by the client, then by the schedule) until:
//
//   - the object is ready: it is returned;
//   - it failed: *WaitFailedError, with the last observation;
//   - ctx ended: *WaitTimeoutError, with the last observation (nil when no GET succeeded);
//   - a GET failed for good (401/403, 404, another 4xx): that error.
//
// Statuses the API documentation does not list are waited on unless their name says failed.
type waitLoop[T any] struct {
	kind, id string
	clock    poll.Clock
	opts     WaitOptions

	// read gives the name and status of an observation; classify what a status means.
	read     func(v *T) (name, status string)
	classify func(status string) Outcome
	// verdict tells whether an observation ends the wait, and with which error. The default
	// ends on Succeeded, and on Failed with a *WaitFailedError.
	verdict func(v *T, elapsed time.Duration) (done bool, err error)
	// fetch waits delay, then observes the object. stopped is ctx's error when ctx ended first.
	fetch func(ctx context.Context, delay time.Duration) (v *T, retryAfter time.Duration, err, stopped error)
}

// newWaitLoop sets up a wait on the object kind/id read from GET /<collection>/<id>.
func newWaitLoop[T any](c *Client, kind, collection, id string, opts WaitOptions, read func(*T) (string, string), classify func(string) Outcome) *waitLoop[T] {
	if opts.Schedule == nil {
		opts.Schedule = poll.NewSchedule(poll.DefaultConfig(), nil)
	}
	if opts.Started.IsZero() {
		opts.Started = c.clock.Now()
	}
	w := &waitLoop[T]{kind: kind, id: id, clock: c.clock, opts: opts, read: read, classify: classify}
	w.verdict = func(v *T, elapsed time.Duration) (bool, error) {
		name, status := read(v)
		switch classify(status) {
		case Succeeded:
			return true, nil
		case Failed:
			return true, &WaitFailedError{Kind: kind, ID: id, Name: name, Status: status, Elapsed: elapsed}
		}
		return false, nil
	}
	path := "/" + collection + "/" + url.PathEscape(id)
	w.fetch = func(ctx context.Context, delay time.Duration) (*T, time.Duration, error, error) {
		if err := poll.Sleep(ctx, c.clock, delay); err != nil {
			return nil, 0, nil, err
		}
		v := new(T)
		res, err := c.do(ctx, request{method: http.MethodGet, path: path}, v)
		if err != nil {
			return nil, retryAfterOf(err), err, nil
		}
		return v, ParseRetryAfter(res.header.Get("Retry-After"), c.clock.Now()), nil, nil
	}
	return w
}

// event describes an observation (v nil: a failed GET) for the callbacks.
func (w *waitLoop[T]) event(v *T, elapsed time.Duration, err error) WaitEvent {
	e := WaitEvent{Kind: w.kind, ID: w.id, Elapsed: elapsed, Err: err}
	if v != nil {
		_, e.Status = w.read(v)
		e.Outcome, e.Object = w.classify(e.Status), v
	}
	return e
}

// run polls until a verdict. first, when not nil, is an observation already made; it counts
// as the first poll.
func (w *waitLoop[T]) run(ctx context.Context, first *T) (*T, error) {
	var (
		last    *T
		lastErr error
		obs     poll.Observation
	)
	since := func() time.Duration { return w.clock.Now().Sub(w.opts.Started) }
	status := func(v *T) string { _, s := w.read(v); return s }
	observe := func(v *T, retryAfter time.Duration) (bool, error) {
		elapsed := since()
		if (last == nil || status(last) != status(v)) && w.opts.OnChange != nil {
			w.opts.OnChange(ctx, w.event(v, elapsed, nil))
		}
		last = v
		obs = poll.Observation{Elapsed: elapsed, Status: status(v), RetryAfter: retryAfter}
		return w.verdict(v, elapsed)
	}
	timeout := func(elapsed time.Duration, cause error) error {
		e := &WaitTimeoutError{Kind: w.kind, ID: w.id, Elapsed: elapsed, LastErr: lastErr, Cause: cause}
		if last != nil {
			e.Name, e.Status = w.read(last)
		}
		return e
	}
	if first != nil {
		if done, err := observe(first, 0); done {
			return first, err
		}
	}
	for {
		if last == nil {
			obs.Elapsed = since()
		}
		v, retryAfter, err, stopped := w.fetch(ctx, w.opts.Schedule.Next(obs))
		if stopped != nil {
			return last, timeout(since(), stopped)
		}
		elapsed := since()
		if w.opts.OnPoll != nil {
			w.opts.OnPoll(ctx, w.event(v, elapsed, err))
		}
		if err != nil {
			if ctx.Err() != nil {
				return last, timeout(elapsed, ctx.Err())
			}
			if !transientPollError(err) {
				return last, err
			}
			// Transient: the client already retried; keep polling on the schedule.
			lastErr = err
			obs.Elapsed = elapsed
			obs.RetryAfter = retryAfter
			continue
		}
		lastErr = nil
		if done, err := observe(v, retryAfter); done {
			return v, err
		}
	}
}

// transientPollError tells whether a failed GET during a wait is worth polling again: network
// errors, 408, 429 and 5xx are; 401/403, 404 and the other 4xx are not.
func transientPollError(err error) bool {
	if IsAuth(err) || IsNotFound(err) {
		return false
	}
	s := StatusCode(err)
	return s == 0 || s >= 500 || s == http.StatusTooManyRequests || s == http.StatusRequestTimeout
}
