package poll

import (
	"math"
	"math/rand/v2"
	"time"
)

// Statuses of a Video that the schedule understands. Any other value (CONTENT_MODERATED, an
// empty string before the first answer, a status added later) makes the schedule assume
// nothing and fall back to the elapsed-proportional rule.
const (
	StatusIdle            = "IDLE"
	StatusGeneratingAudio = "GENERATING_AUDIO"
	StatusGeneratingVideo = "GENERATING_VIDEO"
	StatusDone            = "DONE"
	StatusFailed          = "FAILED"
)

// Observation is what the waiter learned from its latest GET (or the render POST).
type Observation struct {
	Elapsed       time.Duration // since the wait began
	Status        string        // status as returned by the API
	StatusSince   time.Duration // Elapsed at which the current Status was first seen
	VideoDuration float64       // seconds of video, 0 while unknown
	RetryAfter    time.Duration // server-requested delay on the latest response, 0 if none

	// Stale is true when the latest response carried no Video (a GET that failed, a 429), so
	// that Status is the last one known rather than one read at Elapsed. The schedule then
	// takes no new evidence from Status. The zero value is right for every observation built
	// from a Video.
	Stale bool
}

// Schedule decides how long a waiter sleeps before its next GET. It keeps what it learned
// from earlier observations, so one Schedule serves one wait and is not safe for concurrent
// use. The package documentation explains the rule.
type Schedule struct {
	cfg Config
	rnd *rand.Rand

	// origin is the Elapsed of the first fresh observation of a render in progress (IDLE or
	// GENERATING_*): the render began no later than that. 0 until one is seen.
	origin    time.Duration
	hasOrigin bool
	// lastPre is the latest Elapsed at which a fresh observation reported a status from before
	// the video phase (IDLE, GENERATING_AUDIO); 0 when none was seen.
	lastPre time.Duration
	// called is set by the first call of Next.
	called bool
}

// NewSchedule returns a Schedule for one wait. It never fails: zero MinInterval, MaxInterval
// and Growth take their defaults, and values that Config.Validate rejects are replaced by
// defaults (prediction rules with invalid factors are turned off). rnd draws the jitter; when
// nil, the Schedule uses a private source with a random seed. rnd must not be shared with
// another goroutine.
func NewSchedule(c Config, rnd *rand.Rand) *Schedule {
	if rnd == nil {
		rnd = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	return &Schedule{cfg: c.normalized(), rnd: rnd}
}

// Config returns the configuration the Schedule runs with, defaults filled in.
func (s *Schedule) Config() Config { return s.cfg }

// Next returns how long to wait before the next GET, given the latest observation. Call it
// once per response (successful or not), in order.
//
// The result is at least o.RetryAfter and at most max(MaxInterval, o.RetryAfter). It is at
// least MinInterval, with one exception: the first call of a Schedule whose observation has
// no Status (the waiter has not read the Video yet, e.g. it adopts a render already in
// flight) returns 0, because there is nothing to wait for: the render may well be DONE.
func (s *Schedule) Next(o Observation) time.Duration {
	first := !s.called
	s.called = true
	if first && o.Status == "" {
		return max(0, o.RetryAfter)
	}
	c := &s.cfg
	now := max(o.Elapsed, 0)
	earliest := s.EarliestDone(o)
	// A render that ends at earliest has run at least earliest - origin.
	allowed := max(c.MinInterval, time.Duration(c.Growth*float64(max(earliest-s.origin, 0))))
	// upper is the longest delay after which a DONE at earliest is still seen within allowed.
	upper := earliest + allowed - now
	// Jitter the part above the floor by ±Jitter and cap it at upper again (the latency bound),
	// then at MaxInterval. The floor is what every waiter must keep; a delay far below upper is
	// capped by MaxInterval unjittered, so the long-run rate stays one GET per MaxInterval.
	f := min(1, 1+c.Jitter*(2*s.rnd.Float64()-1))
	d := c.MinInterval + time.Duration(f*float64(max(upper-c.MinInterval, 0)))
	d = min(d, c.MaxInterval)
	return max(d, o.RetryAfter)
}

// EarliestDone records o and returns the earliest Elapsed at which the render can be DONE
// according to everything observed so far: o.Elapsed when nothing is known, later when
// Predict is on and the phase or the Video's duration rule it out. Next calls it; a waiter
// may call it instead of Next to log the prediction, since recording o twice is harmless.
func (s *Schedule) EarliestDone(o Observation) time.Duration {
	c := &s.cfg
	now := max(o.Elapsed, 0)
	var inRender bool
	switch o.Status {
	case StatusIdle, StatusGeneratingAudio:
		inRender = true
		if !o.Stale {
			s.lastPre = max(s.lastPre, now)
		}
	case StatusGeneratingVideo:
		inRender = true
	}
	if inRender && !o.Stale && !s.hasOrigin {
		s.origin, s.hasOrigin = now, true
	}
	if !c.Predict || !inRender {
		return now
	}
	pre := float64(min(s.lastPre, now))
	e := float64(now)
	// Phase rule: the audio phase ran from origin at the latest until lastPre at least; the
	// video phase lasts at least VideoPerAudio times that.
	e = max(e, pre+c.VideoPerAudio*max(pre-float64(s.origin), 0))
	// Duration rule: the video phase starts after lastPre (after Elapsed 0 when the render was
	// never seen before it) and lasts at least MinRenderFactor × duration.
	if d := o.VideoDuration; d > 0 && !math.IsInf(d, 0) {
		e = max(e, pre+c.MinRenderFactor*d*float64(time.Second))
	}
	// Beyond now + horizon every delay is capped anyway; cutting here avoids overflow.
	return time.Duration(min(e, float64(now)+horizonIntervals*float64(c.MaxInterval)))
}

// horizonIntervals bounds how far ahead of now EarliestDone looks, in MaxIntervals. It must be
// large enough that a jittered delay towards it is still above MaxInterval.
const horizonIntervals = 100
