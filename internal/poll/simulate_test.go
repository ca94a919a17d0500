package poll

import (
	"strings"
	"testing"
	"time"
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

// TestRealisticModelMeetsTargets pins the acceptance criteria on the realistic render model:
// for every render of the sweep (10 s, 1 min, 5 min, 15 min, 30 min, each ±10%, four start
// offsets, every jitter sequence), the worst-case detection latency is within max(1 s, 25%)
// and 10 s, and the GETs within T/10 s + 8.
func TestRealisticModelMeetsTargets(t *testing.T) {
	r := Simulate(DefaultConfig(), RealisticModel(), simSeeds())
	var b strings.Builder
	_ = r.WriteMarkdown(&b)
	t.Logf("model %q:\n%s", r.Model.Name, b.String())
	if len(r.Rows) != 5 {
		t.Fatalf("%d rows, want 5", len(r.Rows))
	}
	for _, row := range r.Rows {
		if row.LatencySlack < 0 {
			t.Errorf("%v: a render was detected %v after its latency target (worst latency %v)", row.RenderTime, -row.LatencySlack, row.LatencyMax)
		}
		if row.GETSlack < 0 {
			t.Errorf("%v: a render took %.2f GETs over its budget (worst %d GETs)", row.RenderTime, -row.GETSlack, row.GETsMax)
		}
		// Never worse than a fixed 10 s poll: its worst latency is 10 s, and the budget keeps
		// the GETs within 8 of its rate.
		if row.LatencyMax > 10*time.Second {
			t.Errorf("%v: worst latency %v above the fixed 10 s poll's", row.RenderTime, row.LatencyMax)
		}
	}
	// Far better than the fixed poll for short renders.
	short := rowAt(t, r, 10*time.Second)
	if short.LatencyMax > short.Fixed10LatencyMax/3 {
		t.Errorf("10 s renders: worst latency %v, fixed 10 s poll %v", short.LatencyMax, short.Fixed10LatencyMax)
	}
	if !r.Met() {
		t.Error("Met() = false")
	}
}

// TestPlainScheduleMissesBudget shows why the phase and duration rules exist: the plain
// elapsed-proportional schedule spends about T/10 s + 11 GETs.
func TestPlainScheduleMissesBudget(t *testing.T) {
	r := SimulateSweep(Config{}, RealisticModel(), 1, coarse())
	for _, p := range []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute} {
		row := rowAt(t, r, p)
		if row.GETsOver < 10 || row.GETSlack >= 0 {
			t.Errorf("%v: plain schedule worst GETs − T/10s = %.1f, want about 11 (over the budget)", p, row.GETsOver)
		}
		if row.LatencySlack < 0 {
			t.Errorf("%v: plain schedule missed the latency target", p)
		}
	}
	if r.Met() {
		t.Error("Met() = true for a schedule over budget")
	}
}

// TestWhatEachRuleBuys pins what the phase rule and the duration rule save, measured on the
// realistic model (and on audioUrl renders, which have no audio phase).
func TestWhatEachRuleBuys(t *testing.T) {
	n := simSeeds()
	def := DefaultConfig()
	phaseOnly := def
	phaseOnly.MinRenderFactor = 0
	none := def
	none.Predict = false
	realistic := RealisticModel()
	full, phase, plain := SimulateSweep(def, realistic, n, coarse()), SimulateSweep(phaseOnly, realistic, n, coarse()), SimulateSweep(none, realistic, n, coarse())

	// The phase rule: sparse polls while GENERATING_AUDIO save ~8 GETs on long renders.
	for _, p := range []time.Duration{5 * time.Minute, 30 * time.Minute} {
		if saved := rowAt(t, plain, p).GETsOver - rowAt(t, phase, p).GETsOver; saved < 7 {
			t.Errorf("%v: the phase rule saves %.1f worst-case GETs, want at least 7", p, saved)
		}
	}
	// The duration rule: on 1 min renders it turns a budget miss into a pass.
	m, mPhase := rowAt(t, full, time.Minute), rowAt(t, phase, time.Minute)
	if mPhase.GETSlack >= 0 || m.GETSlack < 1 || mPhase.GETsMean-m.GETsMean < 1.5 {
		t.Errorf("1 min: phase only %.1f over budget (mean %.1f GETs), with duration %.1f (mean %.1f)",
			-mPhase.GETSlack, mPhase.GETsMean, -m.GETSlack, m.GETsMean)
	}
	// Without an audio phase, the duration rule is all there is: long renders go from ~T/10+12
	// to ~T/10+1.
	audioURL := RenderModel{Name: "audioUrl", AudioFraction: 0, RenderFactor: 6}
	long := rowAt(t, SimulateSweep(def, audioURL, n, coarse()), 15*time.Minute)
	longPhase := rowAt(t, SimulateSweep(phaseOnly, audioURL, n, coarse()), 15*time.Minute)
	if long.GETsOver > 2 || longPhase.GETsOver < 10 {
		t.Errorf("audioUrl 15 min: worst GETs − T/10s %.1f with the duration rule, %.1f without", long.GETsOver, longPhase.GETsOver)
	}
}

