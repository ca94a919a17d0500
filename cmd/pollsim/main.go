// Command pollsim simulates the provider's render poll schedule (package poll) on a fake clock
// and prints, in Markdown, GETs and detection latency per render time next to a fixed 10 s
// poll (what Argil's n8n node does): for renders as fast as our model says, and 10 times
// faster or slower.
//
//	go run ./cmd/pollsim [-seeds 16] [-steps 201] [-offsets 4]
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
	sw := poll.DefaultSweep()
	sw.Steps, sw.Offsets = *steps, *offsets
	var b strings.Builder
	report(&b, *seeds, sw)
	if _, err := io.WriteString(os.Stdout, b.String()); err != nil {
		fmt.Fprintln(os.Stderr, "pollsim:", err)
		os.Exit(1)
	}
}

// report writes the tables.
func report(w *strings.Builder, seeds int, sw poll.Sweep) {
	def := poll.DefaultConfig()
	realistic := poll.RealisticModel()
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }

	p("### Default schedule\n\n")
	p("Each row: %d render times over ±%.0f%% of the point × %d start offsets in [-%s, %s) × %d jitter sequences (%d seeds + the all-lowest and all-highest draws).\n",
		sw.Steps, sw.Spread*100, sw.Offsets, sw.MaxOffset, sw.MaxOffset, seeds+2, seeds)
	p("GETs count from the render POST to the GET that sees DONE, that one included. Targets are checked per run against its own render time T. ")
	p("The schedule reads no phase and no duration, so these rows hold for any split of the render into its phases.\n\n")
	_ = poll.SimulateSweep(def, realistic, seeds, sw).WriteMarkdown(w)

	p("\n### Renders 10 times faster or slower than the model, beside a fixed 10 s poll (Argil's n8n node)\n\n")
	p("The model (%s) turns a clip into a render time; the same clip rendered 10 times faster or slower. Each cell sweeps the render time ±%.0f%%. ", realistic.Name, sw.Spread*100)
	p("Latency target: max(1 s, 25%% of T), at most 10 s. Worst latency, p50 latency, worst GETs (worst GETs − T/10 s).\n\n")
	p("| clip | render speed | render time T | latency target | this schedule: worst / p50 latency | this schedule: worst GETs | fixed 10 s: worst / p50 latency | fixed 10 s: worst GETs | met |\n")
	p("|---:|---|---:|---:|---:|---:|---:|---:|:---:|\n")
	for _, clip := range []float64{15, 60, 180} {
		for _, m := range []poll.RenderModel{poll.FasterModel(), realistic, poll.SlowerModel()} {
			one := sw
			one.Points = []time.Duration{m.RenderTime(clip)}
			r := poll.SimulateSweep(def, m, seeds, one)
			row := r.Rows[0]
			met := "yes"
			if !r.Met() {
				met = "**no**"
			}
			p("| %.0f s | %s | %s | %s | %.2f / %.2f s | %d (+%.1f) | %.2f / %.2f s | %d (+%.1f) | %s |\n", clip, m.Name, fmtT(row.RenderTime),
				fmtT(poll.LatencyTarget(row.RenderTime)), row.LatencyMax.Seconds(), row.LatencyP50.Seconds(), row.GETsMax, row.GETsOver,
				row.Fixed10LatencyMax.Seconds(), row.Fixed10LatencyP50.Seconds(), row.Fixed10GETsMax, row.Fixed10GETsOver, met)
		}
	}

	p("\n### What the bound costs\n\n")
	p("Per point: worst GETs − T/10s (budget %g), mean GETs in brackets, then worst latency. The plain schedule polls as late as the bound allows, ", poll.GETAllowance)
	p("so no schedule that keeps the bound spends fewer GETs; the default aims 10%% under the bound and jitters 5%% further down.\n\n")
	header(w, sw)
	line(w, "default (margin 10%, jitter 5%)", poll.SimulateSweep(def, realistic, seeds, sw))
	line(w, "plain clamp(0.25 t, 1 s, 10 s) (zero Config)", poll.SimulateSweep(poll.Config{}, realistic, seeds, sw))
	line(w, "fixed 10 s poll", poll.SimulateSweep(poll.Config{MinInterval: 10 * time.Second, MaxInterval: 10 * time.Second}, realistic, seeds, sw))

	p("\n### The benchmark's render: 2.75 s GENERATING_AUDIO + 3.5 s GENERATING_VIDEO (a 12.5 s clip)\n\n")
	p("Worst GETs / worst latency over %d jitter sequences; target 1.5 s with at most 12 GETs.\n\n", seeds+2)
	p("| schedule | worst GETs / worst latency |\n|---|---:|\n")
	for _, v := range []struct {
		name string
		c    poll.Config
	}{{"default", def}, {"plain clamp (zero Config)", poll.Config{}}, {"fixed 2 s", poll.Config{MinInterval: 2 * time.Second, MaxInterval: 2 * time.Second}}, {"fixed 10 s", poll.Config{MinInterval: 10 * time.Second, MaxInterval: 10 * time.Second}}} {
		// A millisecond late: the provider starts its clock before it reads the video and POSTs.
		g, l := poll.SimulateRender(v.c, 2750*time.Millisecond, 3501*time.Millisecond, seeds)
		p("| %s | %d / %.2f s |\n", v.name, g, l.Seconds())
	}
}

func fmtT(d time.Duration) string {
	if d >= time.Minute {
		return fmt.Sprintf("%.1f min", d.Minutes())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func header(w *strings.Builder, sw poll.Sweep) {
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

func line(w *strings.Builder, name string, r poll.Result) {
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
