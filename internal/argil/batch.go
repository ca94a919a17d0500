package argil

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Batched reads (ReadVideo): a terraform plan reads every video in state, one Read per
// resource, ten at a time. Read one by one, 500 renders cost 500 GET /videos/{id}, 50 s at
// 10 requests per second. The batcher answers them from GET /videos pages instead when that
// is cheaper, and lets concurrent reads of one video share one request.
//
// Pages or GETs. The reads of one session (reads that follow each other with less than
// snapshotTTL between the pages) rent GETs until the GETs they would still need reach the
// pages still unread, then buy the pages: the reads waiting for a video not found yet, plus
// the reads already answered by GET in the session, are compared with the pages left
// (page 1 tells how many: totalPages, or totalItems over the page size). The walk goes page
// by page; every read that waits for a video found in a page gets it at once, and reads that
// come later in the session are answered from the pages already read. This costs at most
// twice the cheaper of the two (a ski rental), with no guess at how many reads will come.
//
// Gone videos. A video absent from every page is read with GET /videos/{id}: a 404 then
// says it is gone, exactly as for a read without pages. (The list's order is not documented
// and a deletion during the walk shifts later pages, so an absence alone could be a video
// skipped; a false "gone" makes terraform plan a new video and a new render.)
//
// Lean items. The docs' list page shows items without previewUrl, aspectRatio and duration.
// A list item is used only when it has every field the caller maps (ReadOptions.Uses);
// otherwise a finished video takes the missing fields from what the caller already knows
// (ReadOptions.Known) or, failing that, is read with its own GET. Nothing read from a page is
// less than what GET /videos/{id} gives.
//
// Fallback. A page the API refuses (a 4xx other than 408 and 429) or an answer that is not a
// page turns pages off for the Client (the waits of refresh.go too); a page that fails
// otherwise turns them off for the session. The reads then use GETs.

const (
	// snapshotTTL is how long the pages read by a session answer reads after the latest of
	// them was read: a read is never answered from a page older than this.
	snapshotTTL = 10 * time.Second
)

// gatherWindow is how long the first read of a session waits for the reads that come with it
// (terraform sends up to -parallelism reads at once) before pages and GETs are weighed.
var gatherWindow = 10 * time.Millisecond

// ReadOptions tunes ReadVideo.
type ReadOptions struct {
	// Uses lists the JSON fields of the Video that the caller maps; nil means all of them. A
	// list item that lacks one of them is completed from Known or read with its own GET.
	Uses []string
	// Known is what the caller already holds of the video from an earlier read (nil when
	// nothing). A DONE list item that lacks a field takes it from Known when Known is DONE
	// too and has it: a finished video's name, preview, aspect ratio, duration, moments,
	// subtitles and extras do not change. Its URLs and updatedAt are never taken from Known.
	Known *Video
}

// VideoFields are the JSON fields of a Video, the default of ReadOptions.Uses.
var VideoFields = []string{"name", "createdAt", "updatedAt", "status", "duration", "moments", "videoUrl", "videoUrlSubtitled", "previewUrl", "aspectRatio", "subtitles", "extras"}

// ReadVideo returns the video with this id, as GetVideo does, batched with the other reads of
// the Client: concurrent reads of one video cost one request, and while many videos are read
// they come from GET /videos pages when that costs fewer requests (see batch.go). A video
// that does not exist gives the 404 of GetVideo. Without Config.ListRefresh, only the
// sharing of concurrent reads applies.
func (c *Client) ReadVideo(ctx context.Context, id string, opts ReadOptions) (*Video, error) {
	b := c.batch
	val, err := awaitShared(ctx, b.reads.DoChan(id, func() (any, error) {
		// A read shared by several callers must not fail because the first one went away.
		return b.read(context.WithoutCancel(ctx), id), nil
	}))
	if err != nil {
		return nil, err
	}
	if it, _ := val.(*listItem); it != nil {
		if v, ok := it.complete(opts); ok {
			return v, nil
		}
	}
	val, err = awaitShared(ctx, b.gets.DoChan(id, func() (any, error) { return c.GetVideo(context.WithoutCancel(ctx), id) }))
	if err != nil {
		return nil, err
	}
	got, ok := val.(*Video)
	if !ok {
		return nil, fmt.Errorf("reading video %s: no video in the answer", id)
	}
	v := *got // each caller gets its own copy
	return &v, nil
}

// awaitShared waits for the result of a call shared by several callers (ch, from DoChan), or until
// ctx ends: the call then goes on for the others.
func awaitShared(ctx context.Context, ch <-chan singleflight.Result) (any, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-ch:
		return r.Val, r.Err
	}
}

