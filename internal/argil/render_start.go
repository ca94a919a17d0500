package argil

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// readBackDelays are the pauses between the reads of a video after a render request whose
// outcome is unknown, in units of the client's RetryWaitMin (500ms by default: reads at 0s,
// 2s, 5s, 10s, 20s, then every 15s), until the read-back window has passed since the failure.
var readBackDelays = []int{0, 4, 6, 10, 20, 30}

// RenderStarted is how StartRender learned that Argil accepted the render.
type RenderStarted struct {
	// Video is the latest observation of the video: the render POST's answer, or the read
	// that showed the render. Nil when Argil answered 2xx with a body that could not be read
	// (the render was accepted; the first poll will read the video).
	Video *Video
	// Evidence says what showed that the render was accepted ("HTTP 200", "status
	// GENERATING_AUDIO after the request failed", ...), for logs.
	Evidence string
	// Adopted is set when Argil refused the request with a 400 and the video turned out to
	// be rendering (or rendered) already, by an earlier request: no render was started by
	// this one.
	Adopted bool
}

// RenderOutcomeUnknownError is a render request whose outcome is unknown (no answer, a dropped
// connection, a 5xx) after which the video showed no sign of a render for the whole read-back
// window. Argil may still accept the request later than that.
type RenderOutcomeUnknownError struct {
	VideoID string
	// Err is the render request's failure (an *AmbiguousError).
	Err error
	// Window is the read-back window; Reads how many reads of the video succeeded in it.
	Window time.Duration
	Reads  int
	// Last is the last observation of the video (nil when no read succeeded); ReadErr the
	// error of the last read, when it failed.
	Last    *Video
	ReadErr error
}

func (e *RenderOutcomeUnknownError) Error() string {
	status := "unknown"
	if e.Last != nil {
		status = e.Last.Status
	}
	msg := fmt.Sprintf("the render request for video %s failed (%v), and %d read(s) of the video over %s showed no sign of a render (last status: %s)",
		e.VideoID, e.Err, e.Reads, e.Window.Round(time.Second), status)
	if e.ReadErr != nil {
		msg += fmt.Sprintf("; last read error: %v", e.ReadErr)
	}
	return msg
}

func (e *RenderOutcomeUnknownError) Unwrap() error { return e.Err }

// StartRender requests the render of a video (POST /videos/{id}/render, which costs credits)
// and tells whether Argil accepted it. before is the video as read just before the request; it
// is what the reads after an ambiguous failure are compared with.
//
//   - Any 2xx answer: accepted (even when its body cannot be read).
//   - An ambiguous failure (no answer within Config.CreateRequestTimeout, a dropped
//     connection, a 5xx): the request is never sent again. The video is read, repeatedly over
//     Config.ReadBackWindow: a change that only a render makes (see RenderEvidence) means
//     accepted; otherwise a *RenderOutcomeUnknownError.
//   - A 400: Argil refused the request. The video is read once: if it is rendering or shows a
//     result (an earlier request of the same intent, retried by a proxy), the result says
//     Adopted; otherwise the 400 is returned.
//   - ctx ending while the request may be in flight is treated like an ambiguous failure (the
//     reads then go on within a short bound).
//   - Any other error (401/403, 404, 429 after retries, a refused connection) is returned: Argil
//     did not act on the request.
func (c *Client) StartRender(ctx context.Context, id string, args RenderArgs, before *Video) (*RenderStarted, error) {
	v, err := c.RenderVideo(ctx, id, args)
	if err == nil {
		return &RenderStarted{Video: v, Evidence: "accepted (HTTP 2xx)"}, nil
	}
	var amb *AmbiguousError
	if errors.As(err, &amb) && amb.Accepted() {
		return &RenderStarted{Evidence: fmt.Sprintf("accepted (HTTP %d, unreadable body)", amb.Status)}, nil
	}
	if StatusCode(err) == http.StatusBadRequest {
		after, getErr := c.GetVideo(ctx, id)
		if getErr == nil {
			if o := Classify(after.Status); o == Pending || o == Unknown || Finished(after) {
				return &RenderStarted{Video: after, Evidence: "refused with HTTP 400, and the video is " + after.Status, Adopted: true}, nil
			}
		}
		return nil, err
	}
	if !IsAmbiguous(err) && ctx.Err() == nil {
		return nil, err
	}
	// Ambiguous, or interrupted (Ctrl-C, the create timeout) while the request may have been
	// in flight: only the video can tell.
	return c.readBackRender(ctx, id, before, err, c.readBack)
}

