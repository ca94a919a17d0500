// Command argilbench measures the provider end to end: the real terraform CLI on PATH drives
// the real provider binary (through a dev_overrides CLI configuration) against the Argil
// emulator on 127.0.0.1, and the results are printed as Markdown tables.
//
//	go run ./cmd/argilbench [-quick] [-runs N] [-only single,scale,scale-long,plan,table]
//
// Scenarios:
//
//   - single: one argil_video_render of a 6.25 s render (2.75 s audio + 3.5 s video, a
//     12.5 s clip: a video rendered faster than it plays): requests by route, detection
//     latency (from the emulator's DONE instant to the answer that showed DONE) and apply
//     wall time, with the default poll settings and with a fixed 10 s poll.
//   - scale: many argil_video_render in one apply (-parallelism equal to their number)
//     against an emulator limited to -rate requests per second (burst as many): failures,
//     renders processed, requests, 429 answers, and wall time against the bound 3n/rate,
//     with documented list pages and with a GET /videos that is not a page.
//   - scale-long (not in the default set): the same with renders of a minute.
//   - plan: terraform plan (refresh) with renders (and videos and renders) in state in an
//     account of twice as many videos, at 10 requests/s, one video deleted outside
//     Terraform: wall time, requests, whether the deleted video was found, next to the same
//     plan over terraform_data resources.
//   - table: this provider beside fixed polls of 2, 5 and 10 s, one render per apply, for
//     renders of about 6 s, 35 s, 90 s and 10 min whose phases fall on no round number:
//     detection latency and GETs. The applies of one render length run concurrently.
//
// -quick shrinks every scenario so that the whole run takes a few minutes (a smoke test of
// the benchmark, not figures to publish). Nothing is downloaded; the emulator listens on
// loopback only.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/emulator/emulatortest"
	"github.com/argil-community/terraform-provider-argil/internal/tfcli"
)

// benchAPIKey is the key of the benchmark's emulators.
const benchAPIKey = "argilbench-key"

// benchTranscript reads for more than 4 s at the emulator's 15 characters per second, so a
// rendered video reports a duration equal to the video phase.
const benchTranscript = "Welcome to the quarterly update. Here is what our team shipped this month."

// clipTranscript reads for 12.5 s at the emulator's 15 characters per second (188
// characters): a render of 3.5 s of video phase reports a 12.5 s clip, a video rendered
// faster than it plays.
const clipTranscript = "Welcome to the quarterly update. Here is what our team shipped this month: faster renders, " +
	"shared polls, and a provider that notices a finished video within a quarter of its time."

type options struct {
	quick         bool
	runs          int
	only          map[string]bool
	provider      string
	terraform     string
	keep          bool
	trace         bool
	renders       int
	rate          float64
	planResources int
	audio, video  time.Duration
	out           io.Writer
	cmdline       string
}

func main() {
	var o options
	var only string
	flag.BoolVar(&o.quick, "quick", false, "smoke-test mode: one run per case and small scenarios, under a minute")
	flag.IntVar(&o.runs, "runs", 0, "runs per case (default 5 for single, 3 for scale and plan; 1 with -quick)")
	flag.StringVar(&only, "only", "single,scale,plan,table", "comma-separated scenarios to run: single, scale, scale-long (renders of 60 s; not in the default set), plan, table (this provider beside fixed polls, renders of 6 s to 10 min)")
	flag.StringVar(&o.provider, "provider", "", "terraform-provider-argil binary (default: go build one into the work directory)")
	flag.StringVar(&o.terraform, "terraform", "", "terraform executable (default: terraform on PATH)")
	flag.BoolVar(&o.keep, "keep", false, "keep the work directory (configurations, states, terraform output)")
	flag.BoolVar(&o.trace, "trace", false, "print, on stderr, when each render of the scale scenarios started, ended and was seen DONE")
	flag.IntVar(&o.renders, "renders", 60, "renders in the scale scenarios (10 with -quick)")
	flag.Float64Var(&o.rate, "rate", 10, "emulator rate limit in requests per second for the scale scenario")
	flag.IntVar(&o.planResources, "plan-resources", 500, "renders in state for the plan scenario, in an account of twice as many videos (50 with -quick)")
	flag.DurationVar(&o.audio, "audio-phase", 2750*time.Millisecond, "emulator audio phase (single and scale)")
	flag.DurationVar(&o.video, "video-phase", 3500*time.Millisecond, "emulator video phase (single and scale)")
	flag.Parse()
	o.only = map[string]bool{}
	for _, s := range strings.Split(only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			o.only[s] = true
		}
	}
	if o.quick {
		if !flagSet("renders") {
			o.renders = 10
		}
		if !flagSet("plan-resources") {
			o.planResources = 50
		}
	}
	o.out = os.Stdout
	o.cmdline = "go run ./cmd/argilbench " + strings.Join(os.Args[1:], " ")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "argilbench:", err)
		os.Exit(1)
	}
}

func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func (o options) runsFor(def int) int {
	switch {
	case o.runs > 0:
		return o.runs
	case o.quick:
		return 1
	}
	return def
}

// logf reports progress on stderr; the tables go to stdout.
func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "argilbench: "+format+"\n", a...)
}

