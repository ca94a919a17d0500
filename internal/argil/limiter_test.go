package argil

import (
	"context"
	"sync"
	"testing"
	"time"
)

// fakeNow is a settable clock for the limiter.
type fakeNow struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeNow) now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.t }

func (f *fakeNow) add(d time.Duration) { f.mu.Lock(); defer f.mu.Unlock(); f.t = f.t.Add(d) }

func TestLimiterHalvesOncePerPauseAndRecovers(t *testing.T) {
	clock := &fakeNow{t: time.Unix(0, 0)}
	l := newLimiter(10, clock.now)
	l.throttled(time.Second)
	if r := l.currentRate(); r != 5 {
		t.Fatalf("rate after a 429 = %v, want 5", r)
	}
	// More 429s for requests that were in flight when the first one came back.
	clock.add(100 * time.Millisecond)
	l.throttled(time.Second)
	l.throttled(time.Second)
	if r := l.currentRate(); r != 5 {
		t.Fatalf("rate after 429s within the pause = %v, want still 5 (halved once)", r)
	}
	// A 429 after the pause is news: halve again.
	clock.add(2 * time.Second)
	l.throttled(time.Second)
	if r := l.currentRate(); r != 2.75 {
		t.Fatalf("rate after a second congestion = %v, want half of 5.5 (5 plus 1s of recovery after the first pause)", r)
	}
	// Recovery, from the end of the pause: 5% of 10/s per second, up to the configured rate.
	before := l.currentRate()
	clock.add(time.Second + 4*time.Second)
	if r := l.currentRate(); r < before+1.9 || r > before+2.1 {
		t.Fatalf("rate after 4s = %v, want %v + 2", r, before)
	}
	clock.add(time.Minute)
	if r := l.currentRate(); r != 10 {
		t.Fatalf("rate after a quiet minute = %v, want the configured 10", r)
	}
}

func TestLimiterNeverGoesBelowTheFloor(t *testing.T) {
	clock := &fakeNow{t: time.Unix(0, 0)}
	l := newLimiter(1, clock.now)
	for range 20 {
		l.throttled(0)
		clock.add(time.Millisecond)
	}
	if r := l.currentRate(); r < minRate {
		t.Fatalf("rate %v below the floor %v", r, minRate)
	}
}

func TestLimiterRecallsSlotsBookedBeforeA429(t *testing.T) {
	l := newLimiter(1, time.Now) // one request per second, burst 1
	l.reserve()                  // the burst is used
	done := make(chan time.Time, 1)
	start := time.Now()
	go func() {
		_ = l.wait(context.Background()) // booked for ~1s from now
		done <- time.Now()
	}()
	time.Sleep(100 * time.Millisecond)
	l.throttled(1500 * time.Millisecond) // a 429 elsewhere: pause 1.5s, rate 0.5/s
	got := (<-done).Sub(start)
	if got < 1500*time.Millisecond {
		t.Fatalf("a slot booked before the 429 was used after %s, inside the 1.5s pause", got)
	}
}

func TestLimiterWithoutBucketStillPauses(t *testing.T) {
	clock := &fakeNow{t: time.Unix(0, 0)}
	l := newLimiter(-1, clock.now)
	if d, _, _ := l.reserve(); d != 0 {
		t.Fatalf("disabled limiter waits %s", d)
	}
	l.throttled(2 * time.Second)
	if d, _, _ := l.reserve(); d != 2*time.Second {
		t.Fatalf("disabled limiter after a 429: waits %s, want the 2s Retry-After", d)
	}
}

// Callers queued behind a 429 book their slots at the halved rate. As the rate grows back,
// they must book again at the new rate instead of keeping the slow slots for as long as the
// queue lasts.
func TestLimiterRebooksQueuedSlotsAsTheRateRecovers(t *testing.T) {
	clock := &fakeNow{t: time.Unix(0, 0)}
	l := newLimiter(10, clock.now)
	l.throttled(0) // 5/s, no pause
	var last time.Duration
	var epoch int
	var changed <-chan struct{}
	for range 50 {
		last, epoch, changed = l.reserve()
	}
	if last < 8*time.Second {
		t.Fatalf("50th slot at 5/s in %s, want about 9s", last)
	}
	clock.add(time.Second) // 5.5/s: less than 10% of the configured rate gained
	if l.stale(epoch) {
		t.Fatal("slots recalled after the rate grew by 0.5/s, less than the 1/s step")
	}
	clock.add(2 * time.Second) // 6.5/s
	if !l.stale(epoch) {
		t.Fatal("slots booked at 5/s were not recalled once the rate grew back to 6.5/s")
	}
	select {
	case <-changed:
	default:
		t.Fatal("the callers waiting on recalled slots were not woken")
	}
	// 15 requests went out in 3s at 5/s; the other 35 book again. The last one waits 35
	// intervals at 6.5/s (5.4s), not the 6s left of its old slot.
	for range 35 {
		last, _, _ = l.reserve()
	}
	rate := 6.5
	if want := time.Duration(35 / rate * float64(time.Second)); last < want-50*time.Millisecond || last > want+50*time.Millisecond {
		t.Fatalf("last rebooked slot in %s, want about %s", last, want)
	}
}

func TestLimiterWaitingCallerPicksUpTheRecoveredRate(t *testing.T) {
	defer func(d time.Duration) { recheckEvery = d }(recheckEvery)
	recheckEvery = 5 * time.Millisecond
	clock := &fakeNow{t: time.Unix(0, 0)}
	l := newLimiter(10, clock.now)
	l.throttled(0) // 5/s
	for range 100 {
		l.reserve() // a queue of 20 s at 5/s
	}
	done := make(chan error, 1)
	go func() { done <- l.wait(context.Background()) }()
	time.Sleep(20 * time.Millisecond)
	clock.add(4 * time.Second) // 7/s: the queue (now 16 s long) is booked again
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a caller booked 20s out at 5/s was still waiting 2s after the rate grew back to 7/s")
	}
}
