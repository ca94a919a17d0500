package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// Statuses of a simulated render. The schedule reads none: its bound holds whatever the render does.
const (
	statusGeneratingAudio = "GENERATING_AUDIO"
	statusGeneratingVideo = "GENERATING_VIDEO"
	statusDone            = "DONE"
)

// RenderModel says how a render splits into the phases a waiter sees: GENERATING_AUDIO for
// AudioFraction of the time, then GENERATING_VIDEO for the rest, then DONE. RenderFactor is how
// many seconds the video phase takes per second of finished video: it turns a clip length into
// a render time. The schedule reads neither; the models label the render times of the tables.
type RenderModel struct {
	// Name labels the model in tables.
	Name string
	// AudioFraction is the share of the render spent generating audio, in [0, 1). 0 is a
	// render whose moments all use audioUrl: it starts in GENERATING_VIDEO.
	AudioFraction float64
	// RenderFactor is how many seconds the video phase takes per second of finished video.
	RenderFactor float64
}

// RealisticModel is our estimate of a real render: 10% of the render generating audio, then
// a video phase of 6 seconds per second of video. Argil's help centre says a render "takes
// between 5 and 15 minutes depending on the length of the video"; typical API videos are 30 s
// to 2 min of speech, i.e. 3 to 10 s of rendering per second of video, and 6 is the middle.
// Nobody outside Argil knows the real figure, and it changes as Argil ships faster models:
// FasterModel and SlowerModel are 10 times off either way.
func RealisticModel() RenderModel {
	return RenderModel{Name: "model: audio 10%, video 6 s/s", AudioFraction: 0.10, RenderFactor: 6}
}

// FasterModel renders 10 times faster than RealisticModel.
func FasterModel() RenderModel {
	return RenderModel{Name: "10x faster: audio 10%, video 0.6 s/s", AudioFraction: 0.10, RenderFactor: 0.6}
}

// SlowerModel renders 10 times slower than RealisticModel.
func SlowerModel() RenderModel {
	return RenderModel{Name: "10x slower: audio 10%, video 60 s/s", AudioFraction: 0.10, RenderFactor: 60}
}

// RenderTime is the render time of a clip of clip seconds.
func (m RenderModel) RenderTime(clip float64) time.Duration {
	return time.Duration(clip * m.RenderFactor / (1 - m.AudioFraction) * float64(time.Second))
}

// Phases splits a render of total time into its audio and video phases.
func (m RenderModel) Phases(total time.Duration) (audio, video time.Duration) {
	audio = time.Duration(m.AudioFraction * float64(total))
	return audio, total - audio
}

// Sweep is the set of renders a simulation covers: around each point, render times spread
// evenly over ±Spread, each started at several offsets from the start of the wait.
type Sweep struct {
	// Points are the nominal render times, one table row each.
	Points []time.Duration
	// Spread is the ± fraction of each point that is swept.
	Spread float64
	// Steps is the number of render times per point (evenly spaced over the spread).
	Steps int
	// Offsets is the number of render start offsets per render time, evenly spaced over
	// [-MaxOffset, MaxOffset). A positive offset is a render that began that long before the
	// wait (a waiter that starts its clock when the POST's answer arrives); a negative one, a
	// render that began that long after (the provider starts its clock before it reads the
	// video and POSTs the render, so the first observation comes that late).
	Offsets int
	// MaxOffset bounds the offsets.
	MaxOffset time.Duration
}

// DefaultSweep covers 10 s, 1 min, 5 min, 15 min and 30 min, each ±10% in 201 steps, each
// started at 8 offsets within ±1 s of the start of the wait.
func DefaultSweep() Sweep {
	return Sweep{
		Points:    []time.Duration{10 * time.Second, time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute},
		Spread:    0.10,
		Steps:     201,
		Offsets:   8,
		MaxOffset: time.Second,
	}
}

// LatencyTarget is the acceptance bound on the detection latency of a render of time t:
// max(1 s, 25% of t), and never above 10 s.
func LatencyTarget(t time.Duration) time.Duration {
	return min(max(time.Second, t/4), 10*time.Second)
}

// GETAllowance is how many GETs beyond a fixed 10 s poll's rate (T/10 s) the default schedule
// spends on a render of any length T, in the worst case. No schedule that keeps the latency
// bound can do with fewer than about 11.3: the plain clamp(0.25 t, 1 s, 10 s) polls as late as
// the bound allows, and it needs 15 GETs to reach the 10 s cap at 47 s (TestTheBoundCosts).
const GETAllowance = 13.5

