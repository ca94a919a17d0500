// Command argilbench measures the provider end to end: the real terraform CLI on PATH drives
// the real provider binary (through a dev_overrides CLI configuration) against the Argil
// emulator on 127.0.0.1, and the results are printed as Markdown tables.
//
//	go run ./cmd/argilbench [-quick] [-runs N] [-only single,scale,scale-long,plan]
//
// Scenarios:
//
//   - single: one argil_video_render of a 6 s render (2 s audio + 4 s video): requests by
//     route, detection latency (from the emulator's DONE instant to the answer that showed
//     DONE) and apply wall time, with the default poll settings and with a fixed 10 s poll.
//   - scale: many argil_video_render in one apply (-parallelism equal to their number)
//     against an emulator limited to -rate requests per second: failures, renders processed,
//     requests, 429 answers, and wall time against the lower bound, with the renders sharing
//     GET /videos pages (the default) and polling each its own video (poll_with_list = false).
//   - scale-long (not in the default set): the same with renders of a minute, where polls
//     add up.
//   - plan: terraform plan (refresh) with many DONE renders in state: wall time and the peak
//     RSS of the provider process, next to the same plan over terraform_data resources.
//
// -quick shrinks every scenario so that the whole run takes under a minute (a smoke test of
// the benchmark, not figures to publish). Nothing is downloaded; the emulator listens on
// loopback only.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// benchAPIKey is the key of the benchmark's emulators.
const benchAPIKey = "argilbench-key"

// benchTranscript reads for more than 4 s at the emulator's 15 characters per second, so a
// rendered video reports a duration equal to the video phase.
const benchTranscript = "Welcome to the quarterly update. Here is what our team shipped this month."

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
	flag.StringVar(&only, "only", "single,scale,plan", "comma-separated scenarios to run: single, scale, scale-long (100 renders of 60 s, about 3 minutes per run; not in the default set), plan")
	flag.StringVar(&o.provider, "provider", "", "terraform-provider-argil binary (default: go build one into the work directory)")
	flag.StringVar(&o.terraform, "terraform", "", "terraform executable (default: terraform on PATH)")
	flag.BoolVar(&o.keep, "keep", false, "keep the work directory (configurations, states, terraform output)")
	flag.BoolVar(&o.trace, "trace", false, "print, on stderr, when each render of the scale scenarios started, ended and was seen DONE")
	flag.IntVar(&o.renders, "renders", 100, "renders in the scale scenarios (10 with -quick)")
	flag.Float64Var(&o.rate, "rate", 10, "emulator rate limit in requests per second for the scale scenario")
	flag.IntVar(&o.planResources, "plan-resources", 500, "resources in state for the plan scenario (50 with -quick)")
	flag.DurationVar(&o.audio, "audio-phase", 2*time.Second, "emulator audio phase")
	flag.DurationVar(&o.video, "video-phase", 4*time.Second, "emulator video phase")
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
		provider = filepath.Join(work, "bin", "terraform-provider-argil")
		logf("building the provider into %s", provider)
		build := exec.CommandContext(ctx, "go", "build", "-o", provider, ".")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build of the provider (run argilbench from the repository root): %w", err)
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
	*emulator.Emulator
	rec     *recorder
	srv     *http.Server
	BaseURL string
}

func startEmulator(audio, video time.Duration) (*benchEmulator, error) {
	e := emulator.New(emulator.Options{APIKey: benchAPIKey, AudioPhase: audio, VideoPhase: video, Seed: 1})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.Close()
		return nil, err
	}
	rec := newRecorder(e)
	srv := &http.Server{Handler: rec, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return &benchEmulator{Emulator: e, rec: rec, srv: srv, BaseURL: "http://" + ln.Addr().String() + "/v1"}, nil
}

func (be *benchEmulator) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = be.srv.Shutdown(ctx)
	be.Close()
}

// seedIdle seeds n IDLE videos and returns their ids.
func (be *benchEmulator) seedIdle(n int, status string) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = be.SeedVideo(emulator.SeedVideo{
			Name:    fmt.Sprintf("argilbench %d", i),
			Status:  status,
			Moments: []emulator.SeedMoment{{Transcript: benchTranscript, AvatarID: emulator.AvatarEmmaID, VoiceID: emulator.VoiceEmmaID}},
		})
	}
	return ids
}

