package argil_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// startBatchEmulator starts an emulator holding n DONE videos and a client with pages on (or
// off). It returns the ids, oldest first.
func startBatchEmulator(t *testing.T, opts emulator.Options, n int, pages bool) (*emulator.Emulator, *argil.Client, []string) {
	t.Helper()
	e, c := startEmu(t, opts, func(cfg *argil.Config) {
		cfg.RequestsPerSecond, cfg.ListRefresh, cfg.RetryWaitMin, cfg.RetryWaitMax = -1, pages, 0, 0
	}, nil)
	ids := make([]string, n)
	for i := range ids {
		ids[i] = e.SeedVideo(emulator.SeedVideo{Name: fmt.Sprintf("video %03d", i), Status: "DONE", Extras: map[string]string{"n": fmt.Sprint(i)}})
	}
	return e, c, ids
}

// readAll reads ids ten at a time (terraform's default parallelism), as a plan refreshes
// resources, and returns the videos and errors in the order of ids.
func readAll(t *testing.T, c *argil.Client, ids []string, opts func(id string) argil.ReadOptions) ([]*argil.Video, []error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	videos, errs := make([]*argil.Video, len(ids)), make([]error, len(ids))
	sem := make(chan struct{}, 10)
	var wg sync.WaitGroup
	for i, id := range ids {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			var o argil.ReadOptions
			if opts != nil {
				o = opts(id)
			}
			videos[i], errs[i] = c.ReadVideo(ctx, id, o)
		})
	}
	wg.Wait()
	return videos, errs
}

// A plan's worth of reads (300 videos in state, 1000 in the account) costs the 10 pages of
// the account plus one GET for the one deleted video, whose GET says it is gone; every other
// read is what GET /videos/{id} gives.
func TestReadVideoManyReadsComeFromPagesAndFindTheDeletedVideo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c, ids := startBatchEmulator(t, emulator.Options{}, 1000, true)
		inState := ids[200:500]
		gone := inState[123]
		e.DeleteVideo(gone)
		videos, errs := readAll(t, c, inState, nil)
		lists, gets := e.Count("GET /videos"), e.Count("GET /videos/{id}")
		t.Logf("%d reads: %d pages, %d GETs", len(inState), lists, gets)
		if lists > 10 || gets > 10 || lists+gets > 15 {
			t.Errorf("%d reads cost %d pages and %d GETs; want at most the 10 pages and a few GETs", len(inState), lists, gets)
		}
		plain, err := argil.New(argil.Config{BaseURL: c.BaseURL(), APIKey: emuKey, HTTPClient: argil.InProcess(e), RequestsPerSecond: -1})
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range inState {
			if id == gone {
				if !argil.IsNotFound(errs[i]) {
					t.Errorf("deleted video %s: %v, %v; want the 404 of its own GET", id, videos[i], errs[i])
				}
				continue
			}
			if errs[i] != nil {
				t.Fatalf("video %s: %v", id, errs[i])
			}
			want, err := plain.GetVideo(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(videos[i], want) {
				t.Fatalf("video %s from a page:\n%+v\nwant what GET /videos/{id} gives:\n%+v", id, videos[i], want)
			}
		}
	})
}

// A few reads cost a GET each, never a walk of the list.
func TestReadVideoFewReadsUseGETs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c, ids := startBatchEmulator(t, emulator.Options{}, 500, true)
		for _, id := range ids[:3] {
			if _, err := c.ReadVideo(context.Background(), id, argil.ReadOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		// Three sequential reads: one GET, then page 1 (2 reads already outweigh one page, which
		// holds the 100 newest), then GETs for videos page 1 does not hold (4 pages left).
		if lists, gets := e.Count("GET /videos"), e.Count("GET /videos/{id}"); lists+gets > 4 || lists > 1 {
			t.Errorf("3 reads cost %d pages and %d GETs", lists, gets)
		}
	})
}

