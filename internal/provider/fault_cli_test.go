//go:build unix

package provider

// Fault and security tests that drive the real terraform binary and the real provider
// binary (see terraformCLI): an interrupt during a wait, a 30-way parallel apply under a
// shared rate limit, and a canary API key hunted through TRACE logs, state and outputs.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func TestAccFault_interruptedApplyResumes(t *testing.T) {
	t.Parallel()
	f := startEmulator(t, emulator.Options{AudioPhase: 2 * time.Second, VideoPhase: 3 * time.Second})
	id := f.seedIdle("Interrupted")
	cli := newTerraformCLI(t, renderHCL("", id), "ARGIL_BASE_URL="+f.BaseURL, "ARGIL_API_KEY="+testAPIKey)

	// Start an apply and press Ctrl-C once the render has started and the provider waits.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a := startApplyUntilRender(ctx, t, cli, f, id)
	time.Sleep(300 * time.Millisecond) // inside the wait now
	if err := syscall.Kill(-a.cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := <-a.exited
	out := a.output()
	if err == nil {
		t.Fatalf("the interrupted apply exited 0, want an error\n%s", out)
	}
	if !errorPattern("Waiting for the Argil video render was interrupted", id, "The render goes on at Argil", "resumes waiting on it", "without starting (or paying for) a new render").MatchString(out) {
		t.Fatalf("the interrupted apply does not say what happened and what comes next:\n%s", out)
	}
	if status, _ := f.VideoStatus(id); !strings.HasPrefix(status, "GENERATING_") {
		t.Fatalf("the video is %s after the interrupt, want a render still in flight (make the render longer)", status)
	}
	state, _ := cli.Show()
	if len(state.Resources()) != 1 || !state.Resources()[0].Tainted {
		t.Fatalf("after the interrupt the render must be in state, tainted: %+v", state.Resources())
	}

	// Apply again: the render in flight is found and waited on, not started again.
	res := cli.Apply()
	if res.Code != 0 {
		t.Fatalf("the second apply failed (exit %d):\n%s", res.Code, res.Output())
	}
	if r, n := f.Renders(id), f.Count(renderRoute); r != 1 || n != 1 {
		t.Errorf("%d render(s) started and %d render POST(s) over both applies, want 1 and 1", r, n)
	}
	state, _ = cli.Show()
	rs := state.Resources()
	if len(rs) != 1 || rs[0].Tainted || rs[0].Values["status"] != "DONE" || rs[0].Values["video_url"] == nil {
		t.Errorf("after the second apply: %+v, want one DONE render with its video_url", rs)
	}
	if s, _ := f.VideoStatus(id); s != "DONE" {
		t.Errorf("the emulator says %s, want DONE", s)
	}
}

func TestAccFault_sharedRateLimit30Renders(t *testing.T) {
	// Not parallel: it measures the provider's pacing against a rate limit, which the CPU
	// load of the tests running beside it would distort.
	const n, rate = 30, 5
	f := startEmulator(t, emulator.Options{AudioPhase: 500 * time.Millisecond, VideoPhase: time.Second})
	ids := make([]string, n)
	for i := range ids {
		ids[i] = f.seedIdle(fmt.Sprintf("Batch %02d", i))
	}
	f.SetFaults(emulator.Faults{RateLimit: rate})
	// The provider keeps its default budget (10 requests/s), twice what the emulator allows:
	// it must learn from the 429s instead of hammering.
	cli := newTerraformCLI(t, renderHCL("", ids...), "ARGIL_BASE_URL="+f.BaseURL, "ARGIL_API_KEY="+testAPIKey)
	start := time.Now()
	res := cli.Apply("-parallelism=30")
	elapsed := time.Since(start)
	if res.Code != 0 {
		t.Fatalf("apply failed (exit %d) after %s:\n%s\ntraffic: %s", res.Code, elapsed, res.Output(), f.Summary())
	}
	for _, id := range ids {
		if r := f.Renders(id); r != 1 {
			t.Errorf("video %s: %d render(s), want 1", id, r)
		}
	}
	state, _ := cli.Show()
	done := 0
	for _, r := range state.Resources() {
		if r.Values["status"] == "DONE" {
			done++
		}
	}
	total, limited := f.Received(""), f.Answered("", 429)
	t.Logf("%d renders in %s: %d requests, %d answered 429, at most %d videos worked on at once, %d requests in flight; traffic: %s", n, elapsed.Round(time.Millisecond), total, limited, f.MaxConcurrentVideos(), f.MaxInFlight(), f.Summary())
	if done != n {
		t.Errorf("%d of %d renders DONE in state", done, n)
	}
	if accepted := f.Count(renderRoute) - f.Answered(renderRoute, 429); accepted != n {
		t.Errorf("%d render POSTs accepted, want %d", accepted, n)
	}
	if c := f.MaxConcurrentVideos(); c <= 10 {
		t.Errorf("at most %d renders were worked on at once: -parallelism=30 did not apply (Terraform's default is 10)", c)
	}
	// Slowing down, not hammering: 429s stay a small share of the traffic.
	if limited*10 > total {
		t.Errorf("%d of %d requests were answered 429 (more than 10%%): the provider hammers the rate limit", limited, total)
	}
}

