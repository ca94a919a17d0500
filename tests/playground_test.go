package tests

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/tfcli"
)

// TestPlaygroundScript follows the README's local-build section: make playground's script
// starts the emulator and prints the export lines; with only those set (no terraform init),
// an example applies and destroys; the stop leaves no emulator process behind.
func TestPlaygroundScript(t *testing.T) {
	tf := tfcli.Binary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	state := t.TempDir()
	script := filepath.Join(repoRoot(t), "scripts", "playground.sh")
	playground := func(arg string) (string, string) {
		t.Helper()
		cmd := exec.CommandContext(ctx, "bash", script, arg)
		cmd.Env = append(os.Environ(), "PLAYGROUND_DIR="+state, "PLAYGROUND_ADDR=127.0.0.1:0", "EMULATOR_FLAGS=-audio-phase 300ms -video-phase 500ms")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("playground.sh %s: %v\n%s%s", arg, err, out, stderr.String())
		}
		return string(out), stderr.String()
	}
	stdout, stderr := playground("start")
	t.Log(stdout + stderr)
	exports := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^export (\w+)=(.*)$`).FindAllStringSubmatch(stdout, -1) {
		exports[m[1]] = m[2]
	}
	for _, k := range []string{"TF_CLI_CONFIG_FILE", "ARGIL_BASE_URL", "ARGIL_API_KEY"} {
		if exports[k] == "" {
			t.Fatalf("no export line for %s in:\n%s", k, stdout)
		}
	}
	if !strings.Contains(stderr, "Skip 'terraform init'") {
		t.Errorf("the script does not say to skip terraform init:\n%s", stderr)
	}
	pidText, err := os.ReadFile(filepath.Join(state, "emulator.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(pidText)))
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			_ = syscall.Kill(pid, syscall.SIGTERM)
		}
	})

	// A second start reuses the running emulator.
	again, _ := playground("start")
	if again != stdout {
		t.Errorf("a second start printed other export lines:\n%s\nwant:\n%s", again, stdout)
	}

	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "resources", "argil_webhook"))
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}
	for k, v := range exports {
		env = append(env, k+"="+v)
	}
	for _, args := range [][]string{{"apply", "-auto-approve", "-input=false", "-no-color"}, {"destroy", "-auto-approve", "-input=false", "-no-color"}} {
		cmd := exec.CommandContext(ctx, tf, args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %s with the playground's exports: %v\n%s", args[0], err, out)
		}
	}

	playground("stop")
	stopped = true
	if err := syscall.Kill(pid, 0); err == nil {
		t.Errorf("the emulator (pid %d) still runs after playground-stop", pid)
	}
	addr := strings.TrimSuffix(strings.TrimPrefix(exports["ARGIL_BASE_URL"], "http://"), "/v1")
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after playground-stop", addr)
	}
	if _, stderr := playground("stop"); !strings.Contains(stderr, "no emulator") {
		t.Errorf("a second stop says %q, want that no emulator runs", stderr)
	}
}
