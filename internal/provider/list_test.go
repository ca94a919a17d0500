package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/emulator/emulatortest"
)

// The tests of what the list resources share (list.go): a list block's limit stops the
// reading of pages, the provider's own filters are applied video by video, and an error after
// some results ends the list with it.

// batchSize is how many videos seedBatch seeds: three pages of GET /videos at the list
// resources' 50 a page (the last one short).
const batchSize = 120

// seedBatch seeds batchSize videos "Batch 000" ... "Batch 119", the i-th with status(i), and
// returns their ids newest first, the order in which GET /videos lists them (and so the list
// resources find them).
func seedBatch(e *testEmulator, status func(i int) string) []string {
	ids := make([]string, batchSize)
	for i := range batchSize {
		ids[batchSize-1-i] = e.SeedVideo(emulator.SeedVideo{Name: fmt.Sprintf("Batch %03d", i), Status: status(i)})
	}
	return ids
}

// queryStep is a query step whose PreConfig first checks what the step before it asked of the
// emulator (previous, if not nil), then resets the emulator's counters.
func queryStep(e *testEmulator, previous func(), lists string, checks ...querycheck.QueryResultCheck) resource.TestStep {
	return resource.TestStep{
		PreConfig: func() {
			if previous != nil {
				previous()
			}
			e.ResetCounters()
		},
		Query: true, Config: lists, QueryResultChecks: checks,
	}
}

// pageRequests returns a check that GET /videos was received want times since the last reset.
func pageRequests(t *testing.T, e *testEmulator, what string, want int) func() {
	return func() {
		t.Helper()
		if got := e.Count("GET /videos"); got != want {
			t.Errorf("%s: GET /videos received %d times, want %d", what, got, want)
		}
	}
}

// TestAccVideoList_limitStopsThePaging: 120 videos over three pages of 50. A list block whose
// limit the first page fills makes one page request; a limit that crosses into the second page
// makes two; the results are the newest videos, in order, exactly limit of them.
func TestAccVideoList_limitStopsThePaging(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(0, 0))
	expectNoPosts(t, e)
	ids := seedBatch(e, func(int) string { return "" })

	tc := queryTestCase(t, e, "")
	tc.Steps = []resource.TestStep{
		tc.Steps[0],
		queryStep(e, nil, listBlock("video", "five", "  limit = 5"),
			expectListIDs{"argil_video.five", ids[:5]},
			querycheck.ExpectLength("argil_video.five", 5),
			expectDisplayNames{"argil_video.five", []string{"Batch 119 (IDLE)", "Batch 118 (IDLE)", "Batch 117 (IDLE)", "Batch 116 (IDLE)", "Batch 115 (IDLE)"}}),
		queryStep(e, pageRequests(t, e, "limit = 5", 1), listBlock("video", "fifty", "  limit = 50"),
			expectListIDs{"argil_video.fifty", ids[:50]}),
		queryStep(e, pageRequests(t, e, "limit = 50 (one whole page)", 1), listBlock("video", "crossing", "  limit = 55"),
			expectListIDs{"argil_video.crossing", ids[:55]}),
		// The renders list reads the same pages: the seeded videos were never rendered, so it
		// finds none and reads every page.
		queryStep(e, pageRequests(t, e, "limit = 55", 2), listBlock("video_render", "renders", "  limit = 5"),
			querycheck.ExpectLength("argil_video_render.renders", 0)),
	}
	resource.Test(t, tc)
	pageRequests(t, e, "argil_video_render with no finished render", 3)()
}

