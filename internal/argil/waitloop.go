package argil

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// waitLoop is the polling engine behind WaitForRender, WaitForAvatar and WaitForAsset: it
// asks the schedule for a delay, observes the object, reports status changes and polls, keeps
// going through transient failures, and stops on a verdict, a final error or ctx.
type waitLoop[T any] struct {
	clock    poll.Clock
	schedule *poll.Schedule
	started  time.Time
	onChange func(ctx context.Context, v *T, elapsed time.Duration)
	onPoll   func(ctx context.Context, v *T, elapsed time.Duration, err error)

	// status reads the object's status.
	status func(v *T) string
	// verdict tells whether an observation ends the wait, and with which error.
	verdict func(v *T, elapsed time.Duration) (done bool, err error)
	// fetch waits delay, then observes the object. stopped is ctx's error when ctx ended first.
	fetch func(ctx context.Context, delay time.Duration) (v *T, retryAfter time.Duration, err, stopped error)
	// timeout builds the error of a wait that ctx ended.
	timeout func(last *T, elapsed time.Duration, lastErr, cause error) error
}

// newWaitLoop fills the defaults: the real clock, the default schedule, now as the start.
func newWaitLoop[T any](clock poll.Clock, schedule *poll.Schedule, started time.Time) *waitLoop[T] {
	if clock == nil {
		clock = poll.RealClock()
	}
	if schedule == nil {
		schedule = poll.NewSchedule(poll.DefaultConfig(), nil)
	}
	if started.IsZero() {
		started = clock.Now()
	}
	return &waitLoop[T]{clock: clock, schedule: schedule, started: started}
}

// sleepThenGet is the plain fetch: wait, then GET path into a new T.
func sleepThenGet[T any](c *Client, clock poll.Clock, path string) func(context.Context, time.Duration) (*T, time.Duration, error, error) {
	return func(ctx context.Context, delay time.Duration) (*T, time.Duration, error, error) {
		if err := poll.Sleep(ctx, clock, delay); err != nil {
			return nil, 0, nil, err
		}
		v := new(T)
		res, err := c.do(ctx, request{method: http.MethodGet, path: path}, v)
		if err != nil {
			return nil, retryAfterOf(err), err, nil
		}
		return v, ParseRetryAfter(res.header.Get("Retry-After"), time.Now()), nil, nil
	}
}

// objectPath is "/<collection>/<escaped id>".
func objectPath(collection, id string) string { return "/" + collection + "/" + url.PathEscape(id) }

// run polls until a verdict. first, when not nil, is an observation already made; it counts
// as the first poll.
func (w *waitLoop[T]) run(ctx context.Context, first *T) (*T, error) {
	var (
		last    *T
		lastErr error
		obs     poll.Observation
	)
	observe := func(v *T, retryAfter time.Duration) (bool, error) {
		elapsed := w.clock.Now().Sub(w.started)
		if (last == nil || w.status(last) != w.status(v)) && w.onChange != nil {
			w.onChange(ctx, v, elapsed)
		}
		last = v
		obs = poll.Observation{Elapsed: elapsed, Status: w.status(v), RetryAfter: retryAfter}
		return w.verdict(v, elapsed)
	}
	if first != nil {
		if done, err := observe(first, 0); done {
			return first, err
		}
	}
	for {
		if last == nil {
			obs.Elapsed = w.clock.Now().Sub(w.started)
		}
		v, retryAfter, err, stopped := w.fetch(ctx, w.schedule.Next(obs))
		if stopped != nil {
			return last, w.timeout(last, w.clock.Now().Sub(w.started), lastErr, stopped)
		}
		elapsed := w.clock.Now().Sub(w.started)
		if w.onPoll != nil {
			w.onPoll(ctx, v, elapsed, err)
		}
		if err != nil {
			if ctx.Err() != nil {
				return last, w.timeout(last, elapsed, lastErr, ctx.Err())
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

// timeoutMessage is the text of a wait that ctx ended: how long it waited, why it stopped, the
// last status seen ("" when none) and the last error of a poll, if any.
func timeoutMessage(status string, elapsed time.Duration, cause, lastErr error) string {
	if status == "" {
		status = "unknown"
	}
	msg := fmt.Sprintf("stopped waiting after %s (%v); last status seen: %s", elapsed.Round(time.Second), cause, status)
	if lastErr != nil {
		msg += fmt.Sprintf("; last error: %v", lastErr)
	}
	return msg
}
