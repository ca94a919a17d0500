package poll

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

const sec = time.Second

// noJitter is the default schedule without jitter, so that delays are exact.
func noJitter() Config {
	c := DefaultConfig()
	c.Jitter = 0
	return c
}

// started returns a Schedule that has seen the render POST's answer: GENERATING_AUDIO at 0.
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
		o := Observation{Elapsed: secs(e), Status: StatusGeneratingAudio, VideoDuration: 30}
		want := min(max(secs(0.25*e), sec), 10*sec)
		if got := s.Next(o); got != want {
			t.Errorf("elapsed %vs: Next = %v, want clamp(0.25t, 1s, 10s) = %v", e, got, want)
		}
	}
}

func TestPhaseRule(t *testing.T) {
	audio := Observation{Elapsed: 4 * sec, Status: StatusGeneratingAudio}
	// Seen generating audio at 4s: DONE at 4s×(1+1) = 8s at the earliest, detected within
	// 25% of 8s = 2s, so the next GET can wait until 10s.
	if got := started(noJitter(), nil).Next(audio); got != 6*sec {
		t.Errorf("audio at 4s: Next = %v, want 6s", got)
	}
	// IDLE comes before the video phase too.
	idle := audio
	idle.Status = StatusIdle
	if got := started(noJitter(), nil).Next(idle); got != 6*sec {
		t.Errorf("IDLE at 4s: Next = %v, want 6s", got)
	}
	// Nothing assumed without Predict, or for a status the schedule does not know.
	off := noJitter()
	off.Predict = false
	if got := started(off, nil).Next(audio); got != sec {
		t.Errorf("Predict false: Next = %v, want 1s", got)
	}
	for _, st := range []string{"CONTENT_MODERATED", "generating_audio", StatusDone, StatusFailed} {
		o := audio
		o.Status = st
		if got := started(noJitter(), nil).Next(o); got != sec {
			t.Errorf("status %q: Next = %v, want the plain 1s", st, got)
		}
	}
	// VideoPerAudio scales the rule: 3 → DONE at 16s at the earliest → capped at 10s.
	c := noJitter()
	c.VideoPerAudio = 3
	if got := started(c, nil).Next(audio); got != 10*sec {
		t.Errorf("VideoPerAudio 3: Next = %v, want 10s", got)
	}
}

func TestPhaseRuleCarriesIntoVideoPhase(t *testing.T) {
	s := started(noJitter(), nil)
	s.Next(Observation{Elapsed: 6 * sec, Status: StatusGeneratingAudio})
	// Video seen at 7s, audio last seen at 6s: DONE at 12s at the earliest (no duration yet).
	got := s.Next(Observation{Elapsed: 7 * sec, Status: StatusGeneratingVideo, StatusSince: 7 * sec})
	if want := 12*sec + 3*sec - 7*sec; got != want {
		t.Fatalf("Next = %v, want %v", got, want)
	}
}

