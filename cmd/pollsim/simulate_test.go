package main

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// simSeeds is the number of random jitter seeds per simulated render in tests (the two
// extreme jitter sequences are always added).
func simSeeds() int {
	if testing.Short() {
		return 2
	}
	return 8
}

// coarse is a lighter sweep for the tests that compare configurations and models: every
// point, half the render times, half the offsets (still spanning ±1 s).
func coarse() Sweep {
	sw := DefaultSweep()
	sw.Steps, sw.Offsets = 101, 4
	return sw
}

func rowAt(t *testing.T, r Result, p time.Duration) Row {
	t.Helper()
	for _, row := range r.Rows {
		if row.RenderTime == p {
			return row
		}
	}
	t.Fatalf("no row for %v", p)
	return Row{}
}

// TestDefaultMeetsTargets pins what the default schedule guarantees, on every render of the
// sweep (10 s, 1 min, 5 min, 15 min, 30 min, each ±10%, several start offsets, every jitter
// sequence): detection within max(1 s, 25%) and 10 s, and GETs within T/10 s + GETAllowance.
// The schedule reads no phase, so the model does not matter: the 10x faster and slower
// models give the same rows.
func TestDefaultMeetsTargets(t *testing.T) {
	for _, m := range []RenderModel{RealisticModel(), FasterModel(), SlowerModel(), {Name: "audioUrl", RenderFactor: 6}, {Name: "audio 75%", AudioFraction: 0.75, RenderFactor: 1}} {
		r := SimulateSweep(poll.DefaultConfig(), m, simSeeds(), coarse())
		var b strings.Builder
		_ = r.WriteMarkdown(&b)
		t.Logf("model %q:\n%s", m.Name, b.String())
		for _, row := range r.Rows {
			if row.LatencySlack < 0 {
				t.Errorf("%s, %v: a render was detected %v after its latency target (worst latency %v)", m.Name, row.RenderTime, -row.LatencySlack, row.LatencyMax)
			}
			if row.GETSlack < 0 {
				t.Errorf("%s, %v: a render took %.2f GETs over its budget (worst %d GETs)", m.Name, row.RenderTime, -row.GETSlack, row.GETsMax)
			}
			if row.LatencyMax > 10*time.Second {
				t.Errorf("%s, %v: worst latency %v above the fixed 10 s poll's", m.Name, row.RenderTime, row.LatencyMax)
			}
		}
		// Far better than the fixed poll for short renders.
		if short := rowAt(t, r, 10*time.Second); short.LatencyMax > short.Fixed10LatencyMax/3 {
			t.Errorf("%s, 10 s renders: worst latency %v, fixed 10 s poll %v", m.Name, short.LatencyMax, short.Fixed10LatencyMax)
		}
		if !r.Met() {
			t.Errorf("%s: Met() = false", m.Name)
		}
	}
}

// TestTheBoundCosts shows what the latency bound costs in GETs: the plain schedule, which
// polls as late as the bound allows (so no schedule within the bound needs fewer GETs), spends
// up to T/10 s + 11.3 GETs; the default's margin and jitter add about 1.7.
func TestTheBoundCosts(t *testing.T) {
	plain := SimulateSweep(poll.Config{}, RealisticModel(), 1, coarse())
	def := SimulateSweep(poll.DefaultConfig(), RealisticModel(), simSeeds(), coarse())
	for _, p := range []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute} {
		pr, dr := rowAt(t, plain, p), rowAt(t, def, p)
		if pr.GETsOver < 11 || pr.GETsOver > 11.5 {
			t.Errorf("%v: plain schedule worst GETs − T/10s = %.1f, want about 11.3", p, pr.GETsOver)
		}
		if extra := dr.GETsOver - pr.GETsOver; extra < 0 || extra > 2.2 {
			t.Errorf("%v: the default spends %.1f GETs more than the plain schedule, want 0 to 2.2", p, extra)
		}
	}
}

