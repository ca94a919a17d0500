//go:build unix

package provider

// Money-rule tests that need the real terraform binary: a provider killed while it waits on a
// queued render (Terraform then saves no state at all), and terraform apply -replace.

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func TestAccMoney_providerKilledWhileQueuedThenReapply(t *testing.T) {
	t.Parallel()
	f := startEmulator(t, fastArgil(emulator.Options{RenderQueue: 75 * time.Second}))
	id := f.seedIdle("Killed while queued")
	cli := newTerraformCLI(t, renderHCL("", id), "ARGIL_BASE_URL="+f.BaseURL, "ARGIL_API_KEY="+testAPIKey)

	// Start an apply and kill terraform and the provider (SIGKILL: no state is saved) once
	// Argil accepted the render, while the video reads IDLE in the queue.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a := startApplyUntilRender(ctx, t, cli, f, id)
	time.Sleep(500 * time.Millisecond) // the provider waits on the queued render now
	if err := syscall.Kill(-a.cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := <-a.exited; err == nil {
		t.Fatalf("the killed apply exited 0")
	}
	if status, _ := f.VideoStatus(id); status != "IDLE" {
		t.Fatalf("the video is %s after the kill, want IDLE (queued): make the queue longer", status)
	}
	if b, err := os.ReadFile(filepath.Join(cli.Dir, "terraform.tfstate")); err == nil && bytes.Contains(b, []byte(id)) {
		t.Fatalf("the killed apply saved the render in state; this test needs a crash that saves nothing:\n%s", b)
	}

	// Apply again: no state knows of the render, and the video reads IDLE like a video never
	// rendered. The local journal does know: the provider waits, it does not pay again.
	res := cli.Apply()
	if res.Code != 0 {
		t.Fatalf("the second apply failed (exit %d):\n%s", res.Code, res.Output())
	}
	if r, n := f.Renders(id), f.Count(renderRoute); r != 1 || n != 1 {
		t.Errorf("%d render(s) started and %d render POST(s) over both applies, want 1 and 1", r, n)
	}
	state, _ := cli.Show()
	rs := state.Resources()
	if len(rs) != 1 || rs[0].Values["status"] != "DONE" || rs[0].Values["video_url"] == nil || rs[0].Values["duration"] == nil || rs[0].Values["preview_url"] == nil {
		t.Errorf("after the second apply: %+v, want one DONE render with its outputs", rs)
	}
}

func TestAccMoney_replaceRendersAgain(t *testing.T) {
	t.Parallel()
	f := startEmulator(t, fastArgil(emulator.Options{}))
	id := f.seedIdle("Rendered twice on purpose")
	cli := newTerraformCLI(t, renderHCL("", id), "ARGIL_BASE_URL="+f.BaseURL, "ARGIL_API_KEY="+testAPIKey)
	if res := cli.Apply(); res.Code != 0 {
		t.Fatalf("first apply (exit %d):\n%s", res.Code, res.Output())
	}
	if r := f.Renders(id); r != 1 {
		t.Fatalf("%d render(s) after the first apply, want 1", r)
	}
	// A plain apply renders nothing more.
	if res := cli.Apply(); res.Code != 0 || f.Count(renderRoute) != 1 {
		t.Fatalf("second apply (exit %d, %d render POSTs, want 1):\n%s", res.Code, f.Count(renderRoute), res.Output())
	}
	// -replace is the explicit way to pay for a new render of the same video.
	res := cli.Apply("-replace=argil_video_render.test[0]")
	if res.Code != 0 {
		t.Fatalf("apply -replace (exit %d):\n%s", res.Code, res.Output())
	}
	if r, n := f.Renders(id), f.Count(renderRoute); r != 2 || n != 2 {
		t.Errorf("after -replace: %d render(s) and %d render POST(s), want 2 and 2", r, n)
	}
	state, _ := cli.Show()
	if rs := state.Resources(); len(rs) != 1 || rs[0].Values["status"] != "DONE" || rs[0].Values["video_url"] == nil {
		t.Errorf("after -replace: %+v, want one DONE render", rs)
	}
	// And nothing more afterwards.
	if res := cli.Apply(); res.Code != 0 || f.Count(renderRoute) != 2 {
		t.Errorf("apply after -replace (exit %d): %d render POSTs, want 2\n%s", res.Code, f.Count(renderRoute), res.Output())
	}
}
