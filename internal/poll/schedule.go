package poll

import (
	"math/rand/v2"
	"time"
)

// Observation is what the waiter learned from its latest GET (or the render POST).
type Observation struct {
	Elapsed    time.Duration // since the render started (the wait began)
	Status     string        // status as returned by the API; "" before the first answer
	RetryAfter time.Duration // server-requested delay on the latest response, 0 if none
}

// Schedule decides how long a waiter sleeps before its next GET. One Schedule serves one wait
// and is not safe for concurrent use. The package documentation explains the rule.
type Schedule struct {
	cfg    Config
	rnd    *rand.Rand
	called bool // set by the first call of Next
}

// NewSchedule returns a Schedule for one wait. It never fails: zero MinInterval, MaxInterval
// and Growth take their defaults, and values that Config.Validate rejects are replaced by
// defaults. rnd draws the jitter; when nil, the Schedule uses a private source with a random
// seed. rnd must not be shared with another goroutine.
func NewSchedule(c Config, rnd *rand.Rand) *Schedule {
	if rnd == nil {
		rnd = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	return &Schedule{cfg: c.normalized(), rnd: rnd}
}

// Next returns how long to wait before the next GET, given the latest observation. Call it
// once per response (successful or not), in order.
//
// The result is at most Bound(o.Elapsed), unless the server asked for more with Retry-After:
// it is at least o.RetryAfter. It is at least MinInterval, with one exception: the first call
// of a Schedule whose observation has no Status (the waiter has not read the Video yet, e.g.
// it adopts a render already in flight) returns 0, because the render may well be DONE.
func (s *Schedule) Next(o Observation) time.Duration {
	first := !s.called
	s.called = true
	if first && o.Status == "" {
		return max(0, o.RetryAfter)
	}
	c := &s.cfg
	// The delay aims at (1 - Margin) of the bound, minus up to Jitter of that.
	f := (1 - c.Margin) * (1 - c.Jitter*s.rnd.Float64())
	d := time.Duration(f * c.Growth * float64(max(o.Elapsed, 0)))
	d = min(max(d, c.MinInterval), c.MaxInterval)
	return max(d, o.RetryAfter)
}
