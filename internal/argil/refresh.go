package argil

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"sync"
	"time"
)

// The list refresher lets the renders that one Client waits on at the same time share their
// polls: when two or more WaitForRender calls are in progress, each one, instead of sleeping
// and then reading GET /videos/{id}, tells the refresher when it wants its next observation.
// The refresher reads one page of GET /videos at the earliest of those times and hands every
// waiting render found in the page its Video, due or not: a render that was not due yet has
// simply been observed early, and its schedule starts again from there. So N renders cost one
// request per shortest delay among them (at most one per second with the default schedule)
// instead of N requests per delay, and they all keep their own latency bound.
//
// The sort order of GET /videos is not documented, so a page may not hold every render in
// progress (older videos, or more renders than a page holds). A waiter whose video is missing
// from a page polls its own video with GET /videos/{id} for the rest of its wait. When the API
// refuses the page request itself (a 4xx other than 408 and 429), the refresher is turned off
// for the Client and every waiter polls its own video.

const (
	// minListWaiters is how many waits must be in progress before they share pages: one
	// render alone polls GET /videos/{id}, which is the same single request with a smaller
	// answer.
	minListWaiters = 2
	// listLimit is the page size the refresher asks for: the renders of an apply are usually
	// among the newest videos, but not necessarily the very newest, so it asks for many.
	// The API documents no maximum; a refusal turns pages off (see permanentListError).
	listLimit = 100
)

// refresher shares GET /videos pages between the concurrent waits of a Client.
type refresher struct {
	c *Client

	mu       sync.Mutex
	members  map[*listWaiter]struct{} // waits in progress
	listed   int                      // members that still poll through pages (not direct)
	wants    map[*listWaiter]want
	running  bool          // the loop goroutine is alive
	wake     chan struct{} // tells the loop that wants changed (buffered, 1)
	disabled bool          // the API refused a page: every waiter polls its own video
	cancel   context.CancelFunc
	pages    int // pages read, for tests and logs
	// logCtx carries the values (the provider's logger among them) of the latest wait's
	// context, without its cancellation: a page serves several waits and outlives each of
	// them, yet its log lines and HTTP lines must reach the same logs as theirs.
	logCtx context.Context
}

// listWaiter is one WaitForRender registered with the refresher.
type listWaiter struct {
	id string
	// direct is set once the video was missing from a page: the waiter then polls GET
	// /videos/{id} for the rest of its wait. Only the waiter's goroutine reads it; the
	// refresher sets it under mu before it delivers the unlisted result.
	direct bool
	// box receives the outcome of the waiter's pending want (buffered, 1).
	box chan pageResult
}

// want is a waiter's request for its next observation.
type want struct {
	due    time.Time // when the waiter's schedule wants it
	posted time.Time // when the waiter asked: only pages sent later may answer it
}

// pageResult is what the refresher delivers to a waiter.
type pageResult struct {
	video      *Video
	retryAfter time.Duration
	err        error
	// unlisted: the video was not in the page; poll it directly, at the time it wanted.
	unlisted bool
	// fallback: pages are off for this Client; poll directly, at the time it wanted.
	fallback bool
	due      time.Time
}

func newRefresher(c *Client) *refresher {
	return &refresher{
		c:       c,
		members: map[*listWaiter]struct{}{},
		wants:   map[*listWaiter]want{},
		wake:    make(chan struct{}, 1),
		logCtx:  context.Background(),
	}
}

// register adds a wait on video id.
func (r *refresher) register(id string) *listWaiter {
	w := &listWaiter{id: id, box: make(chan pageResult, 1)}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.members[w] = struct{}{}
	r.listed++
	return w
}

// unregister removes a wait that ended. When no wait wants a page any more, a page request
// still waiting for the rate budget is cancelled.
func (r *refresher) unregister(w *listWaiter) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.members[w]; ok && !w.direct {
		r.listed--
	}
	delete(r.members, w)
	delete(r.wants, w)
	if len(r.wants) == 0 && r.cancel != nil {
		r.cancel()
	}
	r.signal()
}

// signal wakes the loop; the caller holds mu.
func (r *refresher) signal() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// shared tells whether w should wait for a page rather than poll its own video.
func (r *refresher) shared(w *listWaiter) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !w.direct && !r.disabled && !r.c.listOff.Load() && r.listed >= minListWaiters
}

// await waits for w's next observation, wanted delay from now. It returns the page result
// (its video, or the error of a page that failed when w was due), or a result with unlisted
// or fallback set when w must poll its own video at result.due. It returns ctx.Err() when
// ctx ends first.
func (r *refresher) await(ctx context.Context, w *listWaiter, delay time.Duration) (pageResult, error) {
	now := r.c.clock.Now()
	due := now.Add(delay)
	r.mu.Lock()
	if r.disabled || w.direct {
		r.mu.Unlock()
		return pageResult{fallback: true, due: due}, nil
	}
	r.wants[w] = want{due: due, posted: now}
	r.logCtx = context.WithoutCancel(ctx)
	if !r.running {
		r.running = true
		go r.loop()
	}
	r.signal()
	r.mu.Unlock()
	select {
	case res := <-w.box:
		res.due = due
		return res, nil
	case <-ctx.Done():
		r.mu.Lock()
		delete(r.wants, w)
		r.signal()
		r.mu.Unlock()
		// A result may have been delivered meanwhile; drop it so that the box is empty.
		select {
		case <-w.box:
		default:
		}
		return pageResult{}, ctx.Err()
	}
}

