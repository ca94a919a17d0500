package argil

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
