// Package tfcli drives the Terraform CLI (or OpenTofu) against the provider built from this
// module, for the acceptance tests, tests/ and cmd/argilbench: it builds the provider, writes
// a CLI configuration whose dev_overrides point at it (no registry, no `terraform init`), and
// runs the CLI in a clean environment, capturing its output.
//
// It is imported only by tests and cmd/argilbench, never by the provider.
package tfcli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// EnvRenderJournalDir is the provider's render journal setting (provider.EnvRenderJournalDir):
// every CLI keeps the journal in a directory of its own, never in the user's cache.
const EnvRenderJournalDir = "ARGIL_RENDER_JOURNAL_DIR"

// Source is the provider's address for the CLI under test: OpenTofu's registry host when
// TF_ACC_PROVIDER_HOST says so (make testacc-tofu), Terraform's otherwise.
func Source() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return host + "/argil-community/argil"
}

// ModuleRoot is the directory of this module's go.mod: found from this file's path, or, in a
// binary built with -trimpath, from `go env GOMOD` in the working directory.
func ModuleRoot() string {
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		return filepath.Dir(filepath.Dir(filepath.Dir(file)))
	}
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if gomod := strings.TrimSpace(string(out)); err == nil && gomod != "" && gomod != os.DevNull {
		return filepath.Dir(gomod)
	}
	return "."
}

// Build builds the provider from this module into dir and returns the binary's path.
func Build(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "terraform-provider-argil")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	cmd.Dir = ModuleRoot()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	return bin, nil
}

// CLI is a terraform binary whose runs use the provider in a plugin directory.
type CLI struct {
	Binary string   // the terraform (or tofu) executable
	Env    []string // the environment of every run
}

// New writes into dir a CLI configuration whose dev_overrides point Source() at pluginDir, and
// returns a CLI whose runs get the caller's environment without any TF_*, ARGIL_* or
// CHECKPOINT_DISABLE setting (nothing from the developer's shell steers them), plus that
// configuration, automation settings, a render journal in dir, and extra ("KEY=value").
func New(binary, pluginDir, dir string, extra ...string) (*CLI, error) {
	cfg := filepath.Join(dir, "terraform.rc")
	text := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", Source(), pluginDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		return nil, err
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "ARGIL_") || k == "CHECKPOINT_DISABLE" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+cfg, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1",
		EnvRenderJournalDir+"="+filepath.Join(dir, "journal"))
	return &CLI{Binary: binary, Env: append(env, extra...)}, nil
}

// Command prepares terraform args in dir, in its own process group where the system has them,
// so that an interrupt reaches terraform and its provider together (as Ctrl-C in a terminal
// does) and a cancelled ctx kills both.
func (c *CLI) Command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, c.Binary, args...)
	cmd.Dir = dir
	cmd.Env = c.Env
	cmd.WaitDelay = 10 * time.Second
	ownProcessGroup(cmd)
	return cmd
}

// Result is the outcome of one terraform command.
type Result struct {
	Stdout, Stderr string
	Code           int           // the exit status
	Wall           time.Duration // from start to exit
}

// Output is stdout then stderr.
func (r Result) Output() string { return r.Stdout + r.Stderr }

// Run runs terraform args in dir to the end. The error is for a command that could not run
// or did not end by itself (ctx done); a non-zero exit status is only Result.Code.
func (c *CLI) Run(ctx context.Context, dir string, args ...string) (Result, error) {
	cmd := c.Command(ctx, dir, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	res := Result{Stdout: stdout.String(), Stderr: stderr.String(), Wall: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && ctx.Err() == nil:
		res.Code = exit.ExitCode()
	default:
		return res, fmt.Errorf("terraform %s: %w (after %s)", strings.Join(args, " "), err, res.Wall.Round(time.Millisecond))
	}
	return res, nil
}

// Version returns the CLI's version, e.g. "1.11.4".
func (c *CLI) Version(ctx context.Context) (string, error) {
	return Version(ctx, c.Binary)
}

// Version returns the version of the terraform binary, e.g. "1.11.4", read without any CLI
// configuration.
func Version(ctx context.Context, binary string) (string, error) {
	cmd := exec.CommandContext(ctx, binary, "version", "-json")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=", "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", binary, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return "", fmt.Errorf("%s version -json: %w: %s", binary, err, out)
	}
	return v.Version, nil
}

// AtLeast reports whether version ("1.11.4") is major.minor or later.
func AtLeast(version string, major, minor int) bool {
	var ma, mi int
	if _, err := fmt.Sscanf(version, "%d.%d", &ma, &mi); err != nil {
		return false
	}
	return ma > major || (ma == major && mi >= minor)
}

// State is the part of `terraform show -json` that tests and tools read.
type State struct {
	Values *struct {
		RootModule struct {
			Resources []StateResource `json:"resources"`
		} `json:"root_module"`
	} `json:"values"`
}

// StateResource is one resource of State.
type StateResource struct {
	Address string         `json:"address"`
	Type    string         `json:"type"`
	Values  map[string]any `json:"values"`
	Tainted bool           `json:"tainted"`
}

// Resources returns the root module's resources (none for an empty state).
func (s State) Resources() []StateResource {
	if s.Values == nil {
		return nil
	}
	return s.Values.RootModule.Resources
}

// ParseState reads the output of `terraform show -json`.
func ParseState(data []byte) (State, error) {
	var s State
	err := json.Unmarshal(data, &s)
	return s, err
}

// Show runs `terraform show -json` in dir and returns the state, with the raw JSON.
func (c *CLI) Show(ctx context.Context, dir string) (State, string, error) {
	res, err := c.Run(ctx, dir, "show", "-json")
	if err == nil && res.Code != 0 {
		err = fmt.Errorf("terraform show -json: exit %d\n%s", res.Code, res.Output())
	}
	if err != nil {
		return State{}, res.Stdout, err
	}
	s, err := ParseState([]byte(res.Stdout))
	if err != nil {
		return State{}, res.Stdout, fmt.Errorf("terraform show -json: %w\n%s", err, res.Stdout)
	}
	return s, res.Stdout, nil
}
