// Package poll decides when a waiter reads an object again (Schedule) and gives it an
// injectable clock (Clock, RealClock, Sleep).
//
// # The guarantee
//
// After an observation at elapsed time t (counted from the start of the work), the next GET
// comes within
//
//	Bound(t) = clamp(Growth × t, MinInterval, MaxInterval) = clamp(25% of t, 1 s, 10 s)
//
// and only a server's Retry-After can push it later. A render that ends at T is thus seen
// within max(1 s, 25% of T), never more than 10 s late. The schedule reads no status and no
// duration, so the bound holds however fast or slow Argil renders.
//
// # The delay
//
// Next returns f × Growth × t, clamped to [MinInterval, MaxInterval], with
// f = (1 − Margin) × (1 − Jitter × u), u uniform in [0, 1): 85.5% to 90% of the bound by
// default. The margin covers the GET's own time, the wait for the rate budget and a clock
// started a little off; the jitter keeps waiters started together out of step. Neither applies
// at the floor or the cap. The zero Config is the plain clamp.
//
// The first delay is MinInterval, except for a Schedule whose first observation has no Status
// (the waiter adopts work already in flight and has read nothing): 0, since it may be done.
//
// # Use
//
// One Schedule serves one wait, from one goroutine: pass the first answer as the first
// observation, call Next once per response (a failed GET too, with its Retry-After), in order,
// and Sleep for what it returns.
//
// cmd/pollsim simulates the schedule over thousands of renders; its tests pin the guarantee
// and the GET cost, and README.md shows its tables.
package poll
