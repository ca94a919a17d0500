package poll

import "time"

// Test-only views of a Schedule.

// Bound is the longest delay the schedule may choose after an observation at elapsed:
// clamp(Growth × elapsed, MinInterval, MaxInterval), defaults filled in.
func (c Config) Bound(elapsed time.Duration) time.Duration {
	n := c.normalized()
	d := time.Duration(n.Growth * float64(max(elapsed, 0)))
	return min(max(d, n.MinInterval), n.MaxInterval)
}

// Config returns the configuration the Schedule runs with, defaults filled in.
func (s *Schedule) Config() Config { return s.cfg }

// Bound is the guarantee of the schedule: after an observation at elapsed t, the next GET
// comes within max(MinInterval, Growth × t), and never later than MaxInterval (Retry-After
// aside). So a render that ends at T is seen within max(MinInterval, Growth × T), capped at
// MaxInterval, whatever its phases and its video's duration.
func (s *Schedule) Bound(elapsed time.Duration) time.Duration {
	return s.cfg.Bound(elapsed)
}