// GETBudget is the acceptance bound on the GETs of a render of time t: t/10 s + GETAllowance.
func GETBudget(t time.Duration) float64 { return t.Seconds()/10 + GETAllowance }

// Row is the outcome of a simulation around one point of a Sweep. GETs count every GET from
// the render's POST to the GET that sees DONE, that one included. Latency is the time from
// DONE to that GET.
type Row struct {
	RenderTime time.Duration // the nominal point
	Runs       int           // renders simulated (render times × offsets × seeds)

	GETsMax  int
	GETsMean float64
	// GETsOver is the largest GETs - T/10s over the runs: the GETs spent beyond those of a
	// fixed 10 s poll's rate. The budget allows 8.
	GETsOver   float64
	LatencyMax time.Duration
	LatencyP50 time.Duration

	// GETSlack is the smallest GETBudget(T) - GETs over the runs, LatencySlack the smallest
	// LatencyTarget(T) - latency, each against the run's own render time T. Both >= 0 means
	// every run met its target.
	GETSlack     float64
	LatencySlack time.Duration

	// The same renders polled every 10 s: the baseline the schedule must not lose to.
	Fixed10GETsMax    int
	Fixed10GETsOver   float64
	Fixed10LatencyMax time.Duration
	Fixed10LatencyP50 time.Duration
}

// Result is a simulation of one poll.Config on one RenderModel.
type Result struct {
	Config poll.Config
	Model  RenderModel
	Seeds  int
	Rows   []Row
}

// SimulateSweep polls every render of the sweep in simulated time with a fresh Schedule per
// jitter sequence (seeds 1..seeds, plus the two extreme sequences where every draw is the
// lowest or the highest) and with a fixed 10 s poll, and reports each point. The
// waiter is modelled as the provider's: the render POST's answer is the first observation at
// elapsed 0, then one GET per delay that Next returns; GETs are instantaneous.
func SimulateSweep(c poll.Config, m RenderModel, seeds int, sw Sweep) Result {
	seeds = max(seeds, 1)
	steps, offsets := max(sw.Steps, 1), max(sw.Offsets, 1)
	res := Result{Config: c, Model: m, Seeds: seeds}
	fixed := fixedInterval(10 * time.Second)
	var lat, fixedLat []time.Duration
	for _, p := range sw.Points {
		row := Row{RenderTime: p, GETSlack: math.Inf(1), LatencySlack: math.MaxInt64, GETsOver: math.Inf(-1), Fixed10GETsOver: math.Inf(-1)}
		lat, fixedLat = lat[:0], fixedLat[:0]
		sumGETs := 0
		for i := range steps {
			total := p
			if steps > 1 {
				total = time.Duration(float64(p) * (1 - sw.Spread + 2*sw.Spread*float64(i)/float64(steps-1)))
			}
			r := newRender(m, total)
			for k := range offsets {
				r.offset = -sw.MaxOffset + 2*sw.MaxOffset*time.Duration(k)/time.Duration(offsets)
				gets, l := r.wait(fixed)
				row.Fixed10GETsMax = max(row.Fixed10GETsMax, gets)
				row.Fixed10GETsOver = max(row.Fixed10GETsOver, float64(gets)-total.Seconds()/10)
				row.Fixed10LatencyMax = max(row.Fixed10LatencyMax, l)
				fixedLat = append(fixedLat, l)
				for seed := range seeds + 2 {
					gets, l := r.wait(poll.NewSchedule(c, jitterSource(seed, seeds)))
					row.Runs++
					sumGETs += gets
					row.GETsMax = max(row.GETsMax, gets)
					row.GETsOver = max(row.GETsOver, float64(gets)-total.Seconds()/10)
					row.LatencyMax = max(row.LatencyMax, l)
					row.GETSlack = min(row.GETSlack, GETBudget(total)-float64(gets))
					row.LatencySlack = min(row.LatencySlack, LatencyTarget(total)-l)
					lat = append(lat, l)
				}
			}
		}
		row.GETsMean = float64(sumGETs) / float64(row.Runs)
		row.LatencyP50 = median(lat)
		row.Fixed10LatencyP50 = median(fixedLat)
		res.Rows = append(res.Rows, row)
	}
	return res
}

// jitterSource returns the jitter of run i out of seeds random ones: seeds 1..seeds, then two
// extreme sequences in which every draw is the lowest (every delay as short as the jitter
// allows: the fewest seconds covered per GET) or the highest.
func jitterSource(i, seeds int) *rand.Rand {
	switch i {
	case seeds:
		return rand.New(constSource(0))
	case seeds + 1:
		return rand.New(constSource(math.MaxUint64))
	}
	return rand.New(rand.NewPCG(uint64(i+1), 0x9e3779b97f4a7c15))
}