// batcher holds the batched reads of a Client.
type batcher struct {
	c     *Client
	pages bool // Config.ListRefresh
	reads singleflight.Group
	gets  singleflight.Group

	mu      sync.Mutex
	session *session
	waiting map[string]chan *listItem // reads waiting for a page; a nil answer means GET
	running bool                      // the loop goroutine is alive
	logCtx  context.Context           // for the loop's requests and logs
}

// session is the pages read for the reads of one plan (or any burst of reads).
type session struct {
	items      map[string]*listItem
	pagesRead  int
	totalPages int // 0 until page 1 is read
	complete   bool
	failed     bool      // a page failed: the rest of the session reads with GETs
	rented     int       // reads answered by GET because pages did not pay
	last       time.Time // when the latest page was read (or the session began)
}

// listItem is a video read from a page, with the JSON fields it carried (true when not null).
type listItem struct {
	video Video
	has   map[string]bool
}

func newBatcher(c *Client, pages bool) *batcher {
	return &batcher{c: c, pages: pages, waiting: map[string]chan *listItem{}}
}

// read returns the video's list item, or nil when the caller must GET it (pages off, GETs
// cheaper, or the video in no page).
func (b *batcher) read(ctx context.Context, id string) *listItem {
	b.mu.Lock()
	now := b.c.clock.Now()
	if !b.pages || b.c.listOff.Load() {
		b.mu.Unlock()
		return nil
	}
	s := b.session
	if s != nil && !b.running && now.Sub(s.last) > snapshotTTL {
		s, b.session = nil, nil
	}
	if s != nil {
		if it, ok := s.items[id]; ok {
			b.mu.Unlock()
			return it
		}
		if s.complete || s.failed {
			b.mu.Unlock()
			return nil
		}
	}
	ch := make(chan *listItem, 1)
	b.waiting[id] = ch // reads of one id share one call (singleflight), so one waiter per id
	if !b.running {
		b.running = true
		b.logCtx = ctx
		go b.loop()
	}
	b.mu.Unlock()
	return <-ch
}

// loop reads pages for the waiting reads, or sends them to GET, until none waits.
func (b *batcher) loop() {
	<-b.c.clock.After(gatherWindow)
	for {
		b.mu.Lock()
		if len(b.waiting) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		if b.session == nil {
			b.session = &session{items: map[string]*listItem{}, last: b.c.clock.Now()}
		}
		s, ctx := b.session, b.logCtx
		waiting := len(b.waiting)
		page := 0
		switch {
		case s.failed || s.complete || b.c.listOff.Load():
		case s.totalPages == 0 && waiting+s.rented >= 2:
			page = 1
		case s.totalPages > 0 && waiting+s.rented >= s.totalPages-s.pagesRead:
			page = s.pagesRead + 1
		}
		if page == 0 {
			// GETs cost less than the pages left (or pages are off): release every waiting
			// read to its own GET.
			if !s.complete && !s.failed {
				s.rented += waiting
			}
			b.answerAll(nil)
			b.mu.Unlock()
			continue
		}
		b.mu.Unlock()

		pg, err := b.c.listPage(ctx, page, listLimit)

		b.mu.Lock()
		s.last = b.c.clock.Now()
		if err != nil {
			s.failed = true
			if permanentListError(err) {
				b.c.listOff.Store(true)
				b.c.log.Warn(ctx, "Argil API refused the video list used to read many videos at once; reading each video on its own", map[string]any{"error": err.Error()})
			} else {
				b.c.log.Debug(ctx, "Argil video list page failed; reading the waiting videos on their own", map[string]any{"page": page, "error": err.Error()})
			}
			b.answerAll(nil)
			b.mu.Unlock()
			continue
		}
		fresh := 0
		for _, it := range pg.items {
			if _, seen := s.items[it.video.ID]; !seen {
				fresh++
			}
			s.items[it.video.ID] = it
		}
		if page > 1 && len(pg.items) > 0 && fresh == 0 {
			// The same items again: the API ignores the page number. Read the rest on their own.
			s.failed = true
			b.c.log.Debug(ctx, "Argil video list page brought no new video; reading the waiting videos on their own", map[string]any{"page": page})
			b.answerAll(nil)
			b.mu.Unlock()
			continue
		}
		s.pagesRead = page
		if s.totalPages == 0 {
			s.totalPages = pg.pages(len(pg.items), listLimit)
		}
		if page >= s.totalPages || len(pg.items) == 0 {
			s.complete = true
		}
		b.c.log.Debug(ctx, "Argil video list page read for batched reads", map[string]any{"page": page, "pages": s.totalPages, "videos": len(pg.items), "waiting": waiting})
		for id, ch := range b.waiting {
			if it, ok := s.items[id]; ok {
				ch <- it
				delete(b.waiting, id)
			} else if s.complete {
				ch <- nil // in no page: its own GET says whether it is gone
				delete(b.waiting, id)
			}
		}
		b.mu.Unlock()
	}
}