// A stray 429 (one request refused while the provider keeps to the server's own limit) costs
// the batch one Retry-After, not its rate: the provider's budget stays at the configured rate
// (it logs the rate in force with every 429), and the refused request is sent again once.
func TestAccFault_stray429KeepsTheRate(t *testing.T) {
	// Not parallel: it measures the provider's pacing against a rate limit, which the CPU
	// load of the tests running beside it would distort.
	const n = 20
	f := startEmulator(t, emulator.Options{AudioPhase: 500 * time.Millisecond, VideoPhase: time.Second})
	ids := make([]string, n)
	for i := range ids {
		ids[i] = f.seedIdle(fmt.Sprintf("Stray %02d", i))
	}
	// The emulator allows twice the provider's budget, so that only the injected 429 is seen.
	f.SetFaults(emulator.Faults{RateLimit: 20, TooManyRequests: 1})
	logPath := filepath.Join(t.TempDir(), "provider.log")
	cli := newTerraformCLI(t, renderHCL("", ids...), "ARGIL_BASE_URL="+f.BaseURL, "ARGIL_API_KEY="+testAPIKey, "TF_LOG_PROVIDER=DEBUG", "TF_LOG_PATH="+logPath)
	if res := cli.Apply("-parallelism=20"); res.Code != 0 {
		t.Fatalf("apply failed (exit %d):\n%s\ntraffic: %s", res.Code, res.Output(), f.Summary())
	}
	for _, id := range ids {
		if r := f.Renders(id); r != 1 {
			t.Errorf("video %s: %d render(s), want 1", id, r)
		}
	}
	if limited := f.Answered("", 429); limited != 1 {
		t.Errorf("%d requests answered 429, want exactly the injected one; traffic: %s", limited, f.Summary())
	}
	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	var rates []string
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.Contains(line, "Argil API request will be retried") && strings.Contains(line, "rate_per_second=") {
			rest := line[strings.Index(line, "rate_per_second=")+len("rate_per_second="):]
			rates = append(rates, strings.Fields(rest)[0])
		}
	}
	if len(rates) != 1 || rates[0] != "10" {
		t.Errorf("rate in force after the stray 429, as logged: %v; want [10] (the configured budget, not halved)", rates)
	}
}