// constSource is a rand.Source that always returns the same value.
type constSource uint64

func (c constSource) Uint64() uint64 { return uint64(c) }

// SimulateRender polls one render with fixed phases (audio, then video, then DONE) that began
// with the wait,
// once per jitter sequence (seeds random ones plus the two extremes), and returns the worst
// GETs and the worst detection latency. It is the emulator's case: its renders take a fixed
// AudioPhase and VideoPhase whatever the duration.
func SimulateRender(c poll.Config, audio, video time.Duration, seeds int) (getsMax int, latencyMax time.Duration) {
	seeds = max(seeds, 1)
	r := render{audio: audio, total: audio + video}
	for i := range seeds + 2 {
		gets, l := r.wait(poll.NewSchedule(c, jitterSource(i, seeds)))
		getsMax, latencyMax = max(getsMax, gets), max(latencyMax, l)
	}
	return getsMax, latencyMax
}

// pacer is what the simulated waiter asks for its delays: a *Schedule or a baseline.
type pacer interface {
	Next(poll.Observation) time.Duration
}

// fixedInterval is the baseline: poll every d, whatever happens.
type fixedInterval time.Duration

func (f fixedInterval) Next(poll.Observation) time.Duration { return time.Duration(f) }

// render is one simulated render: server-side it is total long, and began offset before the
// wait did (after it, when offset is negative).
type render struct {
	audio, total time.Duration
	offset       time.Duration
}

func newRender(m RenderModel, total time.Duration) render {
	a, _ := m.Phases(total)
	return render{audio: a, total: total}
}

// at returns the Video's status at elapsed e of the wait.
func (r render) at(e time.Duration) string {
	switch t := e + r.offset; {
	case t < r.audio:
		return statusGeneratingAudio
	case t < r.total:
		return statusGeneratingVideo
	default:
		return statusDone
	}
}

// maxGETs stops a simulated wait that would never end (a broken pacer).
const maxGETs = 100000

// wait runs one wait in simulated time and returns the GETs made and the latency of the one
// that saw DONE. The first observation is the render POST's answer: at elapsed 0, or when the
// render starts if that is later.
func (r render) wait(p pacer) (gets int, latency time.Duration) {
	e := max(-r.offset, 0)
	o := poll.Observation{Elapsed: e, Status: r.at(e)}
	for gets < maxGETs {
		e += p.Next(o)
		gets++
		if o = (poll.Observation{Elapsed: e, Status: r.at(e)}); o.Status == statusDone {
			return gets, e + r.offset - r.total
		}
	}
	return gets, time.Duration(math.MaxInt64)
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// Met reports whether every run of every row met both targets (LatencyTarget includes the
// fixed 10 s poll's own worst case, 10 s).
func (r Result) Met() bool {
	for _, row := range r.Rows {
		if row.GETSlack < 0 || row.LatencySlack < 0 {
			return false
		}
	}
	return true
}

// WriteMarkdown writes r as a Markdown table: per point, the schedule's GETs and latencies
// against their targets, and the fixed 10 s baseline.
func (r Result) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("| render time (±10%) | GETs mean | GETs worst | worst GETs − T/10s (budget " + strconv.FormatFloat(GETAllowance, 'f', -1, 64) + ") | worst latency | latency target | p50 latency | fixed 10 s: GETs worst (− T/10s) | fixed 10 s: worst latency | fixed 10 s: p50 latency | met |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|\n")
	for _, row := range r.Rows {
		met := "yes"
		if row.GETSlack < 0 || row.LatencySlack < 0 {
			met = "**no**"
		}
		fmt.Fprintf(&b, "| %s | %.1f | %d | %.1f | %s | %s | %s | %d (%.1f) | %s | %s | %s |\n",
			fmtDur(row.RenderTime), row.GETsMean, row.GETsMax, row.GETsOver,
			fmtDur(row.LatencyMax), fmtDur(LatencyTarget(row.RenderTime)), fmtDur(row.LatencyP50),
			row.Fixed10GETsMax, row.Fixed10GETsOver, fmtDur(row.Fixed10LatencyMax), fmtDur(row.Fixed10LatencyP50), met)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fmtDur prints a duration in whole minutes when it is one, else in seconds with 2 decimals.
func fmtDur(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}