func run(ctx context.Context, o options) error {
	work, err := os.MkdirTemp("", "argilbench-")
	if err != nil {
		return err
	}
	if o.keep {
		logf("work directory: %s", work)
	} else {
		defer os.RemoveAll(work)
	}
	tfBin := o.terraform
	if tfBin == "" {
		if tfBin, err = exec.LookPath("terraform"); err != nil {
			return errors.New("no terraform on PATH (the benchmark never downloads one; see `make terraform`)")
		}
	}
	provider := o.provider
	if provider == "" {
		logf("building the provider into %s", filepath.Join(work, "bin"))
		var err error
		if provider, err = tfcli.Build(ctx, filepath.Join(work, "bin")); err != nil {
			return err
		}
	}
	tf, err := newTerraformCLI(tfBin, provider, work)
	if err != nil {
		return err
	}
	tfVersion, err := tf.version(ctx)
	if err != nil {
		return fmt.Errorf("terraform version: %w", err)
	}
	b := &bench{o: o, tf: tf, work: work}
	b.header(readMachine(tfVersion))
	if o.only["single"] {
		if err := b.single(ctx); err != nil {
			return fmt.Errorf("single: %w", err)
		}
	}
	if o.only["scale"] {
		if err := b.scale(ctx); err != nil {
			return fmt.Errorf("scale: %w", err)
		}
	}
	if o.only["scale-long"] {
		if err := b.scaleLong(ctx); err != nil {
			return fmt.Errorf("scale-long: %w", err)
		}
	}
	if o.only["plan"] {
		if err := b.plan(ctx); err != nil {
			return fmt.Errorf("plan: %w", err)
		}
	}
	if o.only["table"] {
		if err := b.table(ctx); err != nil {
			return fmt.Errorf("table: %w", err)
		}
	}
	b.footer()
	return nil
}

type bench struct {
	o    options
	tf   *terraformCLI
	work string
	seq  int
}

func (b *bench) p(format string, a ...any) { fmt.Fprintf(b.o.out, format, a...) }

// dir returns a new empty working directory for one terraform configuration.
func (b *bench) dir(name string) (string, error) {
	b.seq++
	d := filepath.Join(b.work, fmt.Sprintf("%02d-%s", b.seq, name))
	return d, os.MkdirAll(d, 0o755)
}

func (b *bench) header(m machine) {
	b.p("# argilbench\n\n")
	b.p("- date: %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	b.p("- machine: %d CPUs (%s), %d MiB memory, Linux %s\n", m.CPUs, m.CPUModel, m.MemoryMiB, m.Kernel)
	b.p("- Go %s, Terraform %s\n", strings.TrimPrefix(m.Go, "go"), m.Terraform)
	b.p("- command: `%s`\n", strings.TrimSpace(b.o.cmdline))
	b.p("- load average at the start: %s\n", loadAverage())
	if b.o.quick {
		b.p("- **quick mode**: one run per case, small scenarios; a smoke test, not figures to publish\n")
	}
	b.p("\n")
}

// footer closes the report with the load at the end, since other work on the machine
// slows every figure down.
func (b *bench) footer() {
	b.p("Load average at the end: %s.\n", loadAverage())
}

// benchEmulator is an emulator served on loopback behind a recorder.
type benchEmulator struct {
	*emulatortest.Server
	rec *recorder
}

// startEmulatorWith starts an emulator with opts (the benchmark's key and seed set). Call
// Close when done.
func startEmulatorWith(opts emulator.Options) *benchEmulator {
	opts.APIKey, opts.Seed = benchAPIKey, 1
	be := &benchEmulator{}
	be.Server = emulatortest.Serve(opts, func(e *emulator.Emulator) http.Handler {
		be.rec = newRecorder(e)
		return be.rec
	})
	return be
}

// seedIdle seeds n videos in status ("" for IDLE) and returns their ids.
func (be *benchEmulator) seedIdle(n int, status string) []string {
	return be.seed(n, status, benchTranscript)
}

// seed seeds n videos in status reading transcript and returns their ids, oldest first.
func (be *benchEmulator) seed(n int, status, transcript string) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = be.SeedVideo(emulator.SeedVideo{
			Name:    fmt.Sprintf("argilbench %d", i),
			Status:  status,
			Moments: []emulator.SeedMoment{{Transcript: transcript, AvatarID: emulator.AvatarEmmaID, VoiceID: emulator.VoiceEmmaID}},
		})
	}
	return ids
}

// renderConfig is a configuration with one argil_video_render per id.
func renderConfig(baseURL, providerExtra string, ids []string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, `terraform {
  required_providers {
    argil = {
      source = "argil-community/argil"
    }
  }
}

provider "argil" {
  api_key  = %q
  base_url = %q
%s
}

locals {
  ids = [
`, benchAPIKey, baseURL, providerExtra)
	for _, id := range ids {
		fmt.Fprintf(&sb, "    %q,\n", id)
	}
	sb.WriteString(`  ]
}

resource "argil_video_render" "r" {
  count    = length(local.ids)
  video_id = local.ids[count.index]
}
`)
	return sb.String()
}

func writeConfig(dir, text string) error {
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(text), 0o644)
}

// variant is a set of provider arguments (and emulator switches) to compare.
type variant struct {
	name  string
	extra string // lines inside the provider block
	emu   emulator.Options
}

func fmtSec(d time.Duration) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", d.Seconds()), "0"), ".") + " s"
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}