// Concurrent reads of one video share one request.
func TestReadVideoConcurrentReadsOfOneVideoShareARequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c, ids := startBatchEmulator(t, emulator.Options{}, 3, false)
		e.SetFaults(emulator.Faults{Latency: 100 * time.Millisecond})
		same := make([]string, 8)
		for i := range same {
			same[i] = ids[1]
		}
		videos, errs := readAll(t, c, same, nil)
		for i := range same {
			if errs[i] != nil || videos[i].ID != ids[1] {
				t.Fatalf("read %d: %+v, %v", i, videos[i], errs[i])
			}
		}
		if n := e.Count("GET /videos/{id}"); n != 1 {
			t.Errorf("8 concurrent reads of one video cost %d GETs, want 1", n)
		}
		videos[0].Name = "changed"
		if videos[1].Name == "changed" {
			t.Error("concurrent readers share one Video value: a caller's change shows in another's")
		}
	})
}

// The docs' list page shows items without previewUrl, aspectRatio and duration. A finished
// video takes them from what the caller knows; without that, the video's own GET reads them.
// Either way the result is what GET /videos/{id} gives.
func TestReadVideoLeanItemsAreCompletedNeverTruncated(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c, ids := startBatchEmulator(t, emulator.Options{ShortListItems: true}, 50, true)
		plain, err := argil.New(argil.Config{BaseURL: c.BaseURL(), APIKey: emuKey, HTTPClient: argil.InProcess(e), RequestsPerSecond: -1})
		if err != nil {
			t.Fatal(err)
		}
		full := map[string]*argil.Video{}
		for _, id := range ids {
			if full[id], err = plain.GetVideo(context.Background(), id); err != nil {
				t.Fatal(err)
			}
		}
		if full[ids[0]].PreviewURL == "" || full[ids[0]].Duration == nil || full[ids[0]].AspectRatio == "" {
			t.Fatalf("the emulator's GET lacks fields the test relies on: %+v", full[ids[0]])
		}
		base := e.Count("GET /videos/{id}")

		// With what the state holds of the finished videos: pages only.
		videos, errs := readAll(t, c, ids, func(id string) argil.ReadOptions {
			return argil.ReadOptions{Known: full[id]}
		})
		for i, id := range ids {
			if errs[i] != nil || !reflect.DeepEqual(videos[i], full[id]) {
				t.Fatalf("video %s completed from Known: %+v, %v\nwant %+v", id, videos[i], errs[i], full[id])
			}
		}
		if gets := e.Count("GET /videos/{id}") - base; gets != 0 {
			t.Errorf("%d GETs although every lean item could be completed from Known", gets)
		}

		// Without it (a data source, or a state from an import): each video's own GET.
		time.Sleep(20 * time.Millisecond)
		base = e.Count("GET /videos/{id}")
		c2, err := argil.New(argil.Config{BaseURL: c.BaseURL(), APIKey: emuKey, HTTPClient: argil.InProcess(e), RequestsPerSecond: -1, ListRefresh: true})
		if err != nil {
			t.Fatal(err)
		}
		videos, errs = readAll(t, c2, ids, nil)
		for i, id := range ids {
			if errs[i] != nil || !reflect.DeepEqual(videos[i], full[id]) {
				t.Fatalf("video %s without Known: %+v, %v\nwant %+v", id, videos[i], errs[i], full[id])
			}
		}
		if gets := e.Count("GET /videos/{id}") - base; gets < len(ids)-10 {
			t.Errorf("%d GETs for %d lean items without Known: a truncated item was used", gets, len(ids))
		}
	})
}

// An answer that is not a page turns pages off for the client: every read, and the waits of
// renders, read each video on its own.
func TestReadVideoFallsBackToGETsWhenTheListIsNotAPage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c, ids := startBatchEmulator(t, emulator.Options{BareArrayList: true}, 40, true)
		videos, errs := readAll(t, c, ids, nil)
		for i, id := range ids {
			if errs[i] != nil || videos[i].ID != id || videos[i].Status != argil.StatusDone {
				t.Fatalf("video %s: %+v, %v", id, videos[i], errs[i])
			}
		}
		if lists := e.Count("GET /videos"); lists != 1 {
			t.Errorf("%d GET /videos, want the 1 that showed the list is not a page", lists)
		}
		if gets := e.Count("GET /videos/{id}"); gets != len(ids) {
			t.Errorf("%d GETs, want one per video (%d)", gets, len(ids))
		}
		readAll(t, c, ids[:20], nil)
		if lists := e.Count("GET /videos"); lists != 1 {
			t.Errorf("pages were tried again after the list was found not to be a page (%d requests)", lists)
		}
	})
}
