// Package tests runs the repository's end-to-end checks through the real Terraform CLI and the
// real provider binary: Terraform's own test framework on the examples, and the README's demo.
// They are acceptance tests: they run only with TF_ACC set (make test sets it).
package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/emulator/emulatortest"
	"github.com/argil-community/terraform-provider-argil/internal/tfcli"
)

const apiKey = "tftest-key"

// TestMain removes the provider the tests built (tfcli builds it once for all of them).
func TestMain(m *testing.M) {
	code := m.Run()
	tfcli.RemoveBuilt()
	os.Exit(code)
}

// repoRoot is the repository's root directory.
func repoRoot(*testing.T) string { return tfcli.ModuleRoot() }

// atLeast reports whether the terraform binary is 1.minor or later, and its version.
func atLeast(t *testing.T, tf string, minor int) (bool, string) {
	t.Helper()
	v, err := tfcli.Version(context.Background(), tf)
	if err != nil {
		t.Fatal(err)
	}
	return tfcli.AtLeast(v, 1, minor), v
}

// startEmulator serves an emulator on loopback with short render phases.
func startEmulator(t *testing.T) *emulatortest.Server {
	t.Helper()
	return emulatortest.Start(t, emulator.Options{APIKey: apiKey, AudioPhase: 500 * time.Millisecond, VideoPhase: time.Second, AvatarTraining: 500 * time.Millisecond, AssetProcessing: 300 * time.Millisecond})
}

// cliIn returns a CLI (tfcli.ForTest) whose runs use the emulator and the working directory dir.
func cliIn(t *testing.T, e *emulatortest.Server, dir string) *tfcli.TestCLI {
	t.Helper()
	c := tfcli.ForTest(t, e.Env()...)
	c.Dir = dir
	return c
}

// tfRun runs terraform in c's working directory: its output, and an error when it exits with
// a status other than 0.
func tfRun(c *tfcli.TestCLI, args ...string) (string, error) {
	c.T.Helper()
	res := c.Run(args...)
	if res.Code != 0 {
		return res.Output(), fmt.Errorf("exit status %d", res.Code)
	}
	return res.Output(), nil
}

// mustRun runs terraform in c's working directory and returns its standard output; the test
// fails if it exits with a status other than 0.
func mustRun(c *tfcli.TestCLI, args ...string) string {
	c.T.Helper()
	res := c.Run(args...)
	if res.Code != 0 {
		c.T.Fatalf("terraform %s: exit status %d\n%s", strings.Join(args, " "), res.Code, res.Output())
	}
	return res.Stdout
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

// terraformTestExample runs `terraform test` on an example folder (which uses provider
// functions: Terraform >= 1.8) against a fresh emulator, checks that its 3 runs pass, and
// returns the emulator.
func terraformTestExample(t *testing.T, example string) *emulatortest.Server {
	t.Helper()
	if ok, v := atLeast(t, tfcli.Binary(t), 8); !ok {
		t.Skipf("the %s example uses provider functions, which need Terraform >= 1.8 (this is %s)", example, v)
	}
	e := startEmulator(t)
	c := cliIn(t, e, copyDir(t, filepath.Join(repoRoot(t), "examples", example)))
	out, err := tfRun(c, "test", "-no-color")
	t.Log(out)
	if err != nil {
		t.Fatalf("terraform test failed: %v", err)
	}
	if !strings.Contains(out, "3 passed, 0 failed") {
		t.Errorf("want the 3 runs to pass; output above")
	}
	return e
}

// expectCount reports (and goes on) when a count of what the suite did is not want.
func expectCount(t *testing.T, what string, got, want int) {
	t.Helper()
	if got != want {
		t.Errorf("%s: %d, want %d", what, got, want)
	}
}

// TestPipelineExampleWithTerraformTest runs `terraform test` on examples/pipeline against the
// emulator, then checks on the emulator that the whole suite rendered exactly one video and
// cleaned up after itself.
func TestPipelineExampleWithTerraformTest(t *testing.T) {
	t.Parallel()
	e := terraformTestExample(t, "pipeline")
	expectCount(t, "videos the suite rendered", e.TotalRenders(), 1)
	expectCount(t, "videos the suite created (the second apply must change nothing)", e.Count("POST /videos"), 1)
	expectCount(t, "videos terraform test's clean-up deleted", e.Count("DELETE /videos/{id}"), 1)
	expectCount(t, "webhooks terraform test's clean-up deleted", e.Count("DELETE /webhooks/{id}"), 1)
}

// TestCSVPipelineExampleWithTerraformTest runs `terraform test` on examples/csv-pipeline (one
// video per CSV row) against the emulator, then checks on the emulator that the suite rendered
// each of the 4 rows once, then only the edited row and the added one, and cleaned up.
func TestCSVPipelineExampleWithTerraformTest(t *testing.T) {
	t.Parallel()
	e := terraformTestExample(t, "csv-pipeline")
	// 4 rows, then the edited row and the added one.
	expectCount(t, "videos the suite rendered", e.TotalRenders(), 6)
	expectCount(t, "videos the suite created", e.Count("POST /videos"), 6)
	expectCount(t, "videos the suite deleted (the replaced one, then the 5 left by the clean-up)", e.Count("DELETE /videos/{id}"), 6)
}

// TestDemoScript runs `make demo`'s script, as the README tells users to, against the
// emulator it starts itself.
func TestDemoScript(t *testing.T) {
	tf := tfcli.Binary(t)
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
	t.Parallel()
	if ok, v := atLeast(t, tfcli.Binary(t), 8); !ok {
		t.Skipf("the pipeline example uses provider functions, which need Terraform >= 1.8 (this is %s)", v)
	}
	e := startEmulator(t)
	baseURL := e.BaseURL
	c := cliIn(t, e, copyDir(t, filepath.Join(repoRoot(t), "examples", "pipeline")))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	mustRun(c, "apply", "-auto-approve", "-input=false", "-no-color")
	oldURL := strings.TrimSpace(mustRun(c, "output", "-raw", "video_url"))
	if err := os.WriteFile(filepath.Join(c.Dir, "script-v2.txt"), []byte("A new script. It makes a new video, rendered before the old one goes.\n"), 0o644); err != nil {
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
		res, err := c.CLI.Run(ctx, c.Dir, "apply", "-auto-approve", "-input=false", "-no-color", "-var", "script_file=script-v2.txt")
		out := res.Output()
		switch {
		case err != nil:
			out = "FAILED: " + err.Error() + "\n" + out
		case res.Code != 0:
			out = fmt.Sprintf("FAILED: exit status %d\n%s", res.Code, out)
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
	if newURL := strings.TrimSpace(mustRun(c, "output", "-raw", "video_url")); newURL == oldURL {
		t.Errorf("video_url did not change with the script: %s", newURL)
	}
	mustRun(c, "destroy", "-auto-approve", "-input=false", "-no-color")
}

// TestDemoScriptWithEmulatorExports runs the demo in a shell that has the playground's exports
// (an emulator's loopback ARGIL_BASE_URL and its key): it uses that emulator and says so, with
// no talk of credits.
func TestDemoScriptWithEmulatorExports(t *testing.T) {
	tf := tfcli.Binary(t)
	e := startEmulator(t)
	baseURL := e.BaseURL
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
	expectCount(t, "videos the exported emulator rendered", e.TotalRenders(), 1)
}
