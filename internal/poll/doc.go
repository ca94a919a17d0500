// Package poll decides when a waiter polls GET /videos/{id} while an Argil render runs, and
// gives it an injectable clock (Clock, RealClock, FakeClock, Sleep).
//
// # The rule
//
// A render goes IDLE → GENERATING_AUDIO → GENERATING_VIDEO → DONE (or FAILED). Real renders
// take 3 to 15 minutes; tests against the emulator take seconds. The Schedule must detect DONE
// quickly for short renders without spending many more GETs than a fixed 10 s poll on long
// ones. Its guarantee, for a render that ends at time T after it started:
//
//	detection latency ≤ max(MinInterval, Growth × T) = max(1 s, 25% of T), and ≤ MaxInterval (10 s)
//
// After each observation, Next computes E, the earliest elapsed time at which the render can
// be DONE given everything observed (E = now when nothing is known). A DONE at E must be seen
// by E + max(MinInterval, Growth × (E − origin)), where origin is when the render was first
// seen in progress (it began no later than that). So the next GET may wait
//
//	upper = E + max(MinInterval, Growth × (E − origin)) − now
//
// The delay is MinInterval plus the part of upper above it scaled by a jitter factor drawn
// uniformly from [1 − Jitter, 1 + Jitter] and capped at 1 (never beyond the latency bound),
// then capped at MaxInterval and finally raised to the server's Retry-After. With E = now this
// is the plain elapsed-proportional schedule clamp(0.25 t, 1 s, 10 s); the zero Config is
// exactly that (no jitter, no prediction).
//
// # Prediction (Config.Predict, on by default)
//
// DONE cannot come while the render is GENERATING_AUDIO, and the video phase takes time in
// proportion to the video. Two rules push E later, each resting on one stated assumption:
//
//   - Phase rule (VideoPerAudio, default 1): the video phase lasts at least as long as the
//     audio phase. A render last seen generating audio at lastPre has generated audio for at
//     least lastPre − origin, so E ≥ lastPre + 1 × (lastPre − origin). During the audio phase
//     polls therefore grow by 1.5× instead of 1.25×, and reach the 10 s cap within ~15 s.
//   - Duration rule (MinRenderFactor, default 1): the video is not rendered faster than it
//     plays. Once the Video's duration D is known (it appears with GENERATING_VIDEO), the
//     video phase, which began after lastPre, ends at E ≥ lastPre + 1 × D.
//
// Both defaults are far below what real renders show: text-to-speech takes seconds while
// avatar video takes minutes. Argil's help centre gives 5 to 15 minutes per render "depending
// on the length of the video", and the app allows videos of up to 60 paragraphs ("10 to 15
// minutes"), so about 1 s of rendering per second of video is the fastest case its own numbers
// allow (an inference, not a documented figure). When an assumption is wrong anyway, the
// cost is bounded: the schedule never waits more than MaxInterval, so the latency of a wrong
// guess is at most 10 s, which is within the target of any render longer than 40 s.
//
// On the realistic model (see RealisticModel), the phase rule takes long renders from
// T/10 s + 12 GETs (no prediction, worst case) to T/10 s + 3.4, and the duration rule takes
// 1 min renders from T/10 s + 8.5 to + 6.2 and audioUrl renders (no audio phase) from
// T/10 s + 12 to + 1. README.md has the tables; cmd/pollsim prints them.
//
// # Jitter
//
// Jitter keeps waiters started together (terraform applies renders in parallel) from polling
// in step. It never exceeds the latency bound: only the part of the delay above MinInterval
// is jittered, and the upper half of the draws is capped at the bound, so the worst case
// (every draw at its lowest) covers 90% of the time the bound allows. Near the floor, where
// the bound leaves no room, there is little jitter; at the 10 s cap there is none, so the
// long-run rate stays one GET per MaxInterval. By then the waiters' phases have drifted apart
// during the ramp, and a common period keeps them apart.
//
// # The first poll
//
// The first delay after the render POST's answer is MinInterval: a render never finishes in
// less, and polling sooner cannot improve the 1 s latency floor. The only delay below
// MinInterval is the first one of a Schedule whose observation has no Status at all (the
// waiter has read nothing yet, e.g. it adopts a render already in flight): that one is 0,
// since the render may already be DONE.
//
// # Using a Schedule
//
// One Schedule serves one wait, from one goroutine:
//
//   - Count Elapsed from the render POST (or a little before it), and pass the POST's answer
//     (or the GET that found the render in flight) as the first observation.
//   - Call Next once per response, in order, and sleep for what it returns (Sleep).
//   - When a GET fails, pass the last known Status with the new Elapsed and RetryAfter, and
//     set Stale: the schedule then does not take the old Status as evidence about the present.
//     Without Stale, a failed GET during the audio phase is read as a fresh sighting of
//     GENERATING_AUDIO, which can delay detection (never by more than MaxInterval).
//   - StatusSince is not used by the current rules: a lower bound on the end needs the last
//     sighting of the previous status, which the Schedule records itself.
//   - The duration rule assumes the video phase began after Elapsed 0 when the schedule never
//     saw the render before it. For a render adopted mid-video that is not known; the cost of
//     it being wrong is again at most MaxInterval of latency.
//
// Simulate, SimulateSweep and SimulateRender run the schedule on a FakeClock against render
// models; the package tests pin the targets on them.
package poll
