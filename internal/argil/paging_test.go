package argil

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hostileList serves GET /v1/videos, /v1/assets and /v1/subtitles with pages built by page(n),
// and counts the requests.
func hostileList(t *testing.T, page func(n int) (body any, header http.Header)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		body, header := page(n)
		for k, v := range header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func videoPage(ids []string, totalPages int) map[string]any {
	videos := make([]map[string]any, len(ids))
	for i, id := range ids {
		videos[i] = map[string]any{"id": id, "name": "v " + id, "status": "DONE"}
	}
	return map[string]any{"videos": videos, "totalPages": totalPages, "totalItems": len(ids) * totalPages, "currentPage": 1, "itemsPerPage": len(ids)}
}

// idsOf is the ids of page n: count of them, new on every page.
func idsOf(n, count int) []string {
	ids := make([]string, count)
	for i := range ids {
		ids[i] = fmt.Sprintf("v-%d-%d", n, i)
	}
	return ids
}

// Issue 14: a server claiming a billion pages, or repeating the same page, made
// data "argil_videos" (and the lost-create lookup) read pages without end. At the default rate
// (no RequestsPerSecond given), each ends with a clear error after one or two requests.
func TestEndlessVideoListsEndWithAClearError(t *testing.T) {
	for name, tc := range map[string]struct {
		page      func(n int) (any, http.Header)
		bound     string
		requests  int32
		wantWords string
	}{
		"a billion pages announced": {
			page:      func(n int) (any, http.Header) { return videoPage(idsOf(n, 50), 1_000_000_000), nil },
			bound:     BoundAnnouncedPages,
			requests:  1,
			wantWords: "announces 1000000000 pages",
		},
		"the same page again and again": {
			page:      func(int) (any, http.Header) { return videoPage(idsOf(1, 50), 0), nil },
			bound:     BoundNoNewIDs,
			requests:  2,
			wantWords: "page 2 brings no item",
		},
		"the same page, announcing more pages": {
			page:      func(int) (any, http.Header) { return videoPage(idsOf(1, 50), 900), nil },
			bound:     BoundNoNewIDs,
			requests:  2,
			wantWords: "does not advance",
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv, calls := hostileList(t, tc.page)
			c, err := New(Config{BaseURL: srv.URL + "/v1", APIKey: testKey})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			videos, err := c.ListAllVideos(context.Background(), ListVideosParams{})
			var bound *ListBoundError
			if !errors.As(err, &bound) || bound.Bound != tc.bound || !strings.Contains(err.Error(), tc.wantWords) || !strings.HasPrefix(err.Error(), "GET /videos: ") {
				t.Fatalf("err = %v, want the %q bound", err, tc.bound)
			}
			if videos != nil {
				t.Errorf("%d videos returned with the error, want none (a partial list is not the list)", len(videos))
			}
			if n := calls.Load(); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
			t.Logf("%s: %v after %d request(s) in %s", name, err, calls.Load(), time.Since(start).Round(time.Millisecond))
		})
	}
}

