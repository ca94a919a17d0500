// Package tests runs the repository's end-to-end checks through the real Terraform CLI and the
// real provider binary: Terraform's own test framework on the examples, and the README's demo.
// They are acceptance tests: they run only with TF_ACC set (make test sets it).
package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

const apiKey = "tftest-key"

// repoRoot is the repository's root directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

// terraformBinary returns the terraform the acceptance tests use, or skips the test.
func terraformBinary(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("no terraform on PATH and TF_ACC_TERRAFORM_PATH unset")
	}
	return p
}

// terraformVersion returns the major and minor version of the terraform binary.
func terraformVersion(t *testing.T, tf string) (int, int) {
	t.Helper()
	cmd := exec.Command(tf, "version", "-json")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=", "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("terraform version -json: %v: %s", err, out)
	}
	var major, minor int
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &major, &minor); err != nil {
		t.Fatalf("terraform version %q: %v", v.Version, err)
	}
	return major, minor
}

// buildProvider builds the provider into a fresh directory and returns a CLI configuration file
// whose dev_overrides make Terraform use it without any registry.
func buildProvider(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-argil"), ".")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	cfg := filepath.Join(dir, "terraformrc")
	body := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/argil-community/argil" = %q
  }
  direct {}
}
`, dir)
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// startEmulator serves an emulator on loopback with short render phases.
func startEmulator(t *testing.T) (*emulator.Emulator, string) {
	t.Helper()
	e := emulator.New(emulator.Options{APIKey: apiKey, AudioPhase: 500 * time.Millisecond, VideoPhase: time.Second, AvatarTraining: 500 * time.Millisecond, AssetProcessing: 300 * time.Millisecond})
	srv := httptest.NewServer(e)
	t.Cleanup(func() { srv.Close(); e.Close() })
	return e, srv.URL + "/v1"
}

// copyDir copies the files of src (its tests/ folder included) into a temp dir, without
// Terraform's working files, so that those never land in the repository.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".terraform") {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if strings.HasPrefix(d.Name(), "terraform.tfstate") || d.Name() == ".terraform.lock.hcl" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// runTerraform runs terraform in dir with the dev override and the emulator's address, and
// none of the caller's TF_VAR_*, ARGIL_* or TF_CLI_CONFIG_FILE settings.
func runTerraform(t *testing.T, ctx context.Context, tf, cliConfig, baseURL, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.CommandContext(ctx, tf, args...)
	cmd.Dir = dir
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "TF_VAR_") || strings.HasPrefix(kv, "ARGIL_") || strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=")
	})
	cmd.Env = append(cmd.Env,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"ARGIL_BASE_URL="+baseURL,
		"ARGIL_API_KEY="+apiKey,
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// TestPipelineExampleWithTerraformTest runs `terraform test` on examples/pipeline against the
// emulator, then checks on the emulator that the whole suite rendered exactly one video and
// cleaned up after itself.
func TestPipelineExampleWithTerraformTest(t *testing.T) {
	tf := terraformBinary(t)
	if major, minor := terraformVersion(t, tf); major < 1 || (major == 1 && minor < 8) {
		t.Skipf("the pipeline example uses provider functions, which need Terraform >= 1.8 (this is %d.%d)", major, minor)
	}
	cli := buildProvider(t)
	e, baseURL := startEmulator(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "pipeline"))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := runTerraform(t, ctx, tf, cli, baseURL, dir, "test", "-no-color")
	t.Log(out)
	if err != nil {
		t.Fatalf("terraform test failed: %v", err)
	}
	if !strings.Contains(out, "3 passed, 0 failed") {
		t.Errorf("want the 3 runs to pass; output above")
	}
	if n := e.TotalRenders(); n != 1 {
		t.Errorf("the suite rendered %d videos, want 1", n)
	}
	if n := e.Count("POST /videos"); n != 1 {
		t.Errorf("the suite created %d videos, want 1 (the second apply must change nothing)", n)
	}
	if n := e.Count("DELETE /videos/{id}"); n != 1 {
		t.Errorf("terraform test's clean-up deleted %d videos, want 1", n)
	}
	if n := e.Count("DELETE /webhooks/{id}"); n != 1 {
		t.Errorf("terraform test's clean-up deleted %d webhooks, want 1", n)
	}
}

// TestCSVPipelineExampleWithTerraformTest runs `terraform test` on examples/csv-pipeline (one
// video per CSV row) against the emulator, then checks on the emulator that the suite rendered
// each of the 4 rows once, then only the edited row and the added one, and cleaned up.
func TestCSVPipelineExampleWithTerraformTest(t *testing.T) {
	tf := terraformBinary(t)
	if major, minor := terraformVersion(t, tf); major < 1 || (major == 1 && minor < 8) {
		t.Skipf("the example uses provider functions, which need Terraform >= 1.8 (this is %d.%d)", major, minor)
	}
	cli := buildProvider(t)
	e, baseURL := startEmulator(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "csv-pipeline"))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := runTerraform(t, ctx, tf, cli, baseURL, dir, "test", "-no-color")
	t.Log(out)
	if err != nil {
		t.Fatalf("terraform test failed: %v", err)
	}
	if !strings.Contains(out, "3 passed, 0 failed") {
		t.Errorf("want the 3 runs to pass; output above")
	}
	// 4 rows, then the edited row and the added one.
	if n := e.TotalRenders(); n != 6 {
		t.Errorf("the suite rendered %d videos, want 6", n)
	}
	if n := e.Count("POST /videos"); n != 6 {
		t.Errorf("the suite created %d videos, want 6", n)
	}
	if n := e.Count("DELETE /videos/{id}"); n != 6 {
		t.Errorf("the suite deleted %d videos, want 6 (the replaced one, then the 5 left by the clean-up)", n)
	}
}

// TestDemoScript runs `make demo`'s script, as the README tells users to, against the
// emulator it starts itself.
func TestDemoScript(t *testing.T) {
	tf := terraformBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(repoRoot(t), "scripts", "demo.sh"))
	cmd.Env = append(os.Environ(), "DEMO_AUDIO_PHASE=500ms", "DEMO_VIDEO_PHASE=1s", "PATH="+filepath.Dir(tf)+string(os.PathListSeparator)+os.Getenv("PATH"))
	cmd.Env = append(cmd.Env, "ARGIL_API_KEY=", "ARGIL_BASE_URL=")
	out, err := cmd.CombinedOutput()
	t.Log(string(out))
	if err != nil {
		t.Fatalf("demo failed: %v", err)
	}
	for _, want := range []string{"video_url   = http://127.0.0.1:", "duration    = ", "preview_url = http://127.0.0.1:", "==> done"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the demo's output lacks %q", want)
		}
	}
}

// TestPipelineKeepsVideoURLDuringRerender edits the pipeline example's script and applies it
// again while polling the published video_url: with create_before_destroy, the old URL answers
// 200 while the new video renders, and stops only once the new render is DONE.
func TestPipelineKeepsVideoURLDuringRerender(t *testing.T) {
	tf := terraformBinary(t)
	if major, minor := terraformVersion(t, tf); major < 1 || (major == 1 && minor < 8) {
		t.Skipf("the pipeline example uses provider functions, which need Terraform >= 1.8 (this is %d.%d)", major, minor)
	}
	cli := buildProvider(t)
	_, baseURL := startEmulator(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "pipeline"))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tfRun := func(args ...string) string {
		t.Helper()
		out, err := runTerraform(t, ctx, tf, cli, baseURL, dir, args...)
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	tfRun("apply", "-auto-approve", "-input=false", "-no-color")
	oldURL := strings.TrimSpace(tfRun("output", "-raw", "video_url"))
	if err := os.WriteFile(filepath.Join(dir, "script-v2.txt"), []byte("A new script. It makes a new video, rendered before the old one goes.\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// statuses lists the status of every video but the old one.
	statuses := func() []string {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/videos?limit=100", nil)
		req.Header.Set("x-api-key", apiKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return nil
		}
		defer resp.Body.Close()
		var page struct {
			Videos []struct {
				VideoURL *string
				Status   string
			} `json:"videos"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
			t.Error(err)
		}
		var out []string
		for _, v := range page.Videos {
			if v.VideoURL == nil || *v.VideoURL != oldURL {
				out = append(out, v.Status)
			}
		}
		return out
	}
	done := make(chan string, 1)
	go func() {
		out, err := runTerraform(t, ctx, tf, cli, baseURL, dir, "apply", "-auto-approve", "-input=false", "-no-color", "-var", "script_file=script-v2.txt")
		if err != nil {
			out = "FAILED: " + err.Error() + "\n" + out
		}
		done <- out
	}()
	var overlap, gone bool
	for finished := false; !finished; {
		select {
		case out := <-done:
			if strings.HasPrefix(out, "FAILED") {
				t.Fatal(out)
			}
			finished = true
		case <-time.After(100 * time.Millisecond):
		}
		resp, err := http.Get(oldURL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		others := statuses()
		switch {
		case resp.StatusCode == http.StatusOK && slices.ContainsFunc(others, func(s string) bool { return strings.HasPrefix(s, "GENERATING") }):
			overlap = true
		case resp.StatusCode != http.StatusOK && !gone:
			gone = true
			if !slices.Contains(others, "DONE") {
				t.Errorf("the old video_url answers %d while the new video is %v: it died before the new render was done", resp.StatusCode, others)
			}
		}
	}
	if !overlap {
		t.Error("never saw the old video_url answer while the new video rendered")
	}
	if !gone {
		t.Error("the old video_url still answers after the apply: the old video was not deleted")
	}
	if newURL := strings.TrimSpace(tfRun("output", "-raw", "video_url")); newURL == oldURL {
		t.Errorf("video_url did not change with the script: %s", newURL)
	}
	tfRun("destroy", "-auto-approve", "-input=false", "-no-color")
}

// TestDemoScriptWithEmulatorExports runs the demo in a shell that has the playground's exports
// (an emulator's loopback ARGIL_BASE_URL and its key): it uses that emulator and says so, with
// no talk of credits.
func TestDemoScriptWithEmulatorExports(t *testing.T) {
	tf := terraformBinary(t)
	e, baseURL := startEmulator(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(repoRoot(t), "scripts", "demo.sh"))
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(tf)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"ARGIL_API_KEY="+apiKey, "ARGIL_BASE_URL="+baseURL)
	out, err := cmd.CombinedOutput()
	t.Log(string(out))
	if err != nil {
		t.Fatalf("demo failed: %v", err)
	}
	if want := "using the Argil emulator at " + baseURL; !strings.Contains(string(out), want) {
		t.Errorf("the demo's output lacks %q", want)
	}
	if strings.Contains(string(out), "costs credits") {
		t.Errorf("the demo talks of credits against an emulator on loopback")
	}
	if n := e.TotalRenders(); n != 1 {
		t.Errorf("the exported emulator rendered %d videos, want 1", n)
	}
}
