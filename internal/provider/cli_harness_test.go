//go:build unix

package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// terraformCLI runs the real terraform binary against the real provider binary, for the
// tests that need what resource.Test cannot do: a Ctrl-C in the middle of an apply, a chosen
// -parallelism, TF_LOG=TRACE of both processes. The provider is built from this module with
// `go build` and found through a CLI configuration with dev_overrides, so no registry is
// involved and no `terraform init` is needed.
type terraformCLI struct {
	t         *testing.T
	terraform string
	dir       string   // the working directory, with main.tf
	env       []string // the environment of every run
}

// newTerraformCLI builds the provider, writes config into a fresh working directory and
// returns a runner whose environment has env added (ARGIL_BASE_URL, ARGIL_API_KEY, TF_LOG...).
// It skips the test unless TF_ACC is set, like resource.Test.
func newTerraformCLI(t *testing.T, config string, env ...string) *terraformCLI {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	testAccPreCheck(t)
	root := t.TempDir()
	pluginDir := filepath.Join(root, "plugins")
	build := exec.Command("go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-argil"), ".")
	build.Dir = moduleRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	cliConfig := filepath.Join(root, "terraform.rc")
	writeFile(t, cliConfig, fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, providerSource(), pluginDir))
	dir := filepath.Join(root, "work")
	writeFile(t, filepath.Join(dir, "main.tf"), config)

	var base []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "ARGIL_") || k == "CHECKPOINT_DISABLE" {
			continue // nothing from the developer's environment steers these runs
		}
		base = append(base, kv)
	}
	base = append(base, "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1",
		EnvRenderJournalDir+"="+filepath.Join(root, "journal"))
	return &terraformCLI{t: t, terraform: os.Getenv("TF_ACC_TERRAFORM_PATH"), dir: dir, env: append(base, env...)}
}

// providerSource is the provider's full address for the CLI under test: OpenTofu's registry
// host when TF_ACC_PROVIDER_HOST says so (make testacc-tofu), Terraform's otherwise.
func providerSource() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return host + "/argil-community/argil"
}

// moduleRoot is the directory of this module's go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// cliResult is the outcome of one terraform command.
type cliResult struct {
	stdout, stderr string
	code           int
}

func (r cliResult) output() string { return r.stdout + r.stderr }

// command prepares terraform args in the working directory, in its own process group so that
// an interrupt can reach terraform and its provider together, as Ctrl-C in a terminal does.
func (c *terraformCLI) command(ctx context.Context, stdout, stderr *bytes.Buffer, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, c.terraform, args...)
	cmd.Dir = c.dir
	cmd.Env = c.env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	return cmd
}

// run runs terraform args to the end (at most two minutes).
func (c *terraformCLI) run(args ...string) cliResult {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	err := c.command(ctx, &stdout, &stderr, args...).Run()
	res := cliResult{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.code = exit.ExitCode()
	case err != nil:
		c.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	return res
}

// apply runs terraform apply -auto-approve with extra flags.
func (c *terraformCLI) apply(flags ...string) cliResult {
	c.t.Helper()
	return c.run(append([]string{"apply", "-auto-approve", "-no-color"}, flags...)...)
}
