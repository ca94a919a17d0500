package argil_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// startSharedEmulator starts an emulator, optionally behind wrap, and a client with
// ListRefresh on (or off).
func startSharedEmulator(t *testing.T, audio, video time.Duration, listRefresh bool, wrap func(http.Handler) http.Handler) (*emulator.Emulator, *argil.Client) {
	return startEmu(t, emulator.Options{AudioPhase: audio, VideoPhase: video, Seed: 1}, func(cfg *argil.Config) {
		cfg.RequestsPerSecond, cfg.ListRefresh = -1, listRefresh
	}, wrap)
}

// waitAll renders every video and waits for all of them at once. It returns each wait's
// final video, error and status changes.
func waitAll(t *testing.T, c *argil.Client, ids []string) ([]*argil.Video, []error, [][]string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	firsts := make([]*argil.Video, len(ids))
	for i, id := range ids {
		v, err := c.RenderVideo(ctx, id, argil.RenderArgs{})
		if err != nil {
			t.Fatal(err)
		}
		firsts[i] = v
	}
	videos, errs, changes := make([]*argil.Video, len(ids)), make([]error, len(ids)), make([][]string, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			var log statusLog
			videos[i], errs[i] = c.WaitForRender(ctx, id, firsts[i], argil.WaitOptions{Schedule: fastSchedule(), OnChange: log.onChange})
			changes[i] = log.statuses
		})
	}
	wg.Wait()
	return videos, errs, changes
}

func seedN(e *emulator.Emulator, n int, name string) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = e.SeedVideo(emulator.SeedVideo{Name: fmt.Sprintf("%s %d", name, i)})
	}
	return ids
}

func TestConcurrentWaitsShareListPages(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 8
		// The same renders, polled each on its own, then through shared pages.
		eOwn, cOwn := startSharedEmulator(t, 100*time.Millisecond, 250*time.Millisecond, false, nil)
		_, errs, _ := waitAll(t, cOwn, seedN(eOwn, n, "own"))
		for i, err := range errs {
			if err != nil {
				t.Fatalf("own polls, wait %d: %v", i, err)
			}
		}
		own := eOwn.Count("GET /videos/{id}")

		e, c := startSharedEmulator(t, 100*time.Millisecond, 250*time.Millisecond, true, nil)
		videos, errs, changes := waitAll(t, c, seedN(e, n, "shared"))
		want := []string{"GENERATING_AUDIO", "GENERATING_VIDEO", "DONE"}
		for i := range videos {
			if errs[i] != nil || videos[i] == nil || videos[i].Status != argil.StatusDone || videos[i].VideoURL == "" {
				t.Fatalf("shared pages, wait %d: video %+v, error %v; want DONE with its URL", i, videos[i], errs[i])
			}
			// Under load a page may come only after the short video phase: GENERATING_VIDEO may be
			// missed, nothing else.
			if !slices.Equal(changes[i], want) && !slices.Equal(changes[i], []string{want[0], want[2]}) {
				t.Errorf("shared pages, wait %d: status changes %v, want %v", i, changes[i], want)
			}
		}
		pages, direct := e.Count("GET /videos"), e.Count("GET /videos/{id}")
		t.Logf("%d renders: %d GET /videos/{id} polled on their own; shared: %d pages and %d GET /videos/{id}", n, own, pages, direct)
		// Every render is in the page. A wait decides how to poll when its delay starts, so the
		// first wait to start may find itself alone and poll its own video once.
		if direct > 1 {
			t.Errorf("%d GET /videos/{id} with shared pages, want at most 1: every render is in the page", direct)
		}
		if pages == 0 || pages*3 > own {
			t.Errorf("%d pages for %d renders, want at least one and under a third of the %d GETs they need on their own", pages, n, own)
		}
	})
}

func TestVideosMissingFromThePageArePolledOnTheirOwn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startSharedEmulator(t, 100*time.Millisecond, 250*time.Millisecond, true, nil)
		old := e.SeedVideo(emulator.SeedVideo{Name: "old"})
		seedN(e, 100, "filler") // the page of 100 newest videos no longer holds "old"
		recent := e.SeedVideo(emulator.SeedVideo{Name: "recent"})
		videos, errs, _ := waitAll(t, c, []string{old, recent})
		for i := range videos {
			if errs[i] != nil || videos[i].Status != argil.StatusDone {
				t.Fatalf("wait %d: %+v, %v; want DONE", i, videos[i], errs[i])
			}
		}
		if e.Count("GET /videos") == 0 {
			t.Error("no page was read although two renders were waited on at once")
		}
		if e.Count("GET /videos/{id}") == 0 {
			t.Error("the video missing from the page was never polled on its own")
		}
	})
}