// TestOtherModels runs the default schedule on other phase splits. Whenever the schedule's
// assumptions hold (video phase at least as long as the audio phase, and at least real time),
// every render is detected within its latency target; renders of 5 min and more also keep
// the GET budget, whatever the split. The two models that break an assumption lose latency on
// short renders, but never beyond MaxInterval.
func TestOtherModels(t *testing.T) {
	n := simSeeds()
	for _, m := range OtherModels() {
		r := SimulateSweep(DefaultConfig(), m, n, coarse())
		breaks := strings.HasPrefix(m.Name, "BREAKS")
		for _, row := range r.Rows {
			if !breaks && row.LatencySlack < 0 {
				t.Errorf("%s, %v: latency %v over target", m.Name, row.RenderTime, -row.LatencySlack)
			}
			if row.LatencyMax > 10*time.Second {
				t.Errorf("%s, %v: worst latency %v above MaxInterval", m.Name, row.RenderTime, row.LatencyMax)
			}
			if row.RenderTime >= 5*time.Minute && row.GETSlack < 0 {
				t.Errorf("%s, %v: %.1f GETs over budget", m.Name, row.RenderTime, -row.GETSlack)
			}
		}
		if breaks && rowAt(t, r, 10*time.Second).LatencySlack >= 0 {
			t.Errorf("%s: expected the broken assumption to cost latency on 10 s renders", m.Name)
		}
	}
}

// TestSimulationCatchesRegressions makes sure the property tests can fail: a schedule that
// grows twice as fast misses the latency target, one that polls every second blows the GETs.
func TestSimulationCatchesRegressions(t *testing.T) {
	fast := DefaultConfig()
	fast.Growth = 0.5
	if row := rowAt(t, SimulateSweep(fast, RealisticModel(), 1, coarse()), 10*time.Second); row.LatencySlack >= 0 {
		t.Errorf("Growth 0.5: latency slack %v, want negative", row.LatencySlack)
	}
	eager := DefaultConfig()
	eager.MaxInterval = time.Second
	if row := rowAt(t, SimulateSweep(eager, RealisticModel(), 1, coarse()), 5*time.Minute); row.GETSlack >= 0 {
		t.Errorf("1 s polling: GET slack %.1f, want negative", row.GETSlack)
	}
}

// TestEmulatorRender covers the emulator's default render (2 s audio + 4 s video). While its
// reported duration is at most its video phase, the default schedule detects it within 1.5 s;
// a longer duration breaks the duration rule and costs up to MaxInterval.
func TestEmulatorRender(t *testing.T) {
	n := simSeeds()
	gets, lat := SimulateRender(DefaultConfig(), 2*time.Second, 4*time.Second, 4, n)
	if lat > LatencyTarget(6*time.Second) || float64(gets) > GETBudget(6*time.Second) {
		t.Errorf("duration 4 s: %d GETs, latency %v", gets, lat)
	}
	_, lat = SimulateRender(DefaultConfig(), 2*time.Second, 4*time.Second, 10, n)
	if lat <= LatencyTarget(6*time.Second) || lat > 10*time.Second {
		t.Errorf("duration 10 s: latency %v, want above the target but within MaxInterval", lat)
	}
	noPredict := DefaultConfig()
	noPredict.Predict = false
	if _, lat = SimulateRender(noPredict, 2*time.Second, 4*time.Second, 10, n); lat > LatencyTarget(6*time.Second) {
		t.Errorf("Predict false, duration 10 s: latency %v", lat)
	}
}

func TestMarkdown(t *testing.T) {
	sw := DefaultSweep()
	sw.Points, sw.Steps, sw.Offsets = sw.Points[:2], 3, 1
	var b strings.Builder
	if err := SimulateSweep(DefaultConfig(), RealisticModel(), 1, sw).WriteMarkdown(&b); err != nil {
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
