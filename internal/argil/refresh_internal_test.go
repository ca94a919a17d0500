package argil

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// fakeVideos serves GET /videos and GET /videos/{id} for videos that are DONE after doneAfter
// from the server's start, and counts the requests.
type fakeVideos struct {
	mu        sync.Mutex
	start     time.Time
	doneAfter time.Duration
	ids       []string
	pages     int
	gets      int
}

func (f *fakeVideos) video(id string) Video {
	status := StatusGeneratingVideo
	if time.Since(f.start) >= f.doneAfter {
		status = StatusDone
	}
	return Video{ID: id, Status: status}
}

func (f *fakeVideos) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.URL.Path == "/v1/videos" {
		f.pages++
		page := VideoPage{Videos: []Video{}}
		for _, id := range f.ids {
			page.Videos = append(page.Videos, f.video(id))
		}
		writeTestJSON(w, page)
		return
	}
	f.gets++
	writeTestJSON(w, f.video(r.URL.Path[len("/v1/videos/"):]))
}

func writeTestJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	b, _ := json.Marshal(v)
	_, _ = w.Write(b)
}

// inBubble runs test in a synctest bubble (time.Now and the timers move in fake time) with a
// client of h, which starts at the bubble's start.
func inBubble(t *testing.T, f *fakeVideos, h http.Handler, test func(t *testing.T, c *Client)) {
	synctest.Test(t, func(t *testing.T) {
		f.start = time.Now()
		c, err := New(Config{BaseURL: "http://127.0.0.1/v1", APIKey: "k", RequestsPerSecond: -1, ListRefresh: true, HTTPClient: InProcess(h)})
		if err != nil {
			t.Fatal(err)
		}
		test(t, c)
	})
}

// waitAllDone waits on the render of every video of f at once and wants each DONE.
func waitAllDone(t *testing.T, c *Client, f *fakeVideos) {
	var wg sync.WaitGroup
	for _, id := range f.ids {
		wg.Go(func() {
			sched := poll.NewSchedule(poll.Config{MinInterval: 50 * time.Millisecond, MaxInterval: 100 * time.Millisecond}, nil)
			v, err := c.WaitForRender(context.Background(), id, &Video{ID: id, Status: StatusGeneratingVideo}, WaitOptions{Schedule: sched})
			if err != nil || v.Status != StatusDone {
				t.Errorf("wait %s: %+v, %v; want DONE", id, v, err)
			}
		})
	}
	wg.Wait()
}

func TestRefresherStopsItsLoopWhenNoWaitIsLeft(t *testing.T) {
	f := &fakeVideos{doneAfter: 300 * time.Millisecond, ids: []string{"a", "b", "c"}}
	inBubble(t, f, f, func(t *testing.T, c *Client) {
		waitAllDone(t, c, f)
		deadline := time.Now().Add(2 * time.Second)
		for {
			c.refresher.mu.Lock()
			running, members, wants, pages, listed := c.refresher.running, len(c.refresher.members), len(c.refresher.wants), c.refresher.pages, c.refresher.listed
			c.refresher.mu.Unlock()
			if !running && members == 0 && wants == 0 {
				if listed != 0 {
					t.Errorf("%d waits still counted as sharing pages after every wait ended", listed)
				}
				if pages == 0 {
					t.Error("the three waits never shared a page")
				}
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("2 s after the waits ended: loop running %v, %d members, %d wants", running, members, wants)
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// An API whose GET /videos answer is not a page of videos (here a bare array, the shape of
// other Argil lists) turns pages off after one request: every wait polls its own video.
func TestAListAnswerThatIsNotAPageTurnsPagesOff(t *testing.T) {
	f := &fakeVideos{doneAfter: 200 * time.Millisecond, ids: []string{"a", "b"}}
	var mu sync.Mutex
	lists := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/videos" {
			mu.Lock()
			lists++
			mu.Unlock()
			writeTestJSON(w, []Video{{ID: "a", Status: StatusDone}})
			return
		}
		f.ServeHTTP(w, r)
	})
	inBubble(t, f, h, func(t *testing.T, c *Client) {
		waitAllDone(t, c, f)
		mu.Lock()
		defer mu.Unlock()
		f.mu.Lock()
		defer f.mu.Unlock()
		if lists != 1 || f.gets < 2 {
			t.Errorf("%d GET /videos and %d GET /videos/{id}; want 1 list request, then each video polled on its own", lists, f.gets)
		}
		if !c.refresher.disabled {
			t.Error("pages are still on after an answer that is not a page")
		}
	})
}

func TestPermanentListError(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&APIError{StatusCode: 400}, true},
		{&APIError{StatusCode: 404}, true},
		{&APIError{StatusCode: 401}, true},
		{&APIError{StatusCode: 429}, false},
		{&APIError{StatusCode: 408}, false},
		{&APIError{StatusCode: 503}, false},
		{fmt.Errorf("%w: []", errListShape), true},
		{context.DeadlineExceeded, false},
	} {
		if got := permanentListError(tc.err); got != tc.want {
			t.Errorf("permanentListError(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
