package argil

import (
	"context"
	"sync"
	"time"
)

// Adaptive rate settings of the limiter.
const (
	// recoveryPerSecond is how fast the rate grows back after a 429, as a fraction of the
	// configured rate per second: from half the rate to all of it in 10 seconds.
	recoveryPerSecond = 0.05
	// minRate is the floor of the rate after repeated 429s, in requests per second.
	minRate = 0.2
	// rebookStep: once the rate has grown back by this fraction of the configured rate since
	// the waiting callers booked their slots, they book again at the new rate. Without it, the
	// requests queued behind a 429 (all the reads of a busy apply) would keep the slots of the
	// halved rate for as long as the queue lasts.
	rebookStep = 0.1
)

// recheckEvery bounds how long a caller sleeps on a booked slot before it checks whether the
// recovered rate calls for booking again.
var recheckEvery = time.Second

// limiter is the rate budget shared by every call of a Client. It is a GCRA token bucket
// (rate requests per second, bursts of up to burst requests) that hands out send times in
// order, so no caller starves. It adapts to the server like TCP does to a congested link
// (additive increase, multiplicative decrease): a 429 answer halves the rate and pauses every
// caller for the answer's Retry-After; the rate then grows back by 5% of the configured rate
// per second. After a pause, requests resume at the steady rate, not in a burst, and callers
// that had booked a slot before the 429 book again behind the pause, so the requests of a
// busy apply do not all run into the same limit. Each time the rate has grown back by 10% of
// the configured rate, the callers still waiting book again at the new rate, so that a queue
// booked at the halved rate does not keep it after the rate has recovered.
type limiter struct {
	mu       sync.Mutex
	max      float64       // the configured rate; 0 disables the bucket (pauses still apply)
	rate     float64       // the current rate, in [min(minRate, max), max]
	interval time.Duration // 1/rate
	burst    time.Duration // burst * interval
	tat      time.Time     // theoretical arrival time of the next request
	paused   time.Time     // no request is sent before this instant
	epoch    int           // incremented by every throttle and rebook: booked slots are stale
	booked   float64       // the rate at which the slots waiting now were booked
	changed  chan struct{} // closed (and replaced) by every throttle and rebook, to wake the waiters
	adjusted time.Time     // when rate was last brought up to date
	now      func() time.Time
}

func newLimiter(rate float64, now func() time.Time) *limiter {
	l := &limiter{now: now, changed: make(chan struct{})}
	if rate > 0 {
		l.max = rate
		l.setRate(rate)
	}
	return l
}

// setRate changes the current rate. The caller holds mu (or owns l).
func (l *limiter) setRate(rate float64) {
	if l.booked == 0 || rate < l.booked {
		l.booked = rate
	}
	l.rate = rate
	l.interval = time.Duration(float64(time.Second) / rate)
	burst := int(rate)
	if burst < 1 {
		burst = 1
	}
	l.burst = time.Duration(burst) * l.interval
}

// recover grows the rate back towards max for the time elapsed since the last adjustment,
// not counting a pause. The caller holds mu.
func (l *limiter) recover(now time.Time) {
	from := l.adjusted
	if l.paused.After(from) {
		from = l.paused
	}
	if l.max > 0 && l.rate < l.max && !from.IsZero() && now.After(from) {
		l.setRate(min(l.max, l.rate+l.max*recoveryPerSecond*now.Sub(from).Seconds()))
	}
	if now.After(l.adjusted) {
		l.adjusted = now
	}
	if l.max > 0 && l.rate >= l.booked+rebookStep*l.max && !now.Before(l.paused) {
		// The rate has grown back enough: recall the slots booked at the lower rate. They are
		// booked again one (new) interval apart, the first one interval from now (a request
		// may have just been sent), without a burst.
		l.booked = l.rate
		l.recall()
		l.tat = now.Add(l.burst)
	}
}

// recall makes every booked slot stale and wakes its caller to book again. The caller holds
// mu.
func (l *limiter) recall() {
	l.epoch++
	close(l.changed)
	l.changed = make(chan struct{})
}

// reserve books the next send slot. It returns how long the caller must wait for it, the
// epoch the slot belongs to, and a channel closed if a 429 recalls the slot.
func (l *limiter) reserve() (time.Duration, int, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.max == 0 {
		return max(0, l.paused.Sub(now)), l.epoch, l.changed
	}
	l.recover(now)
	tat := l.tat
	if tat.Before(now) {
		tat = now
	}
	tat = tat.Add(l.interval)
	l.tat = tat
	return max(0, tat.Add(-l.burst).Sub(now), l.paused.Sub(now)), l.epoch, l.changed
}

// stale tells whether the slot of epoch was recalled since it was booked: by a throttle, or
// because the rate has grown back enough (which it brings up to date first).
func (l *limiter) stale(epoch int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recover(l.now())
	return l.epoch != epoch
}

// wait blocks until the caller may send a request, or ctx ends. A caller whose slot was
// booked before a 429, or before the rate grew back (checked every recheckEvery), books a new
// one.
func (l *limiter) wait(ctx context.Context) error {
	for {
		d, epoch, changed := l.reserve()
		deadline := time.Now().Add(d)
		for d > 0 {
			t := time.NewTimer(min(d, recheckEvery))
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-changed:
				t.Stop()
			case <-t.C:
			}
			if l.stale(epoch) {
				break
			}
			d = time.Until(deadline)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !l.stale(epoch) {
			return nil
		}
	}
}

// throttled records a 429: every request of the client is held back until retryAfter from
// now (when the server gave one), and the rate is halved, once per pause: the 429s of
// requests that were already on their way when the first one came back do not halve it
// again. Every booked slot is recalled and booked again behind the pause.
func (l *limiter) throttled(retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	inPause := now.Before(l.paused)
	if l.max > 0 && !inPause {
		l.recover(now)
		l.setRate(max(min(minRate, l.max), l.rate/2))
	}
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
	l.recall()
	if l.max == 0 {
		return
	}
	// The schedule restarts at the end of the pause: the first slot is there, the next ones
	// one (new) interval apart, without a burst.
	start := l.paused
	if start.Before(now) {
		start = now
	}
	l.tat = start.Add(l.burst - l.interval)
}

// currentRate is the rate in force, for tests and logs.
func (l *limiter) currentRate() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recover(l.now())
	return l.rate
}

// pauseEnd is when the current pause after a 429 ends (the zero time when there is none).
func (l *limiter) pauseEnd() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.paused
}