// listOnly rewrites or refuses GET /v1/videos (the list) and passes everything else through.
func listOnly(next http.Handler, list func(w http.ResponseWriter, r *http.Request, next http.Handler)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/v1/videos" {
			list(w, r, next)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func TestAListRequestTheAPIRefusesTurnsPagesOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var refused sync.Mutex
		calls := 0
		e, c := startSharedEmulator(t, 100*time.Millisecond, 250*time.Millisecond, true, func(next http.Handler) http.Handler {
			return listOnly(next, func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
				refused.Lock()
				calls++
				refused.Unlock()
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"code":400,"message":"limit must not exceed 50"}`))
			})
		})
		videos, errs, _ := waitAll(t, c, seedN(e, 3, "refused"))
		for i := range videos {
			if errs[i] != nil || videos[i].Status != argil.StatusDone {
				t.Fatalf("wait %d: %+v, %v; want DONE", i, videos[i], errs[i])
			}
		}
		if calls != 1 {
			t.Errorf("GET /videos was sent %d times, want 1: a refused page request turns pages off", calls)
		}
		if e.Count("GET /videos/{id}") < 3 {
			t.Errorf("%d GET /videos/{id}, want every render polled on its own", e.Count("GET /videos/{id}"))
		}
	})
}

func TestAFailureSeenInAPageIsConfirmedWithTheVideosOwnGET(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// A list that lags: it shows every video FAILED while the videos render fine.
		e, c := startSharedEmulator(t, 100*time.Millisecond, 250*time.Millisecond, true, func(next http.Handler) http.Handler {
			return listOnly(next, func(w http.ResponseWriter, r *http.Request, next http.Handler) {
				rec := httptest.NewRecorder()
				next.ServeHTTP(rec, r)
				var page struct {
					Videos []map[string]any `json:"videos"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
					t.Errorf("emulator list answer: %v", err)
					return
				}
				for _, v := range page.Videos {
					v["status"] = "FAILED"
				}
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(page)
			})
		})
		videos, errs, _ := waitAll(t, c, seedN(e, 2, "lagging list"))
		for i := range videos {
			var failed *argil.WaitFailedError
			if errors.As(errs[i], &failed) {
				t.Fatalf("wait %d ended FAILED on the list's word alone: %v", i, errs[i])
			}
			if errs[i] != nil || videos[i].Status != argil.StatusDone {
				t.Fatalf("wait %d: %+v, %v; want DONE", i, videos[i], errs[i])
			}
		}
		if e.Count("GET /videos") == 0 || e.Count("GET /videos/{id}") == 0 {
			t.Errorf("pages %d, GET /videos/{id} %d; want both: each FAILED in a page is checked with the video's own GET", e.Count("GET /videos"), e.Count("GET /videos/{id}"))
		}
	})
}

func TestSharedPagesRideOutServerErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startSharedEmulator(t, 100*time.Millisecond, 250*time.Millisecond, true, nil)
		ids := seedN(e, 3, "flaky")
		e.SetFaults(emulator.Faults{ErrorRate: 0.5})
		videos, errs, _ := waitAll(t, c, ids)
		for i := range videos {
			if errs[i] != nil || videos[i].Status != argil.StatusDone {
				t.Fatalf("wait %d: %+v, %v; want DONE despite half of the GETs failing", i, videos[i], errs[i])
			}
		}
		if e.Count("GET /videos") == 0 {
			t.Error("no page was read")
		}
	})
}

func TestACancelledWaitLeavesTheOthersSharing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startSharedEmulator(t, 200*time.Millisecond, 400*time.Millisecond, true, nil)
		ids := seedN(e, 3, "cancel")
		bg := context.Background()
		firsts := make([]*argil.Video, len(ids))
		for i, id := range ids {
			v, err := c.RenderVideo(bg, id, argil.RenderArgs{})
			if err != nil {
				t.Fatal(err)
			}
			firsts[i] = v
		}
		short, cancel := context.WithTimeout(bg, 250*time.Millisecond)
		defer cancel()
		var wg sync.WaitGroup
		errs := make([]error, len(ids))
		for i, id := range ids {
			ctx := bg
			if i == 0 {
				ctx = short
			}
			wg.Go(func() {
				_, errs[i] = c.WaitForRender(ctx, id, firsts[i], argil.WaitOptions{Schedule: fastSchedule()})
			})
		}
		wg.Wait()
		var timeout *argil.WaitTimeoutError
		if !errors.As(errs[0], &timeout) {
			t.Errorf("cancelled wait: %v, want a WaitTimeoutError", errs[0])
		}
		for i := 1; i < len(ids); i++ {
			if errs[i] != nil {
				t.Errorf("wait %d: %v, want DONE", i, errs[i])
			}
		}
	})
}
