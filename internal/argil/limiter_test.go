package argil

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// The limiter's tests run in synctest bubbles: time.Sleep moves the real clock's fake time.

func TestLimiterKeepsTheRateAfterAStray429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(10, poll.RealClock())
		l.throttled(time.Second)
		if r := l.currentRate(); r != 10 {
			t.Fatalf("rate after a stray 429 = %v, want the configured 10", r)
		}
		// Another single 429 more than quietPeriod later is stray too.
		time.Sleep(quietPeriod + time.Second)
		l.throttled(time.Second)
		if r := l.currentRate(); r != 10 {
			t.Fatalf("rate after a 429 %s after the previous one = %v, want 10", quietPeriod+time.Second, r)
		}
		// Several requests refused at once are no stray 429: halve, once for the event.
		time.Sleep(quietPeriod + time.Second)
		for range 5 {
			l.throttled(time.Second)
			time.Sleep(10 * time.Millisecond)
		}
		if r := l.currentRate(); r != 5 {
			t.Fatalf("rate after five 429s in one event = %v, want 5", r)
		}
	})
}

func TestLimiterHalvesOnRepeated429sAndRecoversInSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(10, poll.RealClock())
		l.throttled(time.Second)
		time.Sleep(3 * time.Second)
		l.throttled(time.Second) // 3 s after the first: the server's limit is below the rate
		if r := l.currentRate(); r != 5 {
			t.Fatalf("rate after a second 429 within %s = %v, want 5", quietPeriod, r)
		}
		time.Sleep(500 * time.Millisecond)
		l.throttled(time.Second) // in the same pause: no second cut, but the pause ends later
		if r := l.currentRate(); r != 5 {
			t.Fatalf("rate after a 429 within the pause = %v, want still 5", r)
		}
		// The pause ends 1.5 s after the second 429; the rate grows by 1/s from there.
		time.Sleep(time.Second + time.Second)
		if r := l.currentRate(); r < 5.9 || r > 6.1 {
			t.Fatalf("rate 1 s after the pause = %v, want 6", r)
		}
		time.Sleep(4 * time.Second)
		if r := l.currentRate(); r != 10 {
			t.Fatalf("rate 5 s after the pause = %v, want the configured 10", r)
		}
		// A storm keeps halving, down to the floor.
		for range 40 {
			time.Sleep(2 * time.Second)
			l.throttled(0)
		}
		if r := l.currentRate(); r < minRate || r > 1 {
			t.Fatalf("rate after a storm of 429s = %v, want near the floor %v", r, minRate)
		}
	})
}

// waitAll runs n waits on l at once and returns when each was let through, in start order.
func waitAll(t *testing.T, l *limiter, n int) []time.Duration {
	t.Helper()
	start := time.Now()
	out := make([]time.Duration, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := l.wait(context.Background()); err != nil {
				t.Error(err)
			}
			out[i] = time.Since(start)
		})
	}
	wg.Wait()
	return out
}

func latest(ds []time.Duration) time.Duration {
	var m time.Duration
	for _, d := range ds {
		m = max(m, d)
	}
	return m
}

// A 429 holds back the callers already queued, and the bucket is empty when the pause ends:
// requests resume one interval apart, not in a burst.
func TestLimiterPauseHoldsQueuedCallersAndResumesWithoutABurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(50, poll.RealClock()) // 50/s, burst 50
		waitAll(t, l, 50)                     // the burst is used
		done := make(chan []time.Duration, 1)
		go func() { done <- waitAll(t, l, 10) }()
		time.Sleep(10 * time.Millisecond)
		pausedAt := time.Now()
		l.throttled(300 * time.Millisecond)
		got := <-done
		sinceStart := time.Since(pausedAt)
		first := latest(got)
		// The last of the 10 callers went out at least 300 ms after the 429 plus 9 intervals of
		// 20 ms: a burst would have let all of them through at the end of the pause.
		if sinceStart < 300*time.Millisecond+9*20*time.Millisecond-20*time.Millisecond {
			t.Fatalf("10 queued callers were through %s after a 300 ms pause (latest %s)", sinceStart, first)
		}
	})
}

func TestLimiterWithoutBucketStillPauses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(-1, poll.RealClock())
		start := time.Now()
		waitAll(t, l, 100)
		l.throttled(200 * time.Millisecond)
		waitAll(t, l, 3)
		if d := time.Since(start); d < 200*time.Millisecond {
			t.Fatalf("disabled limiter after a 429: through in %s, want after the 200 ms Retry-After", d)
		}
	})
}

// A caller whose context ends leaves the queue, and the next one is served.
func TestLimiterCancelledCallerLeavesTheQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := newLimiter(1, poll.RealClock()) // 1/s, burst 1
		if err := l.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- l.wait(ctx) }()
		time.Sleep(20 * time.Millisecond)
		cancel()
		if err := <-errc; err != context.Canceled {
			t.Fatalf("cancelled wait = %v", err)
		}
		l.mu.Lock()
		n := len(l.queue)
		l.mu.Unlock()
		if n != 0 {
			t.Fatalf("%d callers left in the queue after the only one was cancelled", n)
		}
		if err := l.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}
