package argil

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// getVideoObserved is GetVideo that also returns the Retry-After of a successful answer.
func (c *Client) getVideoObserved(ctx context.Context, id string) (*Video, time.Duration, error) {
	var v Video
	res, err := c.do(ctx, request{method: http.MethodGet, path: "/videos/" + url.PathEscape(id)}, &v)
	if err != nil {
		return nil, retryAfterOf(err), err
	}
	return &v, ParseRetryAfter(res.header.Get("Retry-After"), c.clock.Now()), nil
}

// WaitForRender polls GET /videos/{id} until the render ends (see waitLoop): the video is
// finished (Finished: DONE, or a result with a status that is neither a failure nor a render in
// progress) or failed (Classify). An IDLE video without a result is a render waiting in Argil's
// queue, waited on like any pending status. With Config.ListRefresh, concurrent waits share
// their polls (refresh.go); a page item that would end a wait is first confirmed, or completed,
// with the video's own GET.
func (c *Client) WaitForRender(ctx context.Context, id string, first *Video, opts WaitOptions) (*Video, error) {
	w := newWaitLoop(c, KindVideo, "videos", id, opts, func(v *Video) (string, string) { return v.Name, v.Status }, Classify)
	// fresh: the video showed something new since the render request (see RenderEvidence).
	// Until then, an observation that reads like the video before the request (a failure or a
	// result of an earlier render) is this render waiting in a queue, not its end.
	fresh := opts.Before == nil
	w.verdict = func(v *Video, elapsed time.Duration) (bool, error) {
		if !fresh {
			fresh, _ = RenderEvidence(opts.Before, v)
		}
		switch {
		case !fresh:
		case Classify(v.Status) == Failed:
			return true, &WaitFailedError{Kind: KindVideo, ID: id, Name: v.Name, Status: v.Status, Elapsed: elapsed}
		case Finished(v):
			return true, nil
		}
		return false, nil
	}
	// A wait shares GET /videos pages with the other waits of this client from its first poll
	// on (not when the first observation already ends it).
	var lw *listWaiter
	defer func() {
		if lw != nil {
			c.refresher.unregister(lw)
		}
	}()
	w.fetch = func(ctx context.Context, delay time.Duration) (*Video, time.Duration, error, error) {
		if lw == nil && c.refresher != nil {
			lw = c.refresher.register(id)
		}
		return c.pollAfter(ctx, lw, id, delay)
	}
	return w.run(ctx, first)
}

// pollAfter waits delay and observes the video: through a shared GET /videos page when lw
// shares pages (the page may come earlier, for another render, and observes this one too),
// else with GET /videos/{id}. stopped is ctx's error when ctx ended first.
func (c *Client) pollAfter(ctx context.Context, lw *listWaiter, id string, delay time.Duration) (v *Video, retryAfter time.Duration, err, stopped error) {
	if lw != nil && c.refresher.shared(lw) {
		res, werr := c.refresher.await(ctx, lw, delay)
		if werr != nil {
			return nil, 0, nil, werr
		}
		switch {
		case res.unlisted || res.fallback:
			// Not in the page, or pages are off: poll this video on its own, when it is due.
			delay = res.due.Sub(c.clock.Now())
		case res.err == nil && Classify(res.video.Status) == Failed:
			// A list may lag behind the video itself, and a failure the provider believes in
			// costs a new render: confirm it with the video's own GET, now.
			delay = 0
		case res.err == nil && Finished(res.video) && lacksListedFields(res.video):
			// The docs give list items a shorter schema than GET /videos/{id}: a wait must not
			// end on less than the video's own GET would store. Complete it now.
			delay = 0
		default:
			return res.video, res.retryAfter, res.err, nil
		}
	}
	if err := poll.Sleep(ctx, c.clock, delay); err != nil {
		return nil, 0, nil, err
	}
	v, retryAfter, err = c.getVideoObserved(ctx, id)
	return v, retryAfter, err, nil
}

// lacksListedFields tells whether a video read from a list misses a field that GET
// /videos/{id} gives a finished render: previewUrl, duration or aspectRatio (absent from the
// docs' list schema), or videoUrlSubtitled on a video with subtitles.
func lacksListedFields(v *Video) bool {
	return v.PreviewURL == "" || v.Duration == nil || v.AspectRatio == "" ||
		(v.Subtitles != nil && v.Subtitles.Enable && v.VideoURLSubtitled == "")
}
