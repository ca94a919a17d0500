package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/tfcli"
)

// Refresh at scale: terraform plan reads every render in state through the client's batched
// reads (argil.Client.ReadVideo): GET /videos pages when they cost fewer requests than one
// GET per video. These tests run the real terraform CLI against the emulator.

// seedDone seeds n DONE videos and returns their ids, oldest first.
func (f *testEmulator) seedDone(prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = f.SeedVideo(emulator.SeedVideo{Name: fmt.Sprintf("%s %03d", prefix, i), Status: "DONE"})
	}
	return ids
}

// adoptAll applies the renders of ids (adopting DONE videos costs no render) and returns the
// CLI, with the emulator's counters as they were after the apply.
func adoptAll(t *testing.T, f *testEmulator, ids []string) *tfcli.TestCLI {
	t.Helper()
	cli := newTerraformCLI(t, renderHCL("  max_requests_per_second = 1000", ids...), "ARGIL_BASE_URL="+f.BaseURL, "ARGIL_API_KEY="+testAPIKey)
	if res := cli.Apply("-parallelism=20"); res.Code != 0 {
		t.Fatalf("adopting %d DONE videos failed (exit %d):\n%s", len(ids), res.Code, res.Output())
	}
	if r := f.TotalRenders(); r != 0 {
		t.Fatalf("adopting DONE videos started %d render(s)", r)
	}
	return cli
}

// counts returns the emulator's GET /videos and GET /videos/{id} counts.
func (f *testEmulator) counts() (lists, gets int) {
	return f.Count("GET /videos"), f.Count("GET /videos/{id}")
}

// A video deleted outside Terraform is found through the pages: absent from every page, its
// own GET answers 404, and the plan renders it again. The other 149 renders cost no GET.
func TestAccRefresh_driftFoundThroughPages(t *testing.T) {
	t.Parallel()
	f := startEmulator(t, emulator.Options{})
	ids := f.seedDone("Drift", 150)
	f.seedDone("Other", 250) // the account holds 400 videos: 4 pages
	cli := adoptAll(t, f, ids)
	gone := ids[42]
	f.DeleteVideo(gone)
	lists0, gets0 := f.counts()
	res := cli.Run("plan", "-no-color", "-detailed-exitcode", "-input=false")
	lists, gets := f.counts()
	lists, gets = lists-lists0, gets-gets0
	t.Logf("plan of 150 renders over a 400-video account: %d pages, %d GETs", lists, gets)
	if res.Code != 2 {
		t.Fatalf("plan exit code %d, want 2 (changes: the deleted video's render):\n%s", res.Code, res.Output())
	}
	out := res.Output()
	if !strings.Contains(out, "Plan: 1 to add, 0 to change, 0 to destroy") || !strings.Contains(out, "argil_video_render.test[42] will be created") {
		t.Errorf("the plan does not render the deleted video again, and only it:\n%s", out)
	}
	if lists == 0 || lists > 4 || gets > 5 {
		t.Errorf("150 reads cost %d pages and %d GETs; want at most the 4 pages and a few GETs", lists, gets)
	}
	if f.TotalRenders() != 0 || f.Count(renderRoute) != 0 {
		t.Error("a plan started a render")
	}
}

// With list items that lack previewUrl, aspectRatio and duration (the docs' list schema), a
// refresh through pages keeps every attribute a GET gives: none turns null.
func TestAccRefresh_leanListItemsNeverNullAttributes(t *testing.T) {
	t.Parallel()
	f := startEmulator(t, emulator.Options{ShortListItems: true})
	ids := f.seedDone("Lean", 60)
	cli := adoptAll(t, f, ids)
	before, _ := cli.Show()
	lists0, _ := f.counts()
	if res := cli.Run("apply", "-refresh-only", "-auto-approve", "-no-color", "-input=false"); res.Code != 0 {
		t.Fatalf("refresh failed (exit %d):\n%s", res.Code, res.Output())
	}
	if lists, _ := f.counts(); lists == lists0 {
		t.Error("the refresh read no page: this test does not exercise pages")
	}
	after, _ := cli.Show()
	byAddr := map[string]map[string]any{}
	for _, r := range before.Resources() {
		byAddr[r.Address] = r.Values
	}
	if n := len(after.Resources()); n != len(ids) {
		t.Fatalf("%d resources after the refresh, want %d", n, len(ids))
	}
	for _, r := range after.Resources() {
		for _, attr := range []string{"preview_url", "aspect_ratio", "duration", "video_url", "name", "status", "updated_at"} {
			if r.Values[attr] == nil || fmt.Sprint(r.Values[attr]) != fmt.Sprint(byAddr[r.Address][attr]) {
				t.Errorf("%s.%s: %v before the refresh, %v after", r.Address, attr, byAddr[r.Address][attr], r.Values[attr])
			}
		}
	}
}

// An API whose GET /videos is not a page: one request shows it, then every render is read
// with its own GET, and the plan finds nothing to change.
func TestAccRefresh_fallsBackToGETsWhenTheListIsNotAPage(t *testing.T) {
	t.Parallel()
	f := startEmulator(t, emulator.Options{BareArrayList: true})
	ids := f.seedDone("Array", 40)
	cli := adoptAll(t, f, ids)
	lists0, gets0 := f.counts()
	res := cli.Run("plan", "-no-color", "-detailed-exitcode", "-input=false")
	if res.Code != 0 {
		t.Fatalf("plan exit code %d, want 0 (no changes):\n%s", res.Code, res.Output())
	}
	lists, gets := f.counts()
	if lists-lists0 != 1 || gets-gets0 != len(ids) {
		t.Errorf("plan: %d GET /videos and %d GET /videos/{id}; want 1 (the answer that is not a page) and %d", lists-lists0, gets-gets0, len(ids))
	}
}
