package provider

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/tfcli"
)

// newTerraformCLI runs the real terraform binary against the real provider binary (through
// tfcli), for the tests that need what resource.Test cannot do: a Ctrl-C in the middle of an
// apply, a chosen -parallelism, TF_LOG=TRACE of both processes. It writes config as main.tf
// of a fresh working directory; env is added to every run (ARGIL_BASE_URL, ARGIL_API_KEY,
// TF_LOG...). It skips the test unless TF_ACC is set, like resource.Test.
func newTerraformCLI(t *testing.T, config string, env ...string) *tfcli.TestCLI {
	t.Helper()
	c := tfcli.ForTest(t, env...)
	c.Timeout = 2 * time.Minute
	c.Write("main.tf", config)
	return c
}

// runningApply is a terraform apply started in the background (startApplyUntilRender).
type runningApply struct {
	cmd            *exec.Cmd
	exited         chan error
	stdout, stderr *bytes.Buffer
}

func (a *runningApply) output() string { return a.stdout.String() + a.stderr.String() }

// startApplyUntilRender starts terraform apply in its own process group and returns once the
// emulator has started a render of video id (the test fails if terraform exits first, or
// after 30 seconds). ctx bounds the whole apply.
func startApplyUntilRender(ctx context.Context, t *testing.T, cli *tfcli.TestCLI, f *testEmulator, id string) *runningApply {
	t.Helper()
	a := &runningApply{exited: make(chan error, 1), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	a.cmd = cli.CLI.Command(ctx, cli.Dir, "apply", "-auto-approve", "-no-color")
	a.cmd.Stdout, a.cmd.Stderr = a.stdout, a.stderr
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { a.exited <- a.cmd.Wait() }()
	deadline := time.After(30 * time.Second)
	for f.Renders(id) == 0 {
		select {
		case err := <-a.exited:
			t.Fatalf("terraform exited (%v) before the render was accepted:\n%s", err, a.output())
		case <-deadline:
			_ = a.cmd.Cancel()
			t.Fatalf("the render was never requested:\n%s", a.output())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return a
}

// renderHCL is one argil_video_render per video id, the provider configured from the
// environment (ARGIL_BASE_URL, ARGIL_API_KEY) plus providerExtra.
func renderHCL(providerExtra string, ids ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "terraform {\n  required_providers {\n    argil = {\n      source = %q\n    }\n  }\n}\n\n", tfcli.Source())
	fmt.Fprintf(&b, "provider \"argil\" {\n%s\n}\n\nvariable \"video_ids\" {\n  type    = list(string)\n  default = [", providerExtra)
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", id)
	}
	b.WriteString(`]
}

resource "argil_video_render" "test" {
  count    = length(var.video_ids)
  video_id = var.video_ids[count.index]
}
`)
	return b.String()
}

// tfcli keeps a copy of the journal setting's name (it cannot import this package).
func TestTFCLIKnowsTheJournalSetting(t *testing.T) {
	if tfcli.EnvRenderJournalDir != EnvRenderJournalDir {
		t.Errorf("tfcli.EnvRenderJournalDir = %q, want %q", tfcli.EnvRenderJournalDir, EnvRenderJournalDir)
	}
}