// loop reads a page at the earliest wanted time, as long as some waiter wants one.
func (r *refresher) loop() {
	for {
		r.mu.Lock()
		if len(r.wants) == 0 {
			r.running = false
			r.mu.Unlock()
			return
		}
		var earliest time.Time
		for _, wt := range r.wants {
			if earliest.IsZero() || wt.due.Before(earliest) {
				earliest = wt.due
			}
		}
		r.mu.Unlock()
		if wait := earliest.Sub(r.c.clock.Now()); wait > 0 {
			select {
			case <-r.c.clock.After(wait):
			case <-r.wake:
				continue
			}
		}
		r.refresh()
	}
}

// refresh reads one page and delivers it to every waiter that wanted an observation before
// the page was sent. A want posted while the page was in flight waits for the next page: the
// page may be older than what that waiter has already seen.
func (r *refresher) refresh() {
	r.mu.Lock()
	ctx, cancel := context.WithCancel(r.logCtx)
	r.cancel = cancel
	r.mu.Unlock()
	defer cancel()

	var sent time.Time
	videos, retryAfter, err := r.c.listVideosObserved(ctx, listLimit, func() { sent = r.c.clock.Now() })
	now := r.c.clock.Now()

	r.mu.Lock()
	defer r.mu.Unlock()
	r.cancel = nil
	r.pages++
	deliver := func(w *listWaiter, res pageResult) {
		delete(r.wants, w)
		w.box <- res // the box is empty: a waiter has at most one want
	}
	if err != nil {
		if ctx.Err() != nil {
			return // nobody wanted the page any more
		}
		if permanentListError(err) {
			r.disabled = true
			r.c.listOff.Store(true)
			r.c.log.Warn(ctx, "Argil API refused the video list used to poll several renders at once; polling each render on its own", map[string]any{"error": err.Error()})
			for w := range r.wants {
				deliver(w, pageResult{fallback: true})
			}
			return
		}
		// A failed page counts as a failed poll for the waiters that were due; the others
		// keep waiting for their time.
		for w, wt := range r.wants {
			if !wt.due.After(now) && !wt.posted.After(sent) {
				deliver(w, pageResult{err: err})
			}
		}
		return
	}
	byID := make(map[string]*Video, len(videos))
	for i := range videos {
		byID[videos[i].ID] = &videos[i]
	}
	for w, wt := range r.wants {
		if wt.posted.After(sent) {
			continue
		}
		if v, ok := byID[w.id]; ok {
			deliver(w, pageResult{video: v, retryAfter: retryAfter})
			continue
		}
		w.direct = true
		r.listed--
		r.c.log.Debug(ctx, "Argil video not in the first page of the video list; polling it on its own", map[string]any{"video_id": w.id, "limit": listLimit})
		deliver(w, pageResult{unlisted: true})
	}
}

// errListShape is a GET /videos answer that is not the documented page of videos.
var errListShape = errors.New("the GET /videos answer is not a page of videos")

// permanentListError tells whether a failed page request will fail again: a 4xx answer other
// than 408 and 429 (for example a page size the API does not accept), or an answer that is
// not a page of videos.
func permanentListError(err error) bool {
	if errors.Is(err, errListShape) {
		return true
	}
	s := StatusCode(err)
	return s >= 400 && s < 500 && s != http.StatusRequestTimeout && s != http.StatusTooManyRequests
}

// listVideosObserved reads the first page of GET /videos with limit videos, and the
// Retry-After of the answer. sent is called each time the request leaves for the server.
func (c *Client) listVideosObserved(ctx context.Context, limit int, sent func()) ([]Video, time.Duration, error) {
	q := url.Values{}
	q.Set("page", "1")
	q.Set("limit", strconv.Itoa(limit))
	res, err := c.do(ctx, request{method: http.MethodGet, path: "/videos", query: q, sent: sent}, nil)
	if err != nil {
		return nil, retryAfterOf(err), err
	}
	var page VideoPage
	if err := json.Unmarshal(res.body, &page); err != nil || page.Videos == nil {
		return nil, 0, fmt.Errorf("%w (%v): %q", errListShape, err, c.redactQuote(string(res.body)))
	}
	cleanIdentifiers(reflect.ValueOf(page.Videos))
	c.warnOddFields(ctx, request{method: http.MethodGet, path: "/videos"}, &page)
	return page.Videos, ParseRetryAfter(res.header.Get("Retry-After"), time.Now()), nil
}
