package argil

import (
	"context"
	"sync"
	"time"
)

// limiter is the rate budget shared by every call of a Client. It is a GCRA token bucket
// (rate requests per second, bursts of up to burst requests) that hands out send times in
// order, so no caller starves, plus a pause that a 429 answer sets for every caller: after a
// pause, requests resume at the steady rate, not in a burst.
type limiter struct {
	mu       sync.Mutex
	interval time.Duration // 1/rate; 0 disables the bucket
	burst    time.Duration // burst * interval
	tat      time.Time     // theoretical arrival time of the next request
	paused   time.Time     // used when the bucket is disabled
	now      func() time.Time
}

func newLimiter(rate float64, now func() time.Time) *limiter {
	l := &limiter{now: now}
	if rate > 0 {
		l.interval = time.Duration(float64(time.Second) / rate)
		burst := int(rate)
		if burst < 1 {
			burst = 1
		}
		l.burst = time.Duration(burst) * l.interval
	}
	return l
}

// reserve books the next send slot and returns how long the caller must wait for it.
func (l *limiter) reserve() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.interval == 0 {
		return max(0, l.paused.Sub(now))
	}
	tat := l.tat
	if tat.Before(now) {
		tat = now
	}
	tat = tat.Add(l.interval)
	l.tat = tat
	return max(0, tat.Add(-l.burst).Sub(now))
}

// wait blocks until the caller may send a request, or ctx ends.
func (l *limiter) wait(ctx context.Context) error {
	d := l.reserve()
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// pauseFor holds every request of the client back until d from now (a 429's Retry-After).
// Slots already handed out are not recalled; new ones start after the pause.
func (l *limiter) pauseFor(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	until := l.now().Add(d)
	if l.interval == 0 {
		if until.After(l.paused) {
			l.paused = until
		}
		return
	}
	// The first new slot is at until, the next ones one interval apart.
	if t := until.Add(l.burst - l.interval); t.After(l.tat) {
		l.tat = t
	}
}
