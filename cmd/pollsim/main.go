// Command pollsim simulates the provider's render poll schedule (package poll) in simulated time
// and prints, in Markdown, GETs and detection latency per render time next to a fixed 10 s
// poll (what Argil's n8n node does): for renders as fast as our model says, and 10 times
// faster or slower.
//
//	go run ./cmd/pollsim [-seeds 16] [-steps 201] [-offsets 8]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

func main() {
	seeds := flag.Int("seeds", 16, "random jitter seeds per render (the two extreme jitter sequences are always added)")
	steps := flag.Int("steps", 201, "render times swept over ±10% of each point")
	offsets := flag.Int("offsets", 8, "render start offsets in [-1s, 1s) per render time")
	flag.Parse()
	sw := DefaultSweep()
	sw.Steps, sw.Offsets = *steps, *offsets
	var b strings.Builder
	report(&b, *seeds, sw)
	if _, err := io.WriteString(os.Stdout, b.String()); err != nil {
		fmt.Fprintln(os.Stderr, "pollsim:", err)
		os.Exit(1)
	}
}

// report writes the tables.
func report(w *strings.Builder, seeds int, sw Sweep) {
	def := poll.DefaultConfig()
	realistic := RealisticModel()
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }

	p("### Default schedule\n\n")
	p("Each row: %d render times over ±%.0f%% of the point × %d start offsets in [-%s, %s) × %d jitter sequences\n",
		sw.Steps, sw.Spread*100, sw.Offsets, sw.MaxOffset, sw.MaxOffset, seeds+2)
	p("(%d seeds + the all-lowest and all-highest draws). GETs count from the render POST to the GET that sees DONE.\n", seeds)
	p("Targets are checked per run against its own render time T.\n\n")
	_ = SimulateSweep(def, realistic, seeds, sw).WriteMarkdown(w)

	p("\n### Renders 10 times faster or slower than the model, beside a fixed 10 s poll (Argil's n8n node)\n\n")
	p("The model (%s) turns a clip into a render time; each cell sweeps it ±%.0f%%.\n", realistic.Name, sw.Spread*100)
	p("Latency target: max(1 s, 25%% of T), at most 10 s.\n\n")
	p("| clip | render speed | render time T | latency target | this schedule: worst / p50 latency | this schedule: worst GETs | fixed 10 s: worst / p50 latency | fixed 10 s: worst GETs | met |\n")
	p("|---:|---|---:|---:|---:|---:|---:|---:|:---:|\n")
	for _, clip := range []float64{15, 60, 180} {
		for _, m := range []RenderModel{FasterModel(), realistic, SlowerModel()} {
			one := sw
			one.Points = []time.Duration{m.RenderTime(clip)}
			r := SimulateSweep(def, m, seeds, one)
			row := r.Rows[0]
			met := "yes"
			if !r.Met() {
				met = "**no**"
			}
			p("| %.0f s | %s | %s | %s | %.2f / %.2f s | %d (+%.1f) | %.2f / %.2f s | %d (+%.1f) | %s |\n", clip, m.Name, fmtT(row.RenderTime),
				fmtT(LatencyTarget(row.RenderTime)), row.LatencyMax.Seconds(), row.LatencyP50.Seconds(), row.GETsMax, row.GETsOver,
				row.Fixed10LatencyMax.Seconds(), row.Fixed10LatencyP50.Seconds(), row.Fixed10GETsMax, row.Fixed10GETsOver, met)
		}
	}

	p("\n### What the bound costs\n\n")
	p("Per point: worst GETs − T/10s (budget %g), mean GETs in brackets, then worst latency.\n\n", GETAllowance)
	header(w, sw)
	line(w, "default (margin 10%, jitter 5%)", SimulateSweep(def, realistic, seeds, sw))
	line(w, "plain clamp(0.25 t, 1 s, 10 s) (zero Config)", SimulateSweep(poll.Config{}, realistic, seeds, sw))
	line(w, "fixed 10 s poll", SimulateSweep(poll.Config{MinInterval: 10 * time.Second, MaxInterval: 10 * time.Second}, realistic, seeds, sw))

	p("\n### The benchmark's render: 2.75 s GENERATING_AUDIO + 3.5 s GENERATING_VIDEO (a 12.5 s clip)\n\n")
	p("Worst GETs / worst latency over %d jitter sequences; target 1.5 s with at most 12 GETs.\n\n", seeds+2)
	p("| schedule | worst GETs / worst latency |\n|---|---:|\n")
	for _, v := range []struct {
		name string
		c    poll.Config
	}{{"default", def}, {"plain clamp (zero Config)", poll.Config{}}, {"fixed 2 s", poll.Config{MinInterval: 2 * time.Second, MaxInterval: 2 * time.Second}}, {"fixed 10 s", poll.Config{MinInterval: 10 * time.Second, MaxInterval: 10 * time.Second}}} {
		// A millisecond late: the provider starts its clock before it reads the video and POSTs.
		g, l := SimulateRender(v.c, 2750*time.Millisecond, 3501*time.Millisecond, seeds)
		p("| %s | %d / %.2f s |\n", v.name, g, l.Seconds())
	}
}

func fmtT(d time.Duration) string {
	if d >= time.Minute {
		return fmt.Sprintf("%.1f min", d.Minutes())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func header(w *strings.Builder, sw Sweep) {
	w.WriteString("| |")
	for _, pt := range sw.Points {
		fmt.Fprintf(w, " %s |", pt)
	}
	w.WriteString(" targets met |\n|---|")
	for range sw.Points {
		w.WriteString("---:|")
	}
	w.WriteString(":---:|\n")
}

func line(w *strings.Builder, name string, r Result) {
	fmt.Fprintf(w, "| %s |", name)
	for _, row := range r.Rows {
		fmt.Fprintf(w, " +%.1f (%.1f) / %.2f s |", row.GETsOver, row.GETsMean, row.LatencyMax.Seconds())
	}
	met := "yes"
	if !r.Met() {
		met = "**no**"
	}
	fmt.Fprintf(w, " %s |\n", met)
}
