package tfcli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The test support (this package, the emulator and its test server) never ships in the
// provider binary.
func TestNeverLinkedIntoTheProvider(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Dir = ModuleRoot()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps found %d packages in %s: not the provider", len(deps), cmd.Dir)
	}
	const module = "github.com/argil-community/terraform-provider-argil/"
	for _, d := range deps {
		switch d {
		case module + "internal/tfcli", module + "internal/emulator", module + "internal/emulator/emulatortest":
			t.Errorf("the provider binary links %s", d)
		}
	}
}

// New writes the dev_overrides configuration; every run gets a clean environment with it, and
// Run reports the exit status and both outputs.
func TestNewAndRun(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake terraform is a shell script")
	}
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_CLI_CONFIG_FILE", "/elsewhere.rc")
	t.Setenv("ARGIL_API_KEY", "a-real-key")
	t.Setenv("CHECKPOINT_DISABLE", "")
	t.Setenv("TF_ACC_PROVIDER_HOST", "")
	dir := t.TempDir()
	fake := filepath.Join(dir, "terraform")
	script := "#!/bin/sh\nenv | sort\necho \"args: $*\"\necho oops >&2\nexit 3\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	c, err := New(fake, "/plugins", filepath.Join(dir, "cli"), "ARGIL_BASE_URL=http://127.0.0.1:1/v1")
	if err != nil {
		t.Fatal(err)
	}
	rc, err := os.ReadFile(filepath.Join(dir, "cli", "terraform.rc"))
	if err != nil || !strings.Contains(string(rc), `"registry.terraform.io/argil-community/argil" = "/plugins"`) {
		t.Errorf("CLI configuration %q (%v)", rc, err)
	}
	res, err := c.Run(context.Background(), dir, "apply", "-no-color")
	if err != nil {
		t.Fatal(err)
	}
	if res.Code != 3 || res.Stderr != "oops\n" || !strings.Contains(res.Stdout, "args: apply -no-color") {
		t.Errorf("result %+v", res)
	}
	for _, want := range []string{"TF_CLI_CONFIG_FILE=" + filepath.Join(dir, "cli", "terraform.rc"), "TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1", "ARGIL_BASE_URL=http://127.0.0.1:1/v1", EnvRenderJournalDir + "=" + filepath.Join(dir, "cli", "journal")} {
		if !strings.Contains(res.Stdout, want+"\n") {
			t.Errorf("the environment lacks %s:\n%s", want, res.Stdout)
		}
	}
	for _, leak := range []string{"TF_LOG=", "/elsewhere.rc", "a-real-key"} {
		if strings.Contains(res.Stdout, leak) {
			t.Errorf("the caller's %s reached terraform", leak)
		}
	}
}

func TestAtLeast(t *testing.T) {
	for v, want := range map[string]bool{"1.11.4": true, "1.8.0": true, "1.7.9": false, "2.0.0": true, "0.15.5": false, "dev": false} {
		if got := AtLeast(v, 1, 8); got != want {
			t.Errorf("AtLeast(%q, 1, 8) = %v, want %v", v, got, want)
		}
	}
}