// total counts every API request the emulator received.
func (be *benchEmulator) total() int {
	n := 0
	for _, c := range be.Counts() {
		n += c
	}
	return n
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

// variant is a set of provider arguments to compare.
type variant struct {
	name  string
	extra string // lines inside the provider block
}

// singleRun is one apply of one render.
type singleRun struct {
	gets, posts, lists, total int
	latency                   time.Duration
	wall                      time.Duration
}

func (b *bench) single(ctx context.Context) error {
	variants := []variant{
		{"default (`poll_min_interval` 1s, `poll_max_interval` 10s)", ""},
		{"fixed 10 s poll (`poll_min_interval` = `poll_max_interval` = 10s)", "  poll_min_interval = \"10s\"\n  poll_max_interval = \"10s\""},
	}
	if b.o.quick {
		variants = variants[:1]
	}
	runs := b.o.runsFor(5)
	render := b.o.audio + b.o.video
	b.p("## One render: %s render (%s audio + %s video), `terraform apply`\n\n", fmtSec(render), fmtSec(b.o.audio), fmtSec(b.o.video))
	b.p("Median (min–max) of %d run(s) per row. GETs count every `GET /videos/{id}`, the read before the render included. "+
		"Detection latency: from the emulator's DONE instant to the answer that showed DONE. Target: latency ≤ 1.5 s with ≤ 12 GETs.\n\n", runs)
	b.p("| poll settings | GET /videos/{id} | POST render | all requests | detection latency | apply wall time | target met |\n")
	b.p("|---|---:|---:|---:|---:|---:|:---:|\n")
	for _, v := range variants {
		var rs []singleRun
		for i := range runs {
			logf("single: %s, run %d/%d", v.name, i+1, runs)
			r, err := b.singleOnce(ctx, v)
			if err != nil {
				return err
			}
			rs = append(rs, r)
		}
		var gets, posts, total, lat, wall []float64
		met := true
		for _, r := range rs {
			gets = append(gets, float64(r.gets))
			posts = append(posts, float64(r.posts))
			total = append(total, float64(r.total))
			lat = append(lat, r.latency.Seconds())
			wall = append(wall, r.wall.Seconds())
			met = met && r.latency <= 1500*time.Millisecond && r.gets <= 12
		}
		b.p("| %s | %s | %s | %s | %s s | %s s | %s |\n", v.name, summary(gets, "%.0f"), summary(posts, "%.0f"), summary(total, "%.0f"),
			summary(lat, "%.2f"), summary(wall, "%.2f"), yesNo(met))
	}
	b.p("\n")
	return nil
}

func (b *bench) singleOnce(ctx context.Context, v variant) (singleRun, error) {
	be, err := startEmulator(b.o.audio, b.o.video)
	if err != nil {
		return singleRun{}, err
	}
	defer be.close()
	ids := be.seedIdle(1, "")
	dir, err := b.dir("single")
	if err != nil {
		return singleRun{}, err
	}
	if err := writeConfig(dir, renderConfig(be.BaseURL, v.extra, ids)); err != nil {
		return singleRun{}, err
	}
	res, err := b.tf.run(ctx, dir, 5*time.Minute, "apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		return singleRun{}, err
	}
	if res.exitCode != 0 {
		return singleRun{}, fmt.Errorf("terraform apply exited with %d:\n%s", res.exitCode, tail(res.output, 40))
	}
	lat, unseen := be.rec.latencies()
	if unseen != 0 || len(lat) != 1 {
		return singleRun{}, fmt.Errorf("the render was not seen DONE by any answer (latencies %v, unseen %d)", lat, unseen)
	}
	return singleRun{
		gets:    be.Count("GET /videos/{id}"),
		posts:   be.Count("POST /videos/{id}/render"),
		lists:   be.Count("GET /videos"),
		total:   be.total(),
		latency: lat[0],
		wall:    res.wall,
	}, nil
}

// scaleRun is one apply of many renders.
type scaleRun struct {
	failures    int // renders not DONE in state
	exitCode    int
	processed   int // renders the emulator ran
	maxPerVideo int // most renders of one video
	gets, posts int
	lists       int
	total       int
	tooMany     int
	wall        time.Duration
	span        time.Duration // first API request to last answer
	latencies   []float64
}

func (b *bench) scaleVariants() []variant {
	return []variant{
		{"default (`poll_with_list` = true)", ""},
		{"`poll_with_list` = false: every render polls its own video", "  poll_with_list = false"},
	}
}

func (b *bench) scale(ctx context.Context) error {
	return b.scaleWith(ctx, b.o.audio, b.o.video, b.o.runsFor(3))
}

// scaleLong is the scale scenario with renders of a minute (6 s audio + 54 s video), where
// each render polls several times while it waits.
func (b *bench) scaleLong(ctx context.Context) error {
	runs := 1
	if b.o.runs > 0 {
		runs = b.o.runs
	}
	return b.scaleWith(ctx, 6*time.Second, 54*time.Second, runs)
}

func (b *bench) scaleWith(ctx context.Context, audio, video time.Duration, runs int) error {
	n := b.o.renders
	render := audio + video
	lower := time.Duration(float64(3*n)/b.o.rate*float64(time.Second)) + render
	b.p("## %d renders of %s in one apply (`-parallelism=%d`), emulator limited to %g requests/s\n\n", n, fmtSec(render), n, b.o.rate)
	b.p("Each render: %s (%s audio + %s video). The provider keeps its default `max_requests_per_second` (10). "+
		"Median (min–max) of %d run(s). Lower bound = (1 GET + 1 POST + 1 final GET per render = %d requests) / %g req/s + %s render = %s. "+
		"Own bound = (API requests the provider got answered, 429s excluded) / %g req/s + %s. "+
		"Wall: the whole `terraform apply`; API span: first request to last answer at the emulator. "+
		"Failures: renders not `DONE` in the state afterwards. Renders processed: renders the emulator ran (each video at most once).\n\n",
		fmtSec(render), fmtSec(audio), fmtSec(video), runs, 3*n, b.o.rate, fmtSec(render), fmtSec(lower), b.o.rate, fmtSec(render))
	b.p("| settings | failures | renders processed | GET /videos/{id} | POST render | GET /videos | all requests | 429s | wall | wall / lower bound | API span / lower bound | wall / own bound | detection latency p50 / max |\n")
	b.p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, v := range b.scaleVariants() {
		var rs []scaleRun
		for i := range runs {
			logf("scale: %d renders of %s, %s, run %d/%d", n, fmtSec(render), v.name, i+1, runs)
			r, err := b.scaleOnce(ctx, v, n, audio, video)
			if err != nil {
				return err
			}
			rs = append(rs, r)
		}
		var fail, proc, gets, posts, lists, total, tooMany, wall, ratio, spanRatio, own, p50, pmax []float64
		allOnce := true
		for _, r := range rs {
			fail = append(fail, float64(r.failures))
			proc = append(proc, float64(r.processed))
			gets = append(gets, float64(r.gets))
			posts = append(posts, float64(r.posts))
			lists = append(lists, float64(r.lists))
			total = append(total, float64(r.total))
			tooMany = append(tooMany, float64(r.tooMany))
			wall = append(wall, r.wall.Seconds())
			ratio = append(ratio, r.wall.Seconds()/lower.Seconds())
			spanRatio = append(spanRatio, r.span.Seconds()/lower.Seconds())
			ownBound := float64(r.total-r.tooMany)/b.o.rate + render.Seconds()
			own = append(own, r.wall.Seconds()/ownBound)
			p50 = append(p50, median(r.latencies))
			pmax = append(pmax, percentile(r.latencies, 100))
			allOnce = allOnce && r.maxPerVideo == 1
		}
		processed := summary(proc, "%.0f")
		if !allOnce {
			processed += " (**a video rendered twice**)"
		}
		b.p("| %s | %s | %s | %s | %s | %s | %s | %s | %s s | %s | %s | %s | %s / %s s |\n", v.name, summary(fail, "%.0f"), processed,
			summary(gets, "%.0f"), summary(posts, "%.0f"), summary(lists, "%.0f"), summary(total, "%.0f"), summary(tooMany, "%.0f"),
			summary(wall, "%.1f"), summary(ratio, "%.2f"), summary(spanRatio, "%.2f"), summary(own, "%.2f"), summary(p50, "%.2f"), summary(pmax, "%.2f"))
	}
	b.p("\n")
	return nil
}

func (b *bench) scaleOnce(ctx context.Context, v variant, n int, audio, video time.Duration) (scaleRun, error) {
	be, err := startEmulator(audio, video)
	if err != nil {
		return scaleRun{}, err
	}
	defer be.close()
	ids := be.seedIdle(n, "")
	be.SetFaults(emulator.Faults{RateLimit: b.o.rate})
	dir, err := b.dir("scale")
	if err != nil {
		return scaleRun{}, err
	}
	if err := writeConfig(dir, renderConfig(be.BaseURL, v.extra, ids)); err != nil {
		return scaleRun{}, err
	}
	res, err := b.tf.run(ctx, dir, 15*time.Minute, "apply", "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", n))
	if err != nil {
		return scaleRun{}, err
	}
	if res.exitCode != 0 {
		logf("scale: terraform apply exited with %d:\n%s", res.exitCode, tail(res.output, 30))
	}
	statuses, err := b.tf.stateStatuses(ctx, dir)
	if err != nil {
		return scaleRun{}, err
	}
	done := 0
	for _, s := range statuses {
		if s == "DONE" {
			done++
		}
	}
	r := scaleRun{
		failures:  n - done,
		exitCode:  res.exitCode,
		processed: be.TotalRenders(),
		gets:      be.Count("GET /videos/{id}"),
		posts:     be.Count("POST /videos/{id}/render"),
		lists:     be.Count("GET /videos"),
		total:     be.total(),
		tooMany:   be.rec.count429(),
		wall:      res.wall,
		span:      be.rec.span(),
	}
	for _, id := range ids {
		r.maxPerVideo = max(r.maxPerVideo, be.Renders(id))
	}
	lat, _ := be.rec.latencies()
	r.latencies = seconds(lat)
	if b.o.trace {
		logf("trace of %s:", dir)
		be.rec.trace(os.Stderr)
	}
	return r, nil
}