// answerAll sends every waiting read the same answer. The caller holds mu.
func (b *batcher) answerAll(it *listItem) {
	for id, ch := range b.waiting {
		ch <- it
		delete(b.waiting, id)
	}
}

// listedPage is one GET /videos page with its items' fields.
type listedPage struct {
	totalItems, totalPages int
	items                  []*listItem
}

// pages is the number of pages of the list: totalPages when the API gives it, else
// totalItems over the size of the first page (n items, limit asked).
func (p listedPage) pages(n, limit int) int {
	switch {
	case p.totalPages > 0:
		return p.totalPages
	case p.totalItems > 0 && n > 0:
		return int(math.Ceil(float64(p.totalItems) / float64(n)))
	case n < limit:
		return 1
	}
	return math.MaxInt32 // unknown: walk until an empty page
}

// listPage reads page of GET /videos with limit videos per page.
func (c *Client) listPage(ctx context.Context, page, limit int) (*listedPage, error) {
	q := url.Values{}
	q.Set("page", strconv.Itoa(page))
	q.Set("limit", strconv.Itoa(limit))
	res, err := c.do(ctx, request{method: http.MethodGet, path: "/videos", query: q}, nil)
	if err != nil {
		return nil, err
	}
	var raw struct {
		TotalItems int               `json:"totalItems"`
		TotalPages int               `json:"totalPages"`
		Videos     []json.RawMessage `json:"videos"`
	}
	if err := json.Unmarshal(res.body, &raw); err != nil || raw.Videos == nil {
		return nil, fmt.Errorf("%w (%v): %q", errListShape, err, c.redactQuote(string(res.body)))
	}
	out := &listedPage{totalItems: raw.TotalItems, totalPages: raw.TotalPages}
	for _, r := range raw.Videos {
		it := &listItem{}
		var fields map[string]json.RawMessage
		if json.Unmarshal(r, &it.video) != nil || json.Unmarshal(r, &fields) != nil || it.video.ID == "" {
			continue // an item we cannot read is as good as absent: its own GET reads it
		}
		it.has = make(map[string]bool, len(fields))
		for k, v := range fields {
			it.has[k] = string(v) != "null"
		}
		out.items = append(out.items, it)
	}
	return out, nil
}

// complete returns the item as a Video when it carries every field the caller uses (taking
// those of a finished video from opts.Known when needed), or false when only a GET can.
func (it *listItem) complete(opts ReadOptions) (*Video, bool) {
	v := it.video // a copy: items are shared by every read of the session
	uses := opts.Uses
	if uses == nil {
		uses = VideoFields
	}
	if _, ok := it.has["status"]; !ok {
		return nil, false
	}
	done := v.Status == StatusDone
	known := opts.Known
	canFill := done && known != nil && known.Status == StatusDone
	for _, f := range uses {
		has, present := it.has[f]
		switch {
		case present && (has || !done || (f != "duration" && f != "videoUrl")):
			// In the item (a DONE video's duration and videoUrl must not be null).
		case (f == "videoUrl" || f == "videoUrlSubtitled") && !done:
			// Absent before DONE, as GET /videos/{id} may leave it.
		case canFill && fill(&v, known, f):
		default:
			return nil, false
		}
	}
	return &v, true
}

// fill copies field f of a finished video from known, when known has it.
func fill(v, known *Video, f string) bool {
	text := func(dst *string, src string) bool {
		*dst = src
		return src != ""
	}
	switch f {
	case "name":
		return text(&v.Name, known.Name)
	case "createdAt":
		return text(&v.CreatedAt, known.CreatedAt)
	case "previewUrl":
		return text(&v.PreviewURL, known.PreviewURL)
	case "aspectRatio":
		return text(&v.AspectRatio, known.AspectRatio)
	case "duration":
		v.Duration = known.Duration
		return known.Duration != nil
	case "moments":
		v.Moments = known.Moments
		return len(known.Moments) > 0
	case "subtitles":
		v.Subtitles = known.Subtitles
		return known.Subtitles != nil
	case "extras":
		v.Extras = known.Extras
		return known.Extras != nil
	}
	return false
}