// TestAccVideoList_providerFilterWithLimit: the status filter is the provider's (GET /videos
// has none); with a limit, pages are read only until that many matches are found.
func TestAccVideoList_providerFilterWithLimit(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(0, 0))
	expectNoPosts(t, e)
	// Newest first, the DONE videos are at positions 10 and 40 (page 1), 60 (page 2) and 110
	// (page 3).
	done := map[int]bool{109: true, 79: true, 59: true, 9: true}
	ids := seedBatch(e, func(i int) string {
		if done[i] {
			return emulator.StatusDone
		}
		return ""
	})
	doneIDs := []string{ids[10], ids[40], ids[60], ids[110]}

	tc := queryTestCase(t, e, "")
	tc.Steps = []resource.TestStep{
		tc.Steps[0],
		queryStep(e, nil, listBlock("video", "two_done", `  limit = 2
  config { status = "DONE" }`),
			expectListIDs{"argil_video.two_done", doneIDs[:2]}),
		queryStep(e, pageRequests(t, e, "two DONE videos, both on page 1", 1), listBlock("video", "three_done", `  limit = 3
  config { status = "DONE" }`),
			expectListIDs{"argil_video.three_done", doneIDs[:3]}),
		// A finished render is a DONE video: the renders list filters the same way.
		queryStep(e, pageRequests(t, e, "three DONE videos, the third on page 2", 2), listBlock("video_render", "three", "  limit = 3"),
			expectListIDs{"argil_video_render.three", doneIDs[:3]}),
		queryStep(e, pageRequests(t, e, "three finished renders, the third on page 2", 2), listBlock("video", "all_done", `  config { status = "DONE" }`),
			expectListIDs{"argil_video.all_done", doneIDs}),
	}
	resource.Test(t, tc)
	pageRequests(t, e, "every DONE video (fewer than the limit): every page", 3)()
}

// TestAccVideoList_limitBoundsResourceReads: with include_resource, a listed video that lacks
// what an import needs is read on its own (GET /videos/{id}); with a limit, only the videos
// returned are, and only their page is requested.
func TestAccVideoList_limitBoundsResourceReads(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{ShortListItems: true})
	expectNoPosts(t, e)
	ids := seedBatch(e, func(int) string { return "" })
	e.ResetCounters()
	resource.Test(t, queryTestCase(t, e, listBlock("video", "full", "  limit = 3\n  include_resource = true"),
		expectListIDs{"argil_video.full", ids[:3]},
		expectResourceObject{"argil_video.full", ids[0], func(o map[string]any) error {
			if o["aspect_ratio"] != "16:9" || o["name"] != "Batch 119" {
				return fmt.Errorf("name %v, aspect_ratio %v: want Batch 119 read from GET /videos/{id}", o["name"], o["aspect_ratio"])
			}
			return nil
		}},
	))
	if n := e.Count("GET /videos/{id}"); n != 3 {
		t.Errorf("GET /videos/{id} received %d times, want 3: one per result", n)
	}
	pageRequests(t, e, "limit = 3 with include_resource", 1)()
}

// TestAccVideoList_errorAfterResults: page 2 of GET /videos fails (a 400 the client does not
// retry). A list whose limit page 1 fills never asks for page 2 and succeeds; a list that needs
// page 2 ends, after page 1's 50 results, with an error that names the failure and says the
// list is incomplete, and terraform query fails.
func TestAccVideoList_errorAfterResults(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var pages []string
	srv := emulatortest.Serve(emulator.Options{APIKey: testAPIKey, Seed: 7}, func(em *emulator.Emulator) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && r.URL.Path == "/v1/videos" {
				page := r.URL.Query().Get("page")
				mu.Lock()
				pages = append(pages, page)
				mu.Unlock()
				if page == "2" {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusBadRequest)
					_, _ = w.Write([]byte(`{"code":"BAD_REQUEST","message":"page 2 is out of reach"}`))
					return
				}
			}
			em.ServeHTTP(w, r)
		})
	})
	t.Cleanup(srv.Close)
	e := &testEmulator{srv}
	expectNoPosts(t, e)
	ids := seedBatch(e, func(int) string { return "" })

	tc := queryTestCase(t, e, listBlock("video", "first_page", "  limit = 50"),
		expectListIDs{"argil_video.first_page", ids[:50]})
	tc.Steps = append(tc.Steps, resource.TestStep{
		PreConfig: func() {
			mu.Lock()
			defer mu.Unlock()
			if !slices.Equal(pages, []string{"1"}) {
				t.Errorf("limit = 50 requested the pages %q, want only page 1", pages)
			}
			pages = nil
		},
		Query:       true,
		Config:      listBlock("video", "everything", "  limit = 1000"),
		ExpectError: regexp.MustCompile(`(?s)Cannot list the Argil videos.*page 2 is out of reach.*stopped after 50\s+result\(s\): it is\s+incomplete, and\s+Terraform\s+shows\s+none`),
	})
	resource.Test(t, tc)
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(pages, []string{"1", "2"}) {
		t.Errorf("the failing list requested the pages %q, want 1 then 2 (and no page after the error)", pages)
	}
}
