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
