package tfcli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// built is the provider built once per test binary (ForTest), in a temporary directory that
// RemoveBuilt removes.
var built struct {
	once sync.Once
	dir  string
	err  error
}

// RemoveBuilt removes the provider ForTest built, if any. A TestMain calls it after m.Run.
func RemoveBuilt() {
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
}

// pluginDir builds the provider on first use and returns its directory.
func pluginDir(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		// Not t.TempDir: the build serves every test of the binary; RemoveBuilt removes it.
		built.dir, built.err = os.MkdirTemp("", "tfcli-provider-") //nolint:usetesting // see above
		if built.err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			_, built.err = Build(ctx, built.dir)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.dir
}

// Binary returns the terraform the acceptance tests use: TF_ACC_TERRAFORM_PATH, else the one
// on PATH. It skips the test unless TF_ACC is set (like terraform-plugin-testing), and fails it
// when TF_ACC_TERRAFORM_VERSION is set, which would make terraform-plugin-testing download
// Terraform.
func Binary(t testing.TB) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it (make test does)")
	}
	if os.Getenv("TF_ACC_TERRAFORM_VERSION") != "" {
		t.Fatal("TF_ACC_TERRAFORM_VERSION is set: it makes terraform-plugin-testing download Terraform. Unset it; the tests use the terraform on PATH or TF_ACC_TERRAFORM_PATH.")
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("no terraform found: put terraform on PATH or set TF_ACC_TERRAFORM_PATH")
	}
	return p
}

// TestCLI is a CLI for one test, with a working directory of its own.
type TestCLI struct {
	CLI *CLI
	T   testing.TB
	Dir string // the working directory
	// Timeout bounds each Run; 0 means five minutes.
	Timeout time.Duration
}

// ForTest returns a CLI for the test (see Binary) using the provider built from this module
// (once per test binary), with extra ("KEY=value") added to the environment of every run, and
// an empty working directory.
func ForTest(t testing.TB, extra ...string) *TestCLI {
	t.Helper()
	bin := Binary(t)
	root := t.TempDir()
	c, err := New(bin, pluginDir(t), root, extra...)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "work")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return &TestCLI{CLI: c, T: t, Dir: dir}
}

// Write writes a file of the working directory (name may hold subdirectories).
func (c *TestCLI) Write(name, content string) {
	c.T.Helper()
	path := filepath.Join(c.Dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		c.T.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		c.T.Fatal(err)
	}
}

// Run runs terraform args in the working directory to the end; the test fails if terraform
// could not run or outlived the timeout.
func (c *TestCLI) Run(args ...string) Result {
	c.T.Helper()
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 5 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	res, err := c.CLI.Run(ctx, c.Dir, args...)
	if err != nil {
		c.T.Fatalf("%v\n%s", err, res.Output())
	}
	return res
}

// Apply runs terraform apply -auto-approve -no-color with extra flags.
func (c *TestCLI) Apply(flags ...string) Result {
	c.T.Helper()
	return c.Run(append([]string{"apply", "-auto-approve", "-no-color"}, flags...)...)
}

// AtLeast reports whether the test's terraform is major.minor or later.
func (c *TestCLI) AtLeast(major, minor int) bool {
	c.T.Helper()
	v, err := c.CLI.Version(context.Background())
	if err != nil {
		c.T.Fatal(err)
	}
	return AtLeast(v, major, minor)
}

// Show runs `terraform show -json` in the working directory and returns the state, with the
// raw JSON; the test fails if that does not work.
func (c *TestCLI) Show() (State, string) {
	c.T.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, raw, err := c.CLI.Show(ctx, c.Dir)
	if err != nil {
		c.T.Fatal(err)
	}
	return s, raw
}
