package poll

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

const sec = time.Second

// started returns a Schedule that has seen the render POST's answer: GENERATING_AUDIO at 0.
// Statuses of a render, for the observations of the tests. The schedule reads none but "".
const (
	StatusIdle            = "IDLE"
	StatusGeneratingAudio = "GENERATING_AUDIO"
	StatusGeneratingVideo = "GENERATING_VIDEO"
	StatusDone            = "DONE"
)

func started(c Config, rnd *rand.Rand) *Schedule {
	s := NewSchedule(c, rnd)
	s.Next(Observation{Status: StatusGeneratingAudio})
	return s
}

func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

func secs(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

func TestZeroConfigIsThePlainSchedule(t *testing.T) {
	s := NewSchedule(Config{}, seeded(1))
	for _, e := range []float64{0, 1, 3.9, 4, 8, 20, 39.9, 40, 600} {
		o := Observation{Elapsed: secs(e), Status: StatusGeneratingAudio}
		want := min(max(secs(0.25*e), sec), 10*sec)
		if got := s.Next(o); got != want {
			t.Errorf("elapsed %vs: Next = %v, want clamp(0.25t, 1s, 10s) = %v", e, got, want)
		}
		if got := s.Bound(secs(e)); got != want {
			t.Errorf("elapsed %vs: Bound = %v, want %v", e, got, want)
		}
	}
}

// The default schedule aims at 90% of the bound, minus up to 5% of jitter, whatever the
// status: no phase or duration delays a poll.
func TestDefaultAimsBelowTheBound(t *testing.T) {
	s := started(DefaultConfig(), seeded(2))
	for _, st := range []string{StatusIdle, StatusGeneratingAudio, StatusGeneratingVideo, "CONTENT_MODERATED", "SOMETHING_NEW"} {
		for range 200 {
			d := s.Next(Observation{Elapsed: 20 * sec, Status: st})
			// Bound 5s; aim 4.5s; jitter down to 4.275s.
			if d < 4275*time.Millisecond || d > 4500*time.Millisecond {
				t.Fatalf("status %s at 20s: Next = %v, want within [4.275s, 4.5s]", st, d)
			}
		}
	}
	// At the floor and at the cap, no margin and no jitter apply.
	if d := s.Next(Observation{Elapsed: 2 * sec, Status: StatusGeneratingAudio}); d != sec {
		t.Errorf("at 2s: Next = %v, want the 1s floor", d)
	}
	for range 200 {
		if d := s.Next(Observation{Elapsed: 10 * time.Minute, Status: StatusGeneratingVideo}); d != 10*sec {
			t.Fatalf("at 10min: Next = %v, want exactly 10s (one GET per MaxInterval in the long run)", d)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	s := started(DefaultConfig(), seeded(2))
	for _, tc := range []struct {
		o        Observation
		min, max time.Duration
	}{
		// A long Retry-After is honoured exactly, above MaxInterval.
		{Observation{Elapsed: 3 * sec, Status: StatusGeneratingVideo, RetryAfter: 30 * sec}, 30 * sec, 30 * sec},
		// A short one does not shorten the schedule's own delay (10s at 100s).
		{Observation{Elapsed: 100 * sec, Status: StatusGeneratingVideo, RetryAfter: 3 * sec}, 10 * sec, 10 * sec},
		// One between the floor and the schedule's delay raises the delay to it.
		{Observation{Elapsed: 2 * sec, Status: StatusGeneratingVideo, RetryAfter: 1500 * time.Millisecond}, 1500 * time.Millisecond, 1500 * time.Millisecond},
	} {
		if got := s.Next(tc.o); got < tc.min || got > tc.max {
			t.Errorf("%+v: Next = %v, want within [%v, %v]", tc.o, got, tc.min, tc.max)
		}
	}
}

func TestFirstPollWithoutStatusIsImmediate(t *testing.T) {
	s := NewSchedule(DefaultConfig(), seeded(3))
	if got := s.Next(Observation{Elapsed: 90 * sec}); got != 0 {
		t.Fatalf("first Next without a status = %v, want 0", got)
	}
	// Only the first: a waiter whose GETs keep failing must not spin.
	if got := s.Next(Observation{Elapsed: 90 * sec}); got < sec {
		t.Fatalf("second Next without a status = %v, want at least MinInterval", got)
	}
	// The first poll after a render POST's answer keeps the floor.
	if got := NewSchedule(DefaultConfig(), seeded(3)).Next(Observation{Status: StatusGeneratingAudio}); got != sec {
		t.Fatalf("first Next after the POST = %v, want 1s", got)
	}
	// A Retry-After still holds the immediate poll back.
	if got := NewSchedule(DefaultConfig(), seeded(3)).Next(Observation{RetryAfter: 5 * sec}); got != 5*sec {
		t.Fatalf("first Next with Retry-After 5s = %v", got)
	}
}

// TestNextKeepsTheBound checks the contract of Next on random observation histories and
// configurations: never above Bound (Retry-After aside), never below the floor.
func TestNextKeepsTheBound(t *testing.T) {
	rnd := rand.New(rand.NewPCG(42, 42))
	statuses := []string{"", StatusIdle, StatusGeneratingAudio, StatusGeneratingVideo, StatusDone, "CONTENT_MODERATED"}
	configs := []Config{DefaultConfig(), {}, {MinInterval: 2 * sec, MaxInterval: 30 * sec, Growth: 1, Margin: 0.5, Jitter: 0.5}, {MinInterval: 5 * sec, MaxInterval: 5 * sec}}
	for i := range 2000 {
		c := configs[i%len(configs)]
		s := NewSchedule(c, seeded(uint64(i)))
		n := s.Config()
		var e time.Duration
		for step := range 30 {
			e += time.Duration(rnd.Int64N(int64(2 * time.Hour / 30)))
			o := Observation{Elapsed: e, Status: statuses[rnd.IntN(len(statuses))]}
			if rnd.IntN(3) == 0 {
				o.RetryAfter = time.Duration(rnd.Int64N(int64(2 * time.Minute)))
			}
			d := s.Next(o)
			if o.RetryAfter > 0 && d < o.RetryAfter {
				t.Fatalf("Next(%+v) = %v, below Retry-After", o, d)
			}
			if d > max(s.Bound(e), o.RetryAfter) {
				t.Fatalf("Next(%+v) = %v, above max(Bound %v, Retry-After)", o, d, s.Bound(e))
			}
			if firstWithoutStatus := step == 0 && o.Status == ""; d < n.MinInterval && !firstWithoutStatus {
				t.Fatalf("step %d: Next(%+v) = %v, below MinInterval %v", step, o, d, n.MinInterval)
			}
		}
	}
}

func TestJitter(t *testing.T) {
	o := Observation{Elapsed: 20 * sec, Status: StatusGeneratingVideo}
	s := started(DefaultConfig(), seeded(4))
	lo, hi := time.Duration(math.MaxInt64), time.Duration(0)
	seen := map[time.Duration]bool{}
	for range 4000 {
		d := s.Next(o)
		lo, hi = min(lo, d), max(hi, d)
		seen[d] = true
	}
	if lo > 4290*time.Millisecond || hi < 4490*time.Millisecond || len(seen) < 1000 {
		t.Fatalf("delays not spread over [4.275s, 4.5s]: [%v, %v], %d distinct", lo, hi, len(seen))
	}
	// Two schedules with private sources draw differently.
	a, b := started(DefaultConfig(), nil), started(DefaultConfig(), nil)
	same := 0
	for range 100 {
		if a.Next(o) == b.Next(o) {
			same++
		}
	}
	if same > 70 {
		t.Fatalf("two private sources agreed on %d of 100 delays", same)
	}
}

func TestNextAllocationFree(t *testing.T) {
	s := NewSchedule(DefaultConfig(), seeded(5))
	o := Observation{Elapsed: 30 * sec, Status: StatusGeneratingVideo}
	if n := testing.AllocsPerRun(1000, func() { s.Next(o) }); n != 0 {
		t.Fatalf("Next allocates %v times per call", n)
	}
}

func BenchmarkNext(b *testing.B) {
	s := NewSchedule(DefaultConfig(), seeded(6))
	obs := []Observation{
		{Elapsed: 0, Status: StatusGeneratingAudio},
		{Elapsed: 3 * sec, Status: StatusGeneratingAudio},
		{Elapsed: 9 * sec, Status: StatusGeneratingVideo},
		{Elapsed: 600 * sec, Status: StatusGeneratingVideo, RetryAfter: 2 * sec},
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Next(obs[i&3])
		i++
	}
}