// WatchForRender reads the video repeatedly over window (at least once), like the read-back
// after an ambiguous render request, until it shows a render compared with before (see
// RenderEvidence). It is for a caller that learns of a render request whose outcome was never
// settled (a crash during the request): it returns the video that showed the render, or a
// *RenderOutcomeUnknownError (Err: cause) when none did.
func (c *Client) WatchForRender(ctx context.Context, id string, before *Video, cause error, window time.Duration) (*Video, error) {
	s, err := c.readBackRender(ctx, id, before, cause, window)
	if err != nil {
		return nil, err
	}
	return s.Video, nil
}

// readBackRender reads the video after an ambiguous render request until it shows the render or the
// read-back window has passed. When ctx ends first (an interrupt), the reads go on within a
// short bound: whether the render started is worth knowing before giving up.
func (c *Client) readBackRender(ctx context.Context, id string, before *Video, postErr error, window time.Duration) (*RenderStarted, error) {
	clock := c.clock
	c.log.Warn(ctx, "The render request failed without saying whether Argil accepted it; reading the video instead of sending it again",
		map[string]any{"video_id": id, "error": postErr.Error(), "window": window.String()})
	rctx := ctx
	if ctx.Err() != nil {
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
		defer cancel()
	}
	start := clock.Now()
	unknown := &RenderOutcomeUnknownError{VideoID: id, Err: postErr, Window: window}
	for i := 0; ; i++ {
		if i > 0 {
			elapsed := clock.Now().Sub(start)
			if elapsed >= window {
				return nil, unknown
			}
			d := min(time.Duration(readBackDelays[min(i, len(readBackDelays)-1)])*c.waitMin, window-elapsed)
			if poll.Sleep(rctx, clock, d) != nil {
				unknown.ReadErr = fmt.Errorf("stopped reading the video after %s: %w", clock.Now().Sub(start).Round(time.Second), rctx.Err())
				return nil, unknown
			}
		}
		after, err := c.GetVideo(rctx, id)
		if err != nil {
			unknown.ReadErr = err
			if rctx.Err() != nil || !transientPollError(err) {
				return nil, unknown
			}
			continue
		}
		unknown.Reads++
		unknown.Last = after
		if ok, why := RenderEvidence(before, after); ok {
			c.log.Info(ctx, "Argil accepted the render despite the failed request: "+why,
				map[string]any{"video_id": id, "status": after.Status, "reads": unknown.Reads, "elapsed": clock.Now().Sub(start).Round(time.Millisecond).String()})
			return &RenderStarted{Video: after, Evidence: why + " after the request failed"}, nil
		}
	}
}

// RenderEvidence tells whether after, read after a render request, shows a change that only a
// render makes compared with before (read just before the request): a status that differs or
// says a render is in progress, a videoUrl that appeared, changed or went away, or a new
// updatedAt. A video that reads the same (an IDLE video with nothing new) is no evidence
// either way: Argil may have queued the render without showing it. before may be nil (nothing
// known): then only a non-IDLE status or a result counts.
func RenderEvidence(before, after *Video) (bool, string) {
	if after == nil {
		return false, ""
	}
	o := Classify(after.Status)
	if o == Pending || o == Unknown {
		return true, "status " + after.Status
	}
	if before == nil {
		if o != NotStarted || after.VideoURL != "" {
			return true, "status " + after.Status
		}
		return false, ""
	}
	switch {
	case NormalizeStatus(after.Status) != NormalizeStatus(before.Status):
		return true, fmt.Sprintf("status %s (was %s)", after.Status, before.Status)
	case after.VideoURL != before.VideoURL:
		return true, "videoUrl changed"
	case after.UpdatedAt != before.UpdatedAt && after.UpdatedAt != "":
		return true, "updatedAt changed"
	}
	return false, ""
}
