// Command pollsim simulates the provider's render poll schedule (package poll) on a fake clock
// and prints, in Markdown, GETs and detection latency per render time next to a fixed 10 s
// poll: for the realistic render model, with parts of the schedule turned off, and for other
// phase splits.
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

// report writes the three tables.
func report(w *strings.Builder, seeds int, sw poll.Sweep) {
	def := poll.DefaultConfig()
	realistic := poll.RealisticModel()
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }

	p("## Default schedule, model \"%s\"\n\n", realistic.Name)
	p("Each row: %d render times over ±%.0f%% of the point × %d start offsets in [-%s, %s) × %d jitter sequences (%d seeds + the all-lowest and all-highest draws).\n",
		sw.Steps, sw.Spread*100, sw.Offsets, sw.MaxOffset, sw.MaxOffset, seeds+2, seeds)
	p("GETs count from the render POST to the GET that sees DONE, that one included. Targets are checked per run against its own render time T.\n\n")
	_ = poll.SimulateSweep(def, realistic, seeds, sw).WriteMarkdown(w)

	phaseOnly := def
	phaseOnly.MinRenderFactor = 0
	noPredict := def
	noPredict.Predict = false
	variants := []struct {
		name string
		c    poll.Config
	}{
		{"default: phase + duration rules", def},
		{"phase rule only (MinRenderFactor 0)", phaseOnly},
		{"no prediction (Predict false)", noPredict},
		{"plain clamp(0.25 t, 1 s, 10 s), no jitter (zero Config)", poll.Config{}},
	}
	audioURL := poll.OtherModels()[1]
	for _, m := range []poll.RenderModel{realistic, audioURL} {
		p("\n## What each rule buys, model \"%s\"\n\n", m.Name)
		p("Per point: worst GETs − T/10s (budget 8), mean GETs in brackets, then worst latency.\n\n")
		header(w, sw)
		for _, v := range variants {
			line(w, v.name, poll.SimulateSweep(v.c, m, seeds, sw))
		}
	}
	p("\n## Default schedule on other render models\n\n")
	p("Same cells. The last two models break the schedule's default assumptions on purpose (video faster than real time; a video phase shorter than the audio phase).\n\n")
	header(w, sw)
	for _, m := range append([]poll.RenderModel{realistic}, poll.OtherModels()...) {
		line(w, m.Name, poll.SimulateSweep(def, m, seeds, sw))
	}

	p("\n## The emulator's default render: 2 s GENERATING_AUDIO + 4 s GENERATING_VIDEO\n\n")
	p("The emulator reports a duration of 15 transcript characters per second whatever its video phase lasts, so a long transcript\n")
	p("makes the video faster than real time and breaks the duration rule. Worst GETs / worst latency (target 1.50 s) over %d jitter sequences.\n\n", seeds+2)
	p("| Video duration | default | Predict false |\n|---:|---:|---:|\n")
	for _, d := range []float64{1, 4, 10, 30} {
		g1, l1 := poll.SimulateRender(def, 2*time.Second, 4*time.Second, d, seeds)
		g2, l2 := poll.SimulateRender(noPredict, 2*time.Second, 4*time.Second, d, seeds)
		p("| %.0f s | %d / %.2f s | %d / %.2f s |\n", d, g1, l1.Seconds(), g2, l2.Seconds())
	}
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