// A list whose pages keep bringing new items without announcing an end stops at MaxListPages.
func TestListsStopAtThePageCap(t *testing.T) {
	srv, calls := hostileList(t, func(n int) (any, http.Header) { return videoPage(idsOf(n, 2), 0), nil })
	c, err := New(Config{BaseURL: srv.URL + "/v1", APIKey: testKey, RequestsPerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListAllVideos(context.Background(), ListVideosParams{})
	var bound *ListBoundError
	if !errors.As(err, &bound) || bound.Bound != BoundPages || !strings.Contains(err.Error(), "still more pages after 1000 pages") {
		t.Fatalf("err = %v, want the page cap", err)
	}
	if n := calls.Load(); n != MaxListPages {
		t.Errorf("%d requests, want %d", n, MaxListPages)
	}
}

// Big pages of new items stop at MaxListBytes, all pages together.
func TestListsStopAtTheByteBudget(t *testing.T) {
	filler := strings.Repeat("x", 4<<20) // each page is about 4 MiB
	srv, calls := hostileList(t, func(n int) (any, http.Header) {
		v := map[string]any{"id": fmt.Sprintf("big-%d", n), "name": filler, "status": "DONE"}
		return map[string]any{"videos": []map[string]any{v}, "totalPages": 0}, nil
	})
	c, err := New(Config{BaseURL: srv.URL + "/v1", APIKey: testKey, RequestsPerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListAllVideos(context.Background(), ListVideosParams{})
	var bound *ListBoundError
	if !errors.As(err, &bound) || bound.Bound != BoundBytes || !strings.Contains(err.Error(), "more than 64 MiB") {
		t.Fatalf("err = %v, want the byte budget", err)
	}
	if n := calls.Load(); n < 15 || n > 17 {
		t.Errorf("%d requests of 4 MiB, want 16 or so (64 MiB)", n)
	}
}

// The assets and subtitle styles walks have the same bounds.
func TestAssetAndStyleListsAreBounded(t *testing.T) {
	assets, assetCalls := hostileList(t, func(int) (any, http.Header) {
		return []map[string]any{{"id": "a1", "type": "IMAGE", "status": "READY"}}, http.Header{"X-Total-Pages": {"50"}}
	})
	c, err := New(Config{BaseURL: assets.URL + "/v1", APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.ListAllAssets(context.Background(), ListAssetsParams{PageSize: 1})
	var bound *ListBoundError
	if !errors.As(err, &bound) || bound.Bound != BoundNoNewIDs || !strings.HasPrefix(err.Error(), "GET /assets: ") || assetCalls.Load() != 2 {
		t.Errorf("assets: %v after %d requests, want the no-new-ids bound after 2", err, assetCalls.Load())
	}

	styles, styleCalls := hostileList(t, func(int) (any, http.Header) {
		return map[string]any{"items": []map[string]any{{"id": "s1", "name": "Bold"}}, "totalPages": 5000}, nil
	})
	c2, err := New(Config{BaseURL: styles.URL + "/v1", APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c2.ListAllSubtitleStyles(context.Background())
	if !errors.As(err, &bound) || bound.Bound != BoundAnnouncedPages || !strings.HasPrefix(err.Error(), "GET /subtitles: ") || styleCalls.Load() != 1 {
		t.Errorf("subtitle styles: %v after %d requests, want the announced-pages bound after 1", err, styleCalls.Load())
	}
}

// pagedVideos serves count videos (ids "v-0" ... in order) at per a page, announcing the
// number of pages as GET /videos does.
func pagedVideos(count, per int) func(n int) (any, http.Header) {
	pages := (count + per - 1) / per
	return func(n int) (any, http.Header) {
		var ids []string
		for i := (n - 1) * per; i < n*per && i < count; i++ {
			ids = append(ids, fmt.Sprintf("v-%d", i))
		}
		return videoPage(ids, pages), nil
	}
}

// A consumer of StreamVideos that stops reading stops the walk: no page is requested beyond
// the one that holds the last video it took.
func TestStreamVideosReadsOnlyThePagesTheConsumerTakes(t *testing.T) {
	for _, tc := range []struct {
		take, wantVideos int
		wantRequests     int32
	}{
		{take: 5, wantVideos: 5, wantRequests: 1},
		{take: 50, wantVideos: 50, wantRequests: 1},    // the whole first page, and not one more
		{take: 51, wantVideos: 51, wantRequests: 2},    // one video past the first page
		{take: 1000, wantVideos: 120, wantRequests: 3}, // everything: the walk ends on the announced last page
	} {
		t.Run(fmt.Sprintf("take %d", tc.take), func(t *testing.T) {
			srv, calls := hostileList(t, pagedVideos(120, 50))
			c, err := New(Config{BaseURL: srv.URL + "/v1", APIKey: testKey, RequestsPerSecond: -1})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for v, err := range c.StreamVideos(context.Background(), ListVideosParams{}) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, v.ID)
				if len(got) == tc.take {
					break
				}
			}
			if len(got) != tc.wantVideos || got[0] != "v-0" || got[len(got)-1] != fmt.Sprintf("v-%d", tc.wantVideos-1) {
				t.Errorf("got %d videos (%s ... %s), want v-0 ... v-%d", len(got), got[0], got[len(got)-1], tc.wantVideos-1)
			}
			if n := calls.Load(); n != tc.wantRequests {
				t.Errorf("%d page requests, want %d", n, tc.wantRequests)
			}
		})
	}
}

// The assets stream stops the same way (pages announced in headers).
func TestStreamAssetsReadsOnlyThePagesTheConsumerTakes(t *testing.T) {
	srv, calls := hostileList(t, func(n int) (any, http.Header) {
		page := make([]map[string]any, 2)
		for i := range page {
			page[i] = map[string]any{"id": fmt.Sprintf("a-%d-%d", n, i), "type": "IMAGE", "status": "READY"}
		}
		return page, http.Header{"X-Total-Pages": {"4"}, "X-Page-Size": {"2"}}
	})
	c, err := New(Config{BaseURL: srv.URL + "/v1", APIKey: testKey, RequestsPerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	taken := 0
	for _, err := range c.StreamAssets(context.Background(), ListAssetsParams{PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if taken++; taken == 3 {
			break
		}
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d page requests for 3 assets at 2 a page, want 2", n)
	}
	all, total, err := c.ListAllAssets(context.Background(), ListAssetsParams{PageSize: 2})
	if err != nil || len(all) != 8 || total != 8 {
		t.Errorf("ListAllAssets: %d assets, total %d, err %v; want the 8 assets of the 4 pages", len(all), total, err)
	}
}

// fakePages is a fetch of walk over in-memory pages, counting the fetches.
func fakePages[T any](pages func(n int) page[T], fetches *int) func(context.Context, int) (page[T], error) {
	return func(_ context.Context, n int) (page[T], error) {
		*fetches++
		return pages(n), nil
	}
}

// streamed reads a walk to its end, or until take items: the items, and the error it ended with.
func streamed[T any](items iter.Seq2[T, error], take int) ([]T, error) {
	var got []T
	for it, err := range items {
		if err != nil {
			return got, err
		}
		got = append(got, it)
		if len(got) == take {
			break
		}
	}
	return got, nil
}

// The stream keeps each id once across pages (an item shifted onto the next page while the
// pages are read), keeps items without an id, and stops at the page the server names last.
func TestWalkYieldsEachIDOnce(t *testing.T) {
	fetches := 0
	items := walk(context.Background(), "GET /things", func(s string) string { return strings.TrimSuffix(s, "?") },
		fakePages(func(n int) page[string] {
			return map[int]page[string]{
				1: {items: []string{"a", "b", "c"}, totalPages: 3},
				2: {items: []string{"c", "d", "?", "a"}, totalPages: 3}, // "?" has no id
				3: {items: []string{"e", "?"}, totalPages: 3},
			}[n]
		}, &fetches))
	got, err := streamed(items, 0)
	if err != nil || strings.Join(got, ",") != "a,b,c,d,?,e,?" || fetches != 3 {
		t.Errorf("got %q, %v after %d fetches; want a,b,c,d,?,e,? after 3", got, err, fetches)
	}
}

// Every bound still fires on a stream, after the items of the pages before it and with no
// fetch after it; and a consumer that stops before a bound is reached never sees it.
func TestWalkBoundsEndTheStream(t *testing.T) {
	ids := func(n, count int) page[string] { return page[string]{items: idsOf(n, count)} }
	for name, tc := range map[string]struct {
		pages        func(n int) page[string]
		spend        int // bytes each fetch takes from the read budget
		take         int
		bound        string
		wantItems    int
		wantFetches  int
		wantNoErrors bool
	}{
		"a billion pages announced: no item": {
			pages: func(n int) page[string] { p := ids(n, 10); p.totalPages = 1_000_000_000; return p },
			bound: BoundAnnouncedPages, wantItems: 0, wantFetches: 1,
		},
		"the same page again: its items once, then the error": {
			pages: func(int) page[string] { return ids(1, 10) },
			bound: BoundNoNewIDs, wantItems: 10, wantFetches: 2,
		},
		"endless new pages: the page cap": {
			pages: func(n int) page[string] { return ids(n, 1) },
			bound: BoundPages, wantItems: MaxListPages, wantFetches: MaxListPages,
		},
		"big pages: the byte budget": {
			pages: func(n int) page[string] { return ids(n, 1) },
			spend: 8 << 20,
			bound: BoundBytes, wantItems: 8, wantFetches: 9,
		},
		"the consumer stops before the page cap": {
			pages: func(n int) page[string] { return ids(n, 1) },
			take:  3, wantItems: 3, wantFetches: 3, wantNoErrors: true,
		},
	} {
		t.Run(name, func(t *testing.T) {
			fetches := 0
			items := walk(context.Background(), "GET /things", func(s string) string { return s },
				func(ctx context.Context, n int) (page[string], error) {
					fetches++
					if tc.spend > 0 && !spendReadBudget(ctx, tc.spend) {
						return page[string]{}, errReadBudget
					}
					return tc.pages(n), nil
				})
			got, err := streamed(items, tc.take)
			var bound *ListBoundError
			switch {
			case tc.wantNoErrors && err != nil:
				t.Errorf("err = %v, want none", err)
			case !tc.wantNoErrors && (!errors.As(err, &bound) || bound.Bound != tc.bound || !strings.HasPrefix(err.Error(), "GET /things: ")):
				t.Errorf("err = %v, want the %q bound", err, tc.bound)
			}
			if len(got) != tc.wantItems || fetches != tc.wantFetches {
				t.Errorf("%d items after %d fetches, want %d after %d", len(got), fetches, tc.wantItems, tc.wantFetches)
			}
		})
	}
}

// A request that fails on page 2 ends the stream with its error, after page 1's videos; the
// ListAll* form returns none of them.
func TestStreamVideosEndsWithTheErrorOfALaterPage(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("page") != "1" {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"code":"BAD_REQUEST","message":"page out of range"}`))
			return
		}
		_ = json.NewEncoder(w).Encode(videoPage(idsOf(1, 50), 3))
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL + "/v1", APIKey: testKey, RequestsPerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	got, err := streamed(c.StreamVideos(context.Background(), ListVideosParams{}), 0)
	if len(got) != 50 || err == nil || !strings.Contains(err.Error(), "page out of range") {
		t.Errorf("%d videos, err %v; want page 1's 50, then the error of page 2", len(got), err)
	}
	all, err := c.ListAllVideos(context.Background(), ListVideosParams{})
	if all != nil || err == nil {
		t.Errorf("ListAllVideos: %d videos, err %v; want none and the error", len(all), err)
	}
}