func TestAccSecurity_canaryKeyNeverLeaks(t *testing.T) {
	t.Parallel()
	f := startEmulator(t, shortRender)
	id := f.seedIdle("Canary")
	logPath := filepath.Join(t.TempDir(), "trace.log")
	// The key in the environment (the recommended way), TRACE logs of terraform and provider.
	cli := newTerraformCLI(t, renderHCL("", id), "ARGIL_BASE_URL="+f.BaseURL, "ARGIL_API_KEY="+testAPIKey, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)

	var outputs []string
	check := func(what, text string) {
		t.Helper()
		if strings.Contains(text, testAPIKey) {
			i := strings.Index(text, testAPIKey)
			t.Errorf("the API key appears in %s: ...%s...", what, text[max(0, i-200):min(len(text), i+len(testAPIKey)+50)])
		}
		outputs = append(outputs, what)
	}

	plan := cli.Run("plan", "-no-color", "-out=tfplan")
	if plan.Code != 0 {
		t.Fatalf("plan: exit %d\n%s", plan.Code, plan.Output())
	}
	check("the plan output", plan.Output())
	check("the saved plan as JSON", cli.Run("show", "-json", "tfplan").Stdout)
	apply := cli.Run("apply", "-no-color", "tfplan")
	if apply.Code != 0 {
		t.Fatalf("apply: exit %d\n%s", apply.Code, apply.Output())
	}
	check("the apply output", apply.Output())
	_, stateText := cli.Show()
	check("terraform show -json", stateText)
	raw, err := os.ReadFile(filepath.Join(cli.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	check("terraform.tfstate", string(raw))

	// An error with the key in play: the emulator stops accepting it.
	cli.CLI.Env = append(cli.CLI.Env, "ARGIL_API_KEY="+testAPIKey+"-revoked")
	refresh := cli.Run("plan", "-no-color", "-refresh-only")
	if refresh.Code == 0 || !strings.Contains(refresh.Output(), "HTTP 401") {
		t.Fatalf("a rejected key must fail the refresh with HTTP 401:\n%s", refresh.Output())
	}
	check("the error of a rejected key", refresh.Output())

	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	// The log is the real thing: TRACE lines from terraform and from the provider's requests.
	for _, want := range []string{"[TRACE]", "Argil API request", "Configured the Argil client"} {
		if !strings.Contains(string(log), want) {
			t.Fatalf("the TRACE log has no %q: it did not capture the provider's logs", want)
		}
	}
	check("the TF_LOG=TRACE log", string(log))
	t.Logf("checked %d outputs (%d bytes of TRACE log): %s", len(outputs), len(log), strings.Join(outputs, ", "))
}

func TestAccSecurity_canaryKeyInConfiguration(t *testing.T) {
	t.Parallel()
	f := startEmulator(t, shortRender)
	id := f.seedIdle("Canary in HCL")
	logPath := filepath.Join(t.TempDir(), "trace.log")
	// The key written in the provider block (api_key is Sensitive).
	cli := newTerraformCLI(t, renderHCL(fmt.Sprintf("  api_key  = %q\n  base_url = %q", testAPIKey, f.BaseURL), id), "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
	plan := cli.Run("plan", "-no-color", "-out=tfplan")
	if plan.Code != 0 {
		t.Fatalf("plan: exit %d\n%s", plan.Code, plan.Output())
	}
	// Not checked: `terraform show -json tfplan`. A saved plan embeds the configuration, and
	// its JSON shows constant expressions of the provider block as written, sensitive or not
	// (Terraform's behaviour, outside the provider). That is why the documentation tells users
	// to set ARGIL_API_KEY instead; TestAccSecurity_canaryKeyNeverLeaks checks that path.
	apply := cli.Run("apply", "-no-color", "tfplan")
	if apply.Code != 0 {
		t.Fatalf("apply: exit %d\n%s", apply.Code, apply.Output())
	}
	_, shown := cli.Show()
	state, err := os.ReadFile(filepath.Join(cli.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	for what, text := range map[string]string{
		"the plan output":      plan.Output(),
		"the apply output":     apply.Output(),
		"terraform show -json": shown,
		"terraform.tfstate":    string(state),
		"the TF_LOG=TRACE log": string(log),
	} {
		if i := strings.Index(text, testAPIKey); i >= 0 {
			t.Errorf("the API key appears in %s: ...%s...", what, text[max(0, i-200):min(len(text), i+len(testAPIKey)+50)])
		}
	}
}