// TestSimulationCatchesRegressions makes sure the property tests can fail: a schedule that
// grows twice as fast misses the latency target, one that polls every second blows the GETs.
func TestSimulationCatchesRegressions(t *testing.T) {
	fast := poll.DefaultConfig()
	fast.Growth = 0.5
	if row := rowAt(t, SimulateSweep(fast, RealisticModel(), 1, coarse()), 10*time.Second); row.LatencySlack >= 0 {
		t.Errorf("Growth 0.5: latency slack %v, want negative", row.LatencySlack)
	}
	eager := poll.DefaultConfig()
	eager.MaxInterval = time.Second
	if row := rowAt(t, SimulateSweep(eager, RealisticModel(), 1, coarse()), 5*time.Minute); row.GETSlack >= 0 {
		t.Errorf("1 s polling: GET slack %.1f, want negative", row.GETSlack)
	}
}

// TestEmulatorRender covers the render of the benchmark: 2.75 s audio + 3.5 s video. The
// default schedule sees it within 1.5 s with at most 12 GETs; the plain schedule, which
// polls at 5 s and 6.25 s, sees it only at 7.8 s.
func TestEmulatorRender(t *testing.T) {
	gets, lat := SimulateRender(poll.DefaultConfig(), 2750*time.Millisecond, 3500*time.Millisecond, simSeeds())
	if lat > 1500*time.Millisecond || gets > 12 {
		t.Errorf("default: %d GETs, latency %v; want at most 12 and 1.5 s", gets, lat)
	}
	if _, lat = SimulateRender(poll.Config{}, 2750*time.Millisecond, 3500*time.Millisecond+time.Millisecond, 1); lat <= 1500*time.Millisecond {
		t.Errorf("plain schedule: latency %v, want above 1.5 s", lat)
	}
}

func TestMarkdown(t *testing.T) {
	sw := DefaultSweep()
	sw.Points, sw.Steps, sw.Offsets = sw.Points[:2], 3, 1
	var b strings.Builder
	if err := SimulateSweep(poll.DefaultConfig(), RealisticModel(), 1, sw).WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[2], "| 10.00 s |") || !strings.HasPrefix(lines[3], "| 1 min |") {
		t.Fatalf("unexpected table:\n%s", b.String())
	}
	for _, l := range lines {
		if strings.Count(l, "|") != strings.Count(lines[0], "|") {
			t.Fatalf("ragged table:\n%s", b.String())
		}
	}
}

// TestWaitLoop runs a waiter shaped like the provider's (Schedule + poll.Sleep on the real
// clock, in a synctest bubble) against a simulated render, and checks the GET times it
// produced against the schedule's guarantees.
func TestWaitLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clock := poll.RealClock()
		start := clock.Now()
		r := render{audio: 6 * time.Second, total: 60 * time.Second}
		s := poll.NewSchedule(poll.DefaultConfig(), rand.New(rand.NewPCG(7, 1)))
		var gets []time.Duration
		o := poll.Observation{Status: statusGeneratingAudio}
		for len(gets) < 1000 {
			if err := poll.Sleep(context.Background(), clock, s.Next(o)); err != nil {
				t.Fatal(err)
			}
			e := clock.Now().Sub(start)
			gets = append(gets, e)
			if o = (poll.Observation{Elapsed: e, Status: r.at(e)}); o.Status == statusDone {
				break
			}
		}
		last := gets[len(gets)-1]
		if lat := last - r.total; lat < 0 || lat > LatencyTarget(r.total) {
			t.Fatalf("DONE at 60s seen at %v", last)
		}
		if n := float64(len(gets)); n > GETBudget(r.total) {
			t.Fatalf("%d GETs, budget %.0f: %v", len(gets), GETBudget(r.total), gets)
		}
		for i := 1; i < len(gets); i++ {
			if gap := gets[i] - gets[i-1]; gap < time.Second || gap > 10*time.Second {
				t.Fatalf("gap %v between GETs %d and %d: %v", gap, i-1, i, gets)
			}
		}
	})
}