func TestDurationRule(t *testing.T) {
	video := func(d float64) Observation {
		return Observation{Elapsed: 10 * sec, Status: StatusGeneratingVideo, StatusSince: 8 * sec, VideoDuration: d}
	}
	for _, tc := range []struct {
		name string
		c    func(*Config)
		dur  float64
		want time.Duration
	}{
		// Audio last seen at 5s, 30s of video: DONE at 35s at the earliest, far enough to wait
		// the full MaxInterval.
		{"long video", nil, 30, 10 * sec},
		// 3s of video: DONE at 8s at the earliest, already behind: the phase rule (10s) and
		// elapsed (10s) rule, so 25% of 10s.
		{"short video", nil, 3, 2500 * time.Millisecond},
		// 8s of video: DONE at 13s at the earliest, detected within 3.25s → GET at 16.25s.
		{"medium video", nil, 8, 6250 * time.Millisecond},
		{"duration unknown", nil, 0, 2500 * time.Millisecond},
		{"duration NaN", nil, math.NaN(), 2500 * time.Millisecond},
		{"duration negative", nil, -8, 2500 * time.Millisecond},
		{"rule off", func(c *Config) { c.MinRenderFactor = 0 }, 30, 2500 * time.Millisecond},
		{"factor 2", func(c *Config) { c.MinRenderFactor = 2 }, 4, 6250 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := noJitter()
			if tc.c != nil {
				tc.c(&c)
			}
			s := started(c, nil)
			s.Next(Observation{Elapsed: 5 * sec, Status: StatusGeneratingAudio})
			if got := s.Next(video(tc.dur)); got != tc.want {
				t.Fatalf("Next = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestStaleObservationIsNoEvidence(t *testing.T) {
	// Audio seen at 2s; at 8s a GET fails and the waiter passes the last known status on.
	s := started(noJitter(), nil)
	s.Next(Observation{Elapsed: 2 * sec, Status: StatusGeneratingAudio})
	stale := Observation{Elapsed: 8 * sec, Status: StatusGeneratingAudio, StatusSince: 0, Stale: true}
	if got := s.Next(stale); got != 2*sec {
		t.Errorf("stale audio at 8s: Next = %v, want 2s (25%% of 8s: nothing known about 2s..8s)", got)
	}
	// The same observation, fresh, proves the render was still generating audio at 8s.
	fresh := stale
	fresh.Stale = false
	if got := started(noJitter(), nil).Next(fresh); got != 10*sec {
		t.Errorf("fresh audio at 8s: Next = %v, want 10s", got)
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

// TestNextBounds checks the contract of Next on random observation histories.
func TestNextBounds(t *testing.T) {
	rnd := rand.New(rand.NewPCG(42, 42))
	statuses := []string{"", StatusIdle, StatusGeneratingAudio, StatusGeneratingVideo, StatusDone, "CONTENT_MODERATED"}
	durations := []float64{0, 0.5, 3, 60, 1e6, 1e300, math.Inf(1), math.NaN(), -4}
	configs := []Config{DefaultConfig(), {}, {MinInterval: 2 * sec, MaxInterval: 30 * sec, Growth: 1, Jitter: 0.5, Predict: true, VideoPerAudio: 10, MinRenderFactor: 20}}
	for i := range 2000 {
		c := configs[i%len(configs)]
		s := NewSchedule(c, seeded(uint64(i)))
		n := s.Config()
		var e time.Duration
		for step := range 30 {
			e += time.Duration(rnd.Int64N(int64(2 * time.Hour / 30)))
			o := Observation{
				Elapsed:       e,
				Status:        statuses[rnd.IntN(len(statuses))],
				VideoDuration: durations[rnd.IntN(len(durations))],
				Stale:         rnd.IntN(4) == 0,
			}
			if rnd.IntN(3) == 0 {
				o.RetryAfter = time.Duration(rnd.Int64N(int64(2 * time.Minute)))
			}
			d := s.Next(o)
			if o.RetryAfter > 0 && d < o.RetryAfter {
				t.Fatalf("Next(%+v) = %v, below Retry-After", o, d)
			}
			if d > max(n.MaxInterval, o.RetryAfter) {
				t.Fatalf("Next(%+v) = %v, above max(MaxInterval %v, Retry-After)", o, d, n.MaxInterval)
			}
			if firstWithoutStatus := step == 0 && o.Status == ""; d < n.MinInterval && !firstWithoutStatus {
				t.Fatalf("step %d: Next(%+v) = %v, below MinInterval %v", step, o, d, n.MinInterval)
			}
		}
	}
}

func TestJitter(t *testing.T) {
	// Video at 20s, nothing predicted: the latency bound allows 5s. The part above the 1s floor
	// is jittered by ±10% and capped at the bound: delays lie in [1+0.9×4, 5] = [4.6s, 5s].
	o := Observation{Elapsed: 20 * sec, Status: StatusGeneratingVideo}
	s := started(DefaultConfig(), seeded(4))
	lo, hi, atBound := time.Duration(math.MaxInt64), time.Duration(0), 0
	seen := map[time.Duration]bool{}
	for range 4000 {
		d := s.Next(o)
		lo, hi = min(lo, d), max(hi, d)
		if d == 5*sec {
			atBound++
		}
		seen[d] = true
	}
	if lo < 4600*time.Millisecond || hi > 5*sec {
		t.Fatalf("delays in [%v, %v], want within [4.6s, 5s]", lo, hi)
	}
	if lo > 4620*time.Millisecond || len(seen) < 1000 {
		t.Fatalf("delays not spread: lowest %v, %d distinct", lo, len(seen))
	}
	if atBound < 1600 || atBound > 2400 {
		t.Fatalf("%d of 4000 delays at the bound, want about half (the upper half of the jitter is capped)", atBound)
	}
	// Capped by MaxInterval, a delay is not jittered: the long-run rate stays 1 GET / 10s.
	far := Observation{Elapsed: 10 * time.Minute, Status: StatusGeneratingVideo}
	for range 1000 {
		if d := s.Next(far); d != 10*sec {
			t.Fatalf("at 10min: Next = %v, want exactly 10s", d)
		}
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
	o := Observation{Elapsed: 30 * sec, Status: StatusGeneratingVideo, StatusSince: 20 * sec, VideoDuration: 12}
	if n := testing.AllocsPerRun(1000, func() { s.Next(o) }); n != 0 {
		t.Fatalf("Next allocates %v times per call", n)
	}
}

func BenchmarkNext(b *testing.B) {
	s := NewSchedule(DefaultConfig(), seeded(6))
	obs := []Observation{
		{Elapsed: 0, Status: StatusGeneratingAudio},
		{Elapsed: 3 * sec, Status: StatusGeneratingAudio},
		{Elapsed: 9 * sec, Status: StatusGeneratingVideo, StatusSince: 9 * sec, VideoDuration: 42},
		{Elapsed: 600 * sec, Status: StatusGeneratingVideo, StatusSince: 9 * sec, VideoDuration: 42, RetryAfter: 2 * sec},
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Next(obs[i&3])
		i++
	}
}