func (b *bench) plan(ctx context.Context) error {
	n := b.o.planResources
	runs := b.o.runsFor(3)
	b.p("## `terraform plan` (refresh) with %d resources in state\n\n", n)
	b.p("Median (min–max) of %d run(s). The %d videos are seeded DONE in the emulator (no rate limit) and adopted by a first apply, not timed. "+
		"Peak RSS is VmHWM sampled every %s from /proc: the highest of the provider processes the plan started, and the terraform process.\n\n",
		runs, n, rssSamplePeriod)
	be, err := startEmulator(b.o.audio, b.o.video)
	if err != nil {
		return err
	}
	defer be.close()
	ids := be.seedIdle(n, "DONE")
	argilDir, err := b.dir("plan-argil")
	if err != nil {
		return err
	}
	fast := "  max_requests_per_second = 1000"
	if err := writeConfig(argilDir, renderConfig(be.BaseURL, fast, ids)); err != nil {
		return err
	}
	logf("plan: adopting %d DONE videos", n)
	res, err := b.tf.run(ctx, argilDir, 15*time.Minute, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=20")
	if err != nil {
		return err
	}
	if res.exitCode != 0 {
		return fmt.Errorf("setup apply exited with %d:\n%s", res.exitCode, tail(res.output, 30))
	}
	if r := be.TotalRenders(); r != 0 {
		return fmt.Errorf("adopting DONE videos started %d render(s)", r)
	}
	dataDir, err := b.dir("plan-terraform_data")
	if err != nil {
		return err
	}
	dataConfig := fmt.Sprintf("resource \"terraform_data\" \"r\" {\n  count = %d\n  input = \"video-${count.index}\"\n}\n", n)
	if err := writeConfig(dataDir, dataConfig); err != nil {
		return err
	}
	logf("plan: applying %d terraform_data", n)
	if res, err = b.tf.run(ctx, dataDir, 15*time.Minute, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return err
	}
	if res.exitCode != 0 {
		return fmt.Errorf("terraform_data apply exited with %d:\n%s", res.exitCode, tail(res.output, 30))
	}

	cases := []struct {
		name  string
		dir   string
		extra string
		argil bool
	}{
		{"`argil_video_render`, default `max_requests_per_second` (10)", argilDir, "", true},
		{"`argil_video_render`, `max_requests_per_second` = 1000", argilDir, fast, true},
		{"`terraform_data` (no API)", dataDir, "", false},
	}
	b.p("| resources in state | plan wall time | API requests | provider peak RSS | provider processes | terraform peak RSS |\n")
	b.p("|---|---:|---:|---:|---:|---:|\n")
	for _, c := range cases {
		if c.argil {
			if err := writeConfig(c.dir, renderConfig(be.BaseURL, c.extra, ids)); err != nil {
				return err
			}
		}
		var wall, reqs, prov, procs, tfRSS []float64
		for i := range runs {
			logf("plan: %s, run %d/%d", c.name, i+1, runs)
			before := be.total()
			res, err := b.tf.run(ctx, c.dir, 15*time.Minute, "plan", "-input=false", "-no-color", "-detailed-exitcode", "-parallelism=10")
			if err != nil {
				return err
			}
			if res.exitCode != 0 {
				return fmt.Errorf("plan of %s exited with %d (0 = no changes expected):\n%s", c.name, res.exitCode, tail(res.output, 30))
			}
			wall = append(wall, res.wall.Seconds())
			reqs = append(reqs, float64(be.total()-before))
			prov = append(prov, float64(res.providerPeakKB)/1024)
			procs = append(procs, float64(res.providerProcs))
			tfRSS = append(tfRSS, float64(res.terraformPeakKB)/1024)
		}
		provRSS, provProcs := summary(prov, "%.0f")+" MiB", summary(procs, "%.0f")
		if !c.argil {
			provRSS, provProcs = "–", "0"
		}
		b.p("| %d %s | %s s | %s | %s | %s | %s MiB |\n", n, c.name, summary(wall, "%.2f"), summary(reqs, "%.0f"), provRSS, provProcs, summary(tfRSS, "%.0f"))
	}
	b.p("\n")
	return nil
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
