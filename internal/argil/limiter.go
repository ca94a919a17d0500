package argil

import (
	"context"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// Adaptive rate settings of the limiter.
const (
	// quietPeriod: a 429 that comes this long after the previous one is isolated (a request
	// that reached the server a little early, a short spike elsewhere): it pauses every caller
	// for its Retry-After but keeps the rate. A 429 within quietPeriod of the previous one
	// means the server's limit is below the rate: it halves the rate as well.
	quietPeriod = 10 * time.Second
	// sameEvent: the 429s that come back within this long of the first one (requests that were
	// already on their way) are one event, even without a Retry-After to pause on.
	sameEvent = time.Second
	// recoveryPerSecond is how fast the rate grows back after a cut, as a fraction of the
	// configured rate per second: from half the rate to all of it in 5 seconds.
	recoveryPerSecond = 0.1
	// minRate is the floor of the rate after repeated 429s, in requests per second.
	minRate = 0.2
)

// recheckEvery bounds how long the dispatcher waits for a token before it looks at the rate
// again (which grows back after a cut).
var recheckEvery = 250 * time.Millisecond

// limiter is the rate budget shared by every call of a Client: a token bucket
// (golang.org/x/time/rate) of max requests per second with bursts of max(1, int(rate)), plus
// what the library cannot express, the answer to a 429:
//
//   - A 429 pauses every caller, those already waiting included, for its Retry-After. When the
//     pause ends the bucket is empty: requests resume at the steady rate, not in a burst.
//   - A 429 within quietPeriod of the previous one, or a second 429 in the same event (the
//     429s of requests already on their way when the first came back), also halves the rate,
//     once per event; the rate then grows back by 10% of max per second. A stray 429 keeps
//     the rate, so it costs a batch one Retry-After, while a server whose limit is below the
//     rate keeps seeing it halved.
//
// Callers queue in order and one dispatcher goroutine takes the bucket's tokens for the head
// of the queue. So a pause or a new rate applies at once to every caller still waiting:
// nobody holds a reservation made at an older rate (the library's reservations keep their
// time, and Reservation.Cancel gives tokens back only in reverse order of booking).
type limiter struct {
	clock poll.Clock
	max   float64 // the configured rate; 0 disables the bucket (pauses still apply)

	mu       sync.Mutex
	bucket   *rate.Limiter // nil when max is 0
	cutRate  float64       // the rate right after the last cut; 0 when the rate is max
	cutFrom  time.Time     // the rate grows back from cutRate from this instant (or the pause's end) on
	paused   time.Time     // no request is sent before this instant
	drain    bool          // empty the bucket when the pause ends
	last429  time.Time     // when the last 429 event began
	inEvent  int           // 429s in that event
	eventCut bool          // whether that event cut the rate
	queue    []chan struct{}
	running  bool          // the dispatcher goroutine is alive
	wake     chan struct{} // (buffered, 1) tells the dispatcher that a pause began
}

func newLimiter(rps float64, clock poll.Clock) *limiter {
	l := &limiter{clock: clock, wake: make(chan struct{}, 1)}
	if rps > 0 {
		l.max = rps
		l.bucket = rate.NewLimiter(rate.Limit(rps), burstFor(rps))
	}
	return l
}

func burstFor(rps float64) int { return max(1, int(rps)) }

// rateAt is the rate in force at now: max, or the last cut plus its recovery since. The
// caller holds mu.
func (l *limiter) rateAt(now time.Time) float64 {
	if l.cutRate == 0 {
		return l.max
	}
	r, from := l.cutRate, l.cutFrom
	if l.paused.After(from) {
		from = l.paused // the 429s of the same event extend the pause
	}
	if now.After(from) {
		r += l.max * recoveryPerSecond * now.Sub(from).Seconds()
	}
	if r >= l.max {
		l.cutRate = 0
		return l.max
	}
	return r
}

// wait blocks until the caller may send a request, or ctx ends.
func (l *limiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := l.clock.Now()
	if len(l.queue) == 0 && !now.Before(l.paused) && !l.drain && (l.bucket == nil || l.take(now)) {
		l.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	l.queue = append(l.queue, ch)
	if !l.running {
		l.running = true
		go l.dispatch()
	}
	l.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		l.mu.Lock()
		if i := slices.Index(l.queue, ch); i >= 0 {
			l.queue = slices.Delete(l.queue, i, i+1)
		}
		l.mu.Unlock()
		return ctx.Err()
	}
}

// take brings the bucket to the rate in force and takes a token if there is one. The caller
// holds mu.
func (l *limiter) take(now time.Time) bool {
	if r := rate.Limit(l.rateAt(now)); r != l.bucket.Limit() {
		l.bucket.SetLimitAt(now, r)
		l.bucket.SetBurstAt(now, burstFor(float64(r)))
	}
	return l.bucket.AllowN(now, 1)
}

// dispatch hands slots to the queue, in order, while it is not empty.
func (l *limiter) dispatch() {
	for {
		l.mu.Lock()
		if len(l.queue) == 0 {
			l.running = false
			l.mu.Unlock()
			return
		}
		now := l.clock.Now()
		var wait time.Duration
		switch {
		case now.Before(l.paused):
			wait = l.paused.Sub(now)
		case l.bucket == nil:
			l.drain = false
			l.grant()
		default:
			if l.drain {
				l.drain = false
				l.bucket.AllowN(now, int(l.bucket.TokensAt(now)))
			}
			if l.take(now) {
				l.grant()
			} else {
				wait = time.Duration((1 - l.bucket.TokensAt(now)) / float64(l.bucket.Limit()) * float64(time.Second))
				wait = min(max(wait, time.Millisecond), recheckEvery)
			}
		}
		l.mu.Unlock()
		if wait > 0 {
			select {
			case <-l.clock.After(wait):
			case <-l.wake:
			}
		}
	}
}

// grant hands the next slot to the head of the queue. The caller holds mu.
func (l *limiter) grant() {
	close(l.queue[0])
	l.queue = l.queue[1:]
}

// throttled records a 429: every caller is held back until retryAfter from now (when the
// server gave one), and the rate is halved when the previous 429 event was less than
// quietPeriod ago.
func (l *limiter) throttled(retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	same := now.Before(l.paused) || (!l.last429.IsZero() && now.Sub(l.last429) < sameEvent)
	if until := now.Add(retryAfter); until.After(l.paused) {
		l.paused = until
	}
	l.drain = true
	select {
	case l.wake <- struct{}{}:
	default:
	}
	if same {
		// Several requests refused at once are no stray 429: the server's limit is below
		// the rate.
		if l.inEvent++; l.inEvent == 2 && !l.eventCut {
			l.cut(now)
		}
		return
	}
	isolated := l.last429.IsZero() || now.Sub(l.last429) >= quietPeriod
	l.last429, l.inEvent, l.eventCut = now, 1, false
	if !isolated {
		l.cut(now)
	}
}

// cut halves the rate; it grows back from the end of the pause. The caller holds mu.
func (l *limiter) cut(now time.Time) {
	l.eventCut = true
	if l.max == 0 {
		return
	}
	l.cutRate = max(min(minRate, l.max), l.rateAt(now)/2)
	l.cutFrom = now
	if l.paused.After(now) {
		l.cutFrom = l.paused
	}
}

// currentRate is the rate in force, for tests and logs.
func (l *limiter) currentRate() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rateAt(l.clock.Now())
}

// pauseEnd is when the current pause after a 429 ends (the zero time when there is none).
func (l *limiter) pauseEnd() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.paused
}
