// Package poll decides when a waiter polls GET /videos/{id} while an Argil render runs, and
// gives it an injectable clock (Clock, RealClock, FakeClock, Sleep).
//
// # The guarantee
//
// After an observation at elapsed time t (counted from the render's start), the next GET
// comes within
//
//	Bound(t) = clamp(Growth × t, MinInterval, MaxInterval) = clamp(25% of t, 1 s, 10 s)
//
// and only a server's Retry-After can push it later. So a render that ends at T is seen
// within max(1 s, 25% of T), and never more than 10 s late. The schedule reads no status
// and no duration: the bound holds whatever the phases of the render, however fast or slow
// Argil renders. (Earlier versions predicted the end from the phase and the clip's duration
// and polled sparsely until then; a render faster than the prediction was then seen up to
// 10 s late.)
//
// # The delay
//
// Next returns f × Growth × t, clamped to [MinInterval, MaxInterval], where f is
// (1 − Margin) × (1 − Jitter × u) with u uniform in [0, 1): by default 85.5% to 90% of the
// bound. The margin leaves room for the time a GET takes, the wait for the client's shared
// rate budget and a clock started a little before or after the render; the jitter keeps
// waiters started together from polling in step. Neither applies at the floor or at the cap,
// so the long-run rate is one GET per MaxInterval. The zero Config is the plain clamp
// (Margin and Jitter 0).
//
// # What the bound costs
//
// The plain clamp polls as late as the bound allows, so no schedule that keeps the bound
// makes fewer GETs: 15 GETs to reach the 10 s cap at 47 s, then one per 10 s, up to
// T/10 s + 11.3 GETs for a render of time T. The default's margin and jitter make that
// T/10 s + 12.9 in the worst case (GETAllowance, 13.5, is what the tests pin); a fixed 10 s
// poll makes T/10 s + 1 but sees a render up to 10 s late whatever its length.
//
// # The first poll
//
// The first delay after the render POST's answer is MinInterval. The only delay below
// MinInterval is the first one of a Schedule whose observation has no Status (the waiter has
// read nothing yet, e.g. it adopts a render already in flight): 0, since the render may
// already be DONE.
//
// # Using a Schedule
//
// One Schedule serves one wait, from one goroutine: count Elapsed from the render POST (or a
// little before it), pass the POST's answer (or the GET that found the render in flight) as
// the first observation, call Next once per response, in order, and Sleep for what it
// returns. A failed GET is an observation too (with its Retry-After).
//
// Simulate, SimulateSweep and SimulateRender run the schedule on a FakeClock against render
// models; the package tests pin the guarantee on them, and cmd/pollsim prints the tables
// (README.md).
package poll
