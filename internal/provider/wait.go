package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// createWait is the wait at the end of a Create (argil_video_render, argil_avatar,
// argil_asset) until the object is ready.
type createWait[T any] struct {
	id      string
	started time.Time
	// save copies an observation into the plan and saves the state and the identity.
	save func(*T) diag.Diagnostics
	// wait is the client's wait (WaitForRender, WaitForAvatar, WaitForAsset) on id.
	wait func(ctx context.Context, id string, first *T, opts argil.WaitOptions) (*T, error)
	// before is argil.WaitOptions.Before (renders only).
	before *argil.Video
	// checked, when set, runs once the object is saved, before the wait: false ends the Create
	// there (with its diagnostic added).
	checked func() bool
	// ended, when set, learns how the wait ended (nil: ready), before the state is saved.
	ended func(err error)
	// explain builds the diagnostic of a failed wait from the last observation; see
	// waitErrorDiagnostic.
	explain func(last *T, elapsed time.Duration, err error) (summary, detail string)
	// readyMsg is the log line of a wait that ended well; readyFields, when set, adds fields.
	readyMsg    string
	readyFields func(*T) map[string]any
}

// withCreateTimeout bounds a Create that waits by timeouts.create (t), or def when it is not
// set: it returns the context with that deadline, its cancel function and the timeout, or
// false, with the diagnostics, when t cannot be read.
func withCreateTimeout(ctx context.Context, t timeouts.Value, def time.Duration, diags *diag.Diagnostics) (context.Context, context.CancelFunc, time.Duration, bool) {
	timeout, d := t.Create(ctx, def)
	diags.Append(d...)
	if diags.HasError() {
		return ctx, func() {}, 0, false
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, cancel, timeout, true
}

// saveThenWait saves shown before it waits on the object from first (the create's answer, nil
// when there is none), so that a failure, a timeout or an interrupt from here on leaves the
// object in state (tainted) instead of forgetting something that was paid for. Then it waits,
// saves the last observation (shown when there was none) and, when the wait failed, adds the
// diagnostic. It returns the last observation and whether the Create may go on (the object is
// ready and saved).
func saveThenWait[T any](ctx context.Context, pd *providerData, resp *resource.CreateResponse, shown, first *T, w createWait[T]) (*T, bool) {
	resp.Diagnostics.Append(w.save(shown)...)
	if resp.Diagnostics.HasError() || (w.checked != nil && !w.checked()) {
		return shown, false
	}
	done, err := w.wait(ctx, w.id, first, argil.WaitOptions{
		Schedule: poll.NewSchedule(pd.poll, nil),
		Started:  w.started,
		Before:   w.before,
		OnChange: logWaitChange,
		OnPoll:   logWaitPoll,
	})
	if done == nil {
		done = shown
	}
	if w.ended != nil {
		w.ended(err)
	}
	resp.Diagnostics.Append(w.save(done)...)
	elapsed := pd.clock.Now().Sub(w.started)
	if err != nil {
		resp.Diagnostics.AddError(w.explain(done, elapsed, err))
		return done, false
	}
	fields := map[string]any{}
	if w.readyFields != nil {
		fields = w.readyFields(done)
	}
	fields["elapsed"] = elapsed.Round(time.Millisecond).String()
	tflog.Info(ctx, w.readyMsg, fields)
	return done, !resp.Diagnostics.HasError()
}

// logWaitChange logs a status change during a wait, at INFO with the elapsed time (WARN for a
// status the API documentation does not list).
func logWaitChange(ctx context.Context, e argil.WaitEvent) {
	fields := map[string]any{"status": e.Status, "elapsed": e.Elapsed.Round(time.Millisecond).String()}
	if v, ok := e.Object.(*argil.Video); ok && v.Duration != nil {
		fields["duration_seconds"] = *v.Duration
	}
	if e.Outcome == argil.Unknown {
		tflog.Warn(ctx, fmt.Sprintf("Argil %s has a status the API documentation does not list; still waiting", e.Kind), fields)
		return
	}
	tflog.Info(ctx, fmt.Sprintf("Argil %s status: %s after %s", e.Kind, e.Status, e.Elapsed.Round(time.Second)), fields)
}

// logWaitPoll logs each GET of a wait: DEBUG, or WARN when it failed.
func logWaitPoll(ctx context.Context, e argil.WaitEvent) {
	fields := map[string]any{"elapsed": e.Elapsed.Round(time.Millisecond).String()}
	if e.Err != nil {
		fields["error"] = e.Err.Error()
		tflog.Warn(ctx, fmt.Sprintf("Polling the Argil %s failed; will try again", e.Kind), fields)
		return
	}
	fields["status"] = e.Status
	tflog.Debug(ctx, "Polled the Argil "+e.Kind, fields)
}

// waitTexts is what the diagnostic of a failed wait says that depends on the kind of object.
type waitTexts struct {
	// work names the wait in summaries ("video render", "avatar training", "asset"); waited
	// in the summary of an interrupt ("video render", "avatar", "asset").
	work, waited string
	// notDone says what a timeout means ("the render did not end").
	notDone string
	// stopped says what becomes of the object after a timeout or an interrupt, and what the
	// next apply does.
	stopped string
	// notes is appended to the first paragraph of a timeout or an interrupt; lost ends the
	// detail of a timeout.
	notes, timeoutNotes, lost string
	// failed explains a *argil.WaitFailedError.
	failed func(subject string, e *argil.WaitFailedError) (string, string)
	// apiError explains any other error (an API error of a GET).
	apiError func(err error) string
}

// waitErrorDiagnostic explains why a wait ended without the object ready: the object (kind, id,
// name, last status, elapsed time), what happened and what the next apply does.
func waitErrorDiagnostic(t waitTexts, kind, id, name, status string, timeout, elapsed time.Duration, err error) (string, string) {
	if status == "" {
		status = "unknown"
	}
	subject := fmt.Sprintf("%s %s (%q), status %s, after %s", strings.ToUpper(kind[:1])+kind[1:], id, name, status, elapsed.Round(time.Second))
	var failed *argil.WaitFailedError
	var timedOut *argil.WaitTimeoutError
	switch {
	case errors.As(err, &failed):
		return t.failed(subject, failed)
	case errors.As(err, &timedOut) && errors.Is(err, context.Canceled):
		return "Waiting for the Argil " + t.waited + " was interrupted", fmt.Sprintf("%s: %v.%s\n\n%s", subject, err, t.notes, t.stopped)
	case errors.As(err, &timedOut):
		return "Timed out waiting for the Argil " + t.work, fmt.Sprintf("%s: %s within the create timeout of %s (%v).%s%s\n\n"+
			"%s To wait longer in one apply, raise timeouts = { create = \"...\" }.%s", subject, t.notDone, timeout, err, t.notes, t.timeoutNotes, t.stopped, t.lost)
	}
	return "Error waiting for the Argil " + t.work, fmt.Sprintf("%s.\n\n%s", subject, t.apiError(err))
}
