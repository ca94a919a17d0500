package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// fixedPoll is the provider setting of a fixed poll every d.
func fixedPoll(d string) string {
	return fmt.Sprintf("  poll_min_interval = %q\n  poll_max_interval = %q", d, d)
}

// singleRun is one apply of one render.
type singleRun struct {
	gets, posts, lists, total int
	latency                   time.Duration
	wall                      time.Duration
}

func (b *bench) single(ctx context.Context) error {
	variants := []variant{
		{name: "default (`poll_min_interval` 1s, `poll_max_interval` 10s)"},
		{name: "fixed 10 s poll (`poll_min_interval` = `poll_max_interval` = 10s)", extra: fixedPoll("10s")},
	}
	if b.o.quick {
		variants = variants[:1]
	}
	runs := b.o.runsFor(5)
	render := b.o.audio + b.o.video
	b.p("## One render: %s render (%s audio + %s video, a 12.5 s clip), `terraform apply`\n\n", fmtSec(render), fmtSec(b.o.audio), fmtSec(b.o.video))
	b.p("The emulator reports the clip's duration (12.5 s) although the video phase lasts %s: a video rendered faster than it plays. "+
		"Median (min–max) of %d run(s) per row. GETs count every `GET /videos/{id}`, the read before the render included. "+
		"Detection latency: from the emulator's DONE instant to the answer that showed DONE. Target: latency ≤ 1.5 s with ≤ 12 GETs.\n\n", fmtSec(b.o.video), runs)
	b.p("| poll settings | GET /videos/{id} | POST render | all requests | detection latency | apply wall time | target met |\n")
	b.p("|---|---:|---:|---:|---:|---:|:---:|\n")
	opts := emulator.Options{AudioPhase: b.o.audio, VideoPhase: b.o.video}
	for _, v := range variants {
		var gets, posts, total, lat, wall []float64
		met := true
		for i := range runs {
			logf("single: %s, run %d/%d", v.name, i+1, runs)
			dir, err := b.dir("single")
			if err != nil {
				return err
			}
			r, err := b.renderOnce(ctx, dir, v.extra, opts, clipTranscript)
			if err != nil {
				return err
			}
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

// renderOnce applies one argil_video_render of a new IDLE video reading transcript, in dir,
// against its own emulator.
func (b *bench) renderOnce(ctx context.Context, dir, extra string, opts emulator.Options, transcript string) (singleRun, error) {
	be := startEmulatorWith(opts)
	defer be.Close()
	ids := be.seed(1, "", transcript)
	if err := writeConfig(dir, renderConfig(be.BaseURL, extra, ids)); err != nil {
		return singleRun{}, err
	}
	timeout := 5*time.Minute + 2*(opts.AudioPhase+opts.VideoPhase)
	res, err := b.tf.run(ctx, dir, timeout, "apply", "-auto-approve", "-input=false", "-no-color")
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
		total:   be.TotalRequests(),
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
		{name: "documented `GET /videos` pages (shared polls)"},
		{name: "`GET /videos` not a page: per-video polls", emu: emulator.Options{BareArrayList: true}},
	}
}

func (b *bench) scale(ctx context.Context) error {
	return b.scaleWith(ctx, b.o.audio, b.o.video, b.o.runsFor(3))
}

// scaleLong is the scale scenario with renders of a minute (6.3 s audio + 53.9 s video).
func (b *bench) scaleLong(ctx context.Context) error {
	runs := 1
	if b.o.runs > 0 {
		runs = b.o.runs
	}
	return b.scaleWith(ctx, 6300*time.Millisecond, 53900*time.Millisecond, runs)
}

func (b *bench) scaleWith(ctx context.Context, audio, video time.Duration, runs int) error {
	n := b.o.renders
	render := audio + video
	bound := time.Duration(float64(3*n) / b.o.rate * float64(time.Second))
	targets := []float64{1.3, 1.5}
	b.p("## %d renders of %s in one apply (`-parallelism=%d`), emulator limited to %g requests/s (burst %g)\n\n", n, fmtSec(render), n, b.o.rate, b.o.rate)
	b.p("Each render: %s (%s audio + %s video). The provider keeps its default `max_requests_per_second` (10). "+
		"Median (min–max) of %d run(s). Bound = 3n/rate: 1 read + 1 POST + 1 final GET per render at %g req/s = %s. "+
		"Targets: wall ≤ %.1f× the bound with pages, ≤ %.1f× without; ≤ 10%% of requests answered 429. "+
		"Wall: the whole `terraform apply`; API span: first request to last answer at the emulator. "+
		"Failures: renders not `DONE` in the state afterwards. Renders processed: renders the emulator ran (each video at most once).\n\n",
		fmtSec(render), fmtSec(audio), fmtSec(video), runs, b.o.rate, fmtSec(bound), targets[0], targets[1])
	b.p("| list | failures | renders processed | GET /videos/{id} | POST render | GET /videos | all requests | 429s (share) | wall | wall / bound | API span / bound | detection latency p50 / max | target met |\n")
	b.p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|\n")
	for vi, v := range b.scaleVariants() {
		var rs []scaleRun
		for i := range runs {
			logf("scale: %d renders of %s, %s, run %d/%d", n, fmtSec(render), v.name, i+1, runs)
			r, err := b.scaleOnce(ctx, v, n, audio, video)
			if err != nil {
				return err
			}
			rs = append(rs, r)
		}
		var fail, proc, gets, posts, lists, total, tooMany, share, wall, ratio, spanRatio, p50, pmax []float64
		allOnce := true
		for _, r := range rs {
			fail = append(fail, float64(r.failures))
			proc = append(proc, float64(r.processed))
			gets = append(gets, float64(r.gets))
			posts = append(posts, float64(r.posts))
			lists = append(lists, float64(r.lists))
			total = append(total, float64(r.total))
			tooMany = append(tooMany, float64(r.tooMany))
			share = append(share, 100*float64(r.tooMany)/float64(max(r.total, 1)))
			wall = append(wall, r.wall.Seconds())
			ratio = append(ratio, r.wall.Seconds()/bound.Seconds())
			spanRatio = append(spanRatio, r.span.Seconds()/bound.Seconds())
			p50 = append(p50, median(r.latencies))
			pmax = append(pmax, percentile(r.latencies, 100))
			allOnce = allOnce && r.maxPerVideo == 1
		}
		processed := summary(proc, "%.0f")
		if !allOnce {
			processed += " (**a video rendered twice**)"
		}
		met := median(fail) == 0 && allOnce && median(ratio) <= targets[min(vi, 1)] && median(share) <= 10
		b.p("| %s | %s | %s | %s | %s | %s | %s | %s (%s%%) | %s s | %s | %s | %s / %s s | %s |\n", v.name, summary(fail, "%.0f"), processed,
			summary(gets, "%.0f"), summary(posts, "%.0f"), summary(lists, "%.0f"), summary(total, "%.0f"), summary(tooMany, "%.0f"), summary(share, "%.1f"),
			summary(wall, "%.1f"), summary(ratio, "%.2f"), summary(spanRatio, "%.2f"), summary(p50, "%.2f"), summary(pmax, "%.2f"), yesNo(met))
	}
	b.p("\n")
	return nil
}

func (b *bench) scaleOnce(ctx context.Context, v variant, n int, audio, video time.Duration) (scaleRun, error) {
	opts := v.emu
	opts.AudioPhase, opts.VideoPhase = audio, video
	be := startEmulatorWith(opts)
	defer be.Close()
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
		total:     be.TotalRequests(),
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

// videoRenderConfig is n argil_video, each rendered by an argil_video_render.
func videoRenderConfig(baseURL, providerExtra string, n int) string {
	return fmt.Sprintf(`terraform {
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

resource "argil_video" "v" {
  count = %d
  name  = "argilbench ${count.index}"
  moments = [{
    avatar_id  = %q
    voice_id   = %q
    transcript = %q
  }]
}

resource "argil_video_render" "r" {
  count    = %d
  video_id = argil_video.v[count.index].id
}
`, benchAPIKey, baseURL, providerExtra, n, emulator.AvatarEmmaID, emulator.VoiceEmmaID, benchTranscript, n)
}

// planCase is one plan measured several times.
type planCase struct {
	name     string
	dir      string
	be       *benchEmulator // nil for terraform_data
	runs     int
	wantExit int
}

func (b *bench) plan(ctx context.Context) error {
	n := b.o.planResources
	runs := b.o.runsFor(3)
	const rate = 10
	b.p("## `terraform plan` (refresh) with %d renders in state, in an account of %d videos, at %d requests/s\n\n", n, 2*n, rate)
	b.p("The emulator holds %d videos and answers 429 above %d requests/s (burst %d); the provider keeps its default settings "+
		"(`max_requests_per_second` = %d, `poll_with_list` = true). The resources in state are the %d oldest videos, so their "+
		"list pages are the last ones. Before the plans, one of their videos is deleted outside Terraform: the plan must find it "+
		"(exit code 2, that render to add). The setup applies are not timed. Median (min–max) of %d run(s). "+
		"Target: ≤ 5 s and ≤ 40 requests, the deleted video detected.\n\n", 2*n, rate, rate, rate, n, runs)
	fast := "  max_requests_per_second = 1000"

	// 1. Renders of DONE videos.
	beR := startEmulatorWith(emulator.Options{})
	defer beR.Close()
	ids := beR.seed(2*n, "DONE", benchTranscript)[:n]
	rDir, err := b.dir("plan-renders")
	if err != nil {
		return err
	}
	if err := writeConfig(rDir, renderConfig(beR.BaseURL, fast, ids)); err != nil {
		return err
	}
	logf("plan: adopting %d DONE videos", n)
	if err := b.setupApply(ctx, rDir); err != nil {
		return err
	}
	if r := beR.TotalRenders(); r != 0 {
		return fmt.Errorf("adopting DONE videos started %d render(s)", r)
	}
	beR.DeleteVideo(ids[n/2])
	rOff, err := b.dir("plan-renders-no-pages")
	if err != nil {
		return err
	}
	if err := writeConfig(rOff, renderConfig(beR.BaseURL, "  poll_with_list = false", ids)); err != nil {
		return err
	}
	if err := copyFile(rDir+"/terraform.tfstate", rOff+"/terraform.tfstate"); err != nil {
		return err
	}
	if err := writeConfig(rDir, renderConfig(beR.BaseURL, "", ids)); err != nil {
		return err
	}

	// 2. Videos created by the provider, each rendered.
	beV := startEmulatorWith(emulator.Options{AudioPhase: 10 * time.Millisecond, VideoPhase: 10 * time.Millisecond})
	defer beV.Close()
	vDir, err := b.dir("plan-videos-renders")
	if err != nil {
		return err
	}
	if err := writeConfig(vDir, videoRenderConfig(beV.BaseURL, fast, n)); err != nil {
		return err
	}
	logf("plan: creating and rendering %d videos", n)
	if err := b.setupApply(ctx, vDir); err != nil {
		return err
	}
	created := beV.VideoIDs()
	beV.seed(n, "DONE", benchTranscript) // the account: twice as many videos, the new ones first in the list
	if len(created) > 0 {
		beV.DeleteVideo(created[len(created)/2])
	}
	if err := writeConfig(vDir, videoRenderConfig(beV.BaseURL, "", n)); err != nil {
		return err
	}

	// 3. terraform_data.
	dataDir, err := b.dir("plan-terraform_data")
	if err != nil {
		return err
	}
	if err := writeConfig(dataDir, fmt.Sprintf("resource \"terraform_data\" \"r\" {\n  count = %d\n  input = \"video-${count.index}\"\n}\n", n)); err != nil {
		return err
	}
	logf("plan: applying %d terraform_data", n)
	if err := b.setupApply(ctx, dataDir); err != nil {
		return err
	}
	beR.SetFaults(emulator.Faults{RateLimit: rate})
	beV.SetFaults(emulator.Faults{RateLimit: rate})

	cases := []planCase{
		{fmt.Sprintf("%d `argil_video_render`", n), rDir, beR, runs, 2},
		{fmt.Sprintf("%d `argil_video` + %d `argil_video_render`", n, n), vDir, beV, runs, 2},
		{fmt.Sprintf("%d `argil_video_render`, `poll_with_list` = false (one GET per render)", n), rOff, beR, 1, 2},
		{fmt.Sprintf("%d `terraform_data` (no API)", n), dataDir, nil, runs, 0},
	}
	b.p("| resources in state | plan wall time | GET /videos | GET /videos/{id} | all requests | 429s | deleted video found (exit code 2) | provider peak RSS | target met |\n")
	b.p("|---|---:|---:|---:|---:|---:|:---:|---:|:---:|\n")
	for _, c := range cases {
		var wall, lists, gets, reqs, limited, prov []float64
		found := true
		for i := range c.runs {
			logf("plan: %s, run %d/%d", c.name, i+1, c.runs)
			var l0, g0, t0, q0 int
			if c.be != nil {
				l0, g0, t0, q0 = c.be.Count("GET /videos"), c.be.Count("GET /videos/{id}"), c.be.TotalRequests(), c.be.rec.count429()
				time.Sleep(1500 * time.Millisecond) // the emulator's rate budget refills between runs
			}
			res, err := b.tf.run(ctx, c.dir, 15*time.Minute, "plan", "-input=false", "-no-color", "-detailed-exitcode", "-parallelism=10")
			if err != nil {
				return err
			}
			if res.exitCode != c.wantExit {
				found = false
				if res.exitCode == 1 {
					return fmt.Errorf("plan of %s failed:\n%s", c.name, tail(res.output, 30))
				}
			}
			wall = append(wall, res.wall.Seconds())
			prov = append(prov, float64(res.providerPeakKB)/1024)
			if c.be != nil {
				lists = append(lists, float64(c.be.Count("GET /videos")-l0))
				gets = append(gets, float64(c.be.Count("GET /videos/{id}")-g0))
				reqs = append(reqs, float64(c.be.TotalRequests()-t0))
				limited = append(limited, float64(c.be.rec.count429()-q0))
			}
		}
		if c.be == nil {
			b.p("| %s | %s s | – | – | 0 | – | – | – | – |\n", c.name, summary(wall, "%.2f"))
			continue
		}
		met := found && median(wall) <= 5 && median(reqs) <= 40
		b.p("| %s | %s s | %s | %s | %s | %s | %s | %s MiB | %s |\n", c.name, summary(wall, "%.2f"), summary(lists, "%.0f"), summary(gets, "%.0f"),
			summary(reqs, "%.0f"), summary(limited, "%.0f"), yesNo(found), summary(prov, "%.0f"), yesNo(met))
	}
	b.p("\n")
	return nil
}

// setupApply applies dir (not timed) and fails unless it succeeds.
func (b *bench) setupApply(ctx context.Context, dir string) error {
	res, err := b.tf.run(ctx, dir, 15*time.Minute, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=20")
	if err != nil {
		return err
	}
	if res.exitCode != 0 {
		return fmt.Errorf("setup apply in %s exited with %d:\n%s", dir, res.exitCode, tail(res.output, 30))
	}
	return nil
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o600)
}

// tableRender is one render length of the table: phases that fall on no round number.
type tableRender struct {
	name         string
	audio, video time.Duration
	runs         int
}

func (b *bench) table(ctx context.Context) error {
	renders := []tableRender{
		{"about 6 s", 2370 * time.Millisecond, 3710 * time.Millisecond, 3},
		{"about 35 s", 4130 * time.Millisecond, 30910 * time.Millisecond, 3},
		{"about 90 s", 9270 * time.Millisecond, 81620 * time.Millisecond, 3},
		{"about 10 min", 61300 * time.Millisecond, 541900 * time.Millisecond, 2},
	}
	if b.o.quick {
		renders = renders[:2]
		for i := range renders {
			renders[i].runs = 1
		}
	}
	if b.o.runs > 0 {
		for i := range renders {
			renders[i].runs = b.o.runs
		}
	}
	variants := []variant{
		{name: "this provider (defaults)"},
		{name: "fixed 2 s", extra: fixedPoll("2s")},
		{name: "fixed 5 s", extra: fixedPoll("5s")},
		{name: "fixed 10 s", extra: fixedPoll("10s")},
	}
	b.p("## This provider beside fixed polls, one render per `terraform apply`\n\n")
	b.p("Each cell: detection latency (from the render's end to the answer that showed it DONE) and `GET /videos/{id}` " +
		"(the read before the render included), median (min–max) over the runs. Run i of n stretches both phases by " +
		"4%% × i (a render 0%%, 4%%, 8%% longer), so that no poll interval is favoured by where the render happens to end. " +
		"Fixed polls are this provider with `poll_min_interval` = `poll_max_interval`. The applies of one render length " +
		"(variants × runs) run at the same time, each against its own emulator.\n\n")
	b.p("| render | runs |")
	for _, v := range variants {
		b.p(" %s: latency | %s: GETs |", v.name, v.name)
	}
	b.p("\n|---|---:|")
	for range variants {
		b.p("---:|---:|")
	}
	b.p("\n")
	for _, tr := range renders {
		type job struct {
			v, run int
			dir    string
		}
		var jobs []job
		for vi := range variants {
			for run := range tr.runs {
				dir, err := b.dir("table")
				if err != nil {
					return err
				}
				jobs = append(jobs, job{vi, run, dir})
			}
		}
		logf("table: %s renders (%s + %s), %d applies at once", tr.name, fmtSec(tr.audio), fmtSec(tr.video), len(jobs))
		results := make([]singleRun, len(jobs))
		errs := make([]error, len(jobs))
		var wg sync.WaitGroup
		for i, j := range jobs {
			wg.Go(func() {
				stretch := 1 + 0.04*float64(j.run)
				opts := emulator.Options{AudioPhase: time.Duration(stretch * float64(tr.audio)), VideoPhase: time.Duration(stretch * float64(tr.video))}
				results[i], errs[i] = b.renderOnce(ctx, j.dir, variants[j.v].extra, opts, benchTranscript)
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		b.p("| %s (%s + %s) | %d |", tr.name, fmtSec(tr.audio), fmtSec(tr.video), tr.runs)
		for vi := range variants {
			var lat, gets []float64
			for i, j := range jobs {
				if j.v == vi {
					lat = append(lat, results[i].latency.Seconds())
					gets = append(gets, float64(results[i].gets))
				}
			}
			b.p(" %s s | %s |", summary(lat, "%.2f"), summary(gets, "%.0f"))
		}
		b.p("\n")
	}
	b.p("\n")
	return nil
}
