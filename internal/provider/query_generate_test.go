//go:build unix

package provider

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/tfcli"
)

// cliVersion is the product ("Terraform" or "OpenTofu") and version of the CLI under test
// (TF_ACC_TERRAFORM_PATH). It skips the test unless acceptance tests are on.
func cliVersion(t *testing.T) (product string, major, minor int) {
	t.Helper()
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" || os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run it")
	}
	cmd := exec.Command(path, "version")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=", "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version: %v", path, err)
	}
	m := regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v(\d+)\.(\d+)\.`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("%s version: cannot read %q", path, out)
	}
	major, _ = strconv.Atoi(string(m[2]))
	minor, _ = strconv.Atoi(string(m[3]))
	return string(m[1]), major, minor
}

// TestAccQuery_generatedConfigurationImportsWithoutChanges walks the guide "Bring an existing
// Argil workspace under Terraform" with the real CLI: `terraform query -generate-config-out`
// over a workspace with one object of each type, then plan and apply of the generated import
// and resource blocks. The plan imports every object and changes nothing; after the apply the
// next plan is empty; no request ever creates, renders or deletes anything.
func TestAccQuery_generatedConfigurationImportsWithoutChanges(t *testing.T) {
	t.Parallel()
	generatedImport(t, emulator.Options{})
}

// TestAccQuery_generatedConfigurationOtherReadings is the same walk where Argil reports a
// finished render as IDLE, lists shorter videos than it reads one by one, and spells the
// creation time createAt: readings its n8n node and older docs allow.
func TestAccQuery_generatedConfigurationOtherReadings(t *testing.T) {
	t.Parallel()
	generatedImport(t, emulator.Options{FinishedReadsIdle: true, ShortListItems: true, CreatedAtKey: "createAt"})
}

func generatedImport(t *testing.T, opts emulator.Options) {
	skipBelowCLI(t, 1, 14, true) // terraform query: Terraform 1.14 (make testacc-tf114)
	e := newAvatarVoiceEmulator(t, opts)
	ctx := context.Background()
	api := e.apiClient(t)
	draft := e.SeedVideo(emulator.SeedVideo{Name: "Draft", Extras: map[string]string{"team": "ops", argil.RequestIDExtraKey: "tok-1"},
		Moments: []emulator.SeedMoment{{Transcript: "First line.", AvatarID: emulator.AvatarEmmaID, VoiceID: emulator.VoiceEmmaID}, {AudioURL: "https://cdn.example.com/line2.mp3", AvatarID: emulator.AvatarLiamID}}})
	rendered := e.SeedVideo(emulator.SeedVideo{Name: "Launch teaser", Status: emulator.StatusDone, Subtitles: true, AspectRatio: "9:16"})
	avatar, err := api.CreateAvatar(ctx, argil.AvatarCreateArgs{Name: "Founder", ImageURL: "https://cdn.example.com/founder.png", Extras: map[string]string{"team": "growth"}})
	if err != nil {
		t.Fatal(err)
	}
	voice, err := api.CreateVoice(ctx, argil.VoiceCreateArgs{Name: "Narrator", AudioURL: "https://cdn.example.com/narrator.mp3"})
	if err != nil {
		t.Fatal(err)
	}
	asset, err := api.CreateAsset(ctx, argil.AssetCreateArgs{Name: "Logo", Type: argil.AssetTypeImage, URL: "https://cdn.example.com/logo.png"})
	if err != nil {
		t.Fatal(err)
	}
	const hookURL = "https://hooks.example.com/argil?token=s3cret-token"
	hook, err := api.CreateWebhook(ctx, argil.WebhookCreateArgs{CallbackURL: hookURL, Events: []string{"VIDEO_GENERATION_SUCCESS"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.WaitForAsset(ctx, asset.ID, asset, argil.WaitOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.WaitForAvatar(ctx, avatar.ID, avatar, argil.WaitOptions{}); err != nil {
		t.Fatal(err)
	}
	e.ResetCounters()

	c := newTerraformCLI(t, `
terraform {
  required_providers {
    argil = { source = "`+tfcli.Source()+`" }
  }
}

provider "argil" {}
`, "ARGIL_BASE_URL="+e.BaseURL, "ARGIL_API_KEY="+testAPIKey)
	c.Write("workspace.tfquery.hcl", readExample(t, "examples/guides/workspace/workspace.tfquery.hcl"))

	res := c.Run("query", "-no-color", "-generate-config-out=generated.tf")
	if res.Code != 0 {
		t.Fatalf("terraform query: exit %d\n%s", res.Code, res.Output())
	}
	for _, id := range []string{draft, rendered, avatar.ID, voice.ID, asset.ID, hook.ID} {
		if !strings.Contains(res.Stdout, "id="+id) {
			t.Errorf("terraform query does not list %s:\n%s", id, res.Stdout)
		}
	}
	for _, stock := range []string{emulator.VoiceEmmaID, emulator.AvatarEmmaID, emulator.AssetMusicCalmID} {
		if strings.Contains(res.Stdout, stock) {
			t.Errorf("terraform query lists %s, one of Argil's stock objects, which the guide's filters leave out:\n%s", stock, res.Stdout)
		}
	}
	if strings.Contains(res.Output(), "s3cret") {
		t.Errorf("terraform query shows the webhook's token:\n%s", res.Output())
	}
	generated, err := os.ReadFile(filepath.Join(c.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	gen := string(generated)
	// Seven objects: two videos, one render (the DONE video), an avatar, a voice, an asset, a webhook.
	if n := strings.Count(gen, "identity = {"); n != 7 {
		t.Errorf("generated.tf has %d import blocks by identity, want 7:\n%s", n, gen)
	}
	if strings.Contains(gen, "s3cret") || !strings.Contains(gen, "callback_url = null # sensitive") {
		t.Errorf("generated.tf must leave the webhook's sensitive callback_url out (null # sensitive):\n%s", gen)
	}
	if strings.Contains(gen, argil.RequestIDExtraKey) {
		t.Errorf("generated.tf shows the provider's %s marker, which argil_video hides:\n%s", argil.RequestIDExtraKey, gen)
	}

	// Until the webhook's URL is given back, the plan fails on it and changes nothing.
	res = c.Run("plan", "-no-color", "-input=false")
	if res.Code == 0 || !errorPattern("callback_url").MatchString(res.Output()) {
		t.Fatalf("plan with callback_url = null: exit %d, want a failure naming callback_url\n%s", res.Code, res.Output())
	}
	// The webhook's block, not the render's (whose callback_url is sensitive and null too).
	at := strings.Index(gen, `resource "argil_webhook"`)
	if at < 0 {
		t.Fatalf("generated.tf has no argil_webhook:\n%s", gen)
	}
	gen = gen[:at] + strings.Replace(gen[at:], "callback_url = null # sensitive", "callback_url = "+strconv.Quote(hookURL), 1)
	c.Write("generated.tf", gen)

	res = c.Run("plan", "-no-color", "-input=false")
	if res.Code != 0 || !strings.Contains(res.Stdout, "Plan: 7 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Fatalf("plan of the generated configuration: exit %d, want 7 imports and nothing else\n%s", res.Code, res.Output())
	}
	res = c.Apply()
	if res.Code != 0 || !strings.Contains(res.Stdout, "Resources: 7 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Fatalf("apply of the generated configuration: exit %d\n%s", res.Code, res.Output())
	}
	res = c.Run("plan", "-no-color", "-input=false", "-detailed-exitcode")
	if res.Code != 0 {
		t.Fatalf("plan after the import: exit %d, want 0 (no changes)\n%s", res.Code, res.Output())
	}

	if posts := postCounts(e); len(posts) != 0 {
		t.Errorf("query, plan and apply sent POST requests %v: importing must create and render nothing", posts)
	}
	if n := e.deleteRequests(); n != 0 {
		t.Errorf("query, plan and apply sent %d DELETE request(s)", n)
	}
	if n := e.TotalRenders(); n != 0 {
		t.Errorf("%d render(s) started", n)
	}
}

// readExample reads a file of the repository (an example that the docs embed), so that the
// tests run what the documentation shows.
func readExample(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(tfcli.ModuleRoot(), rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAccQuery_examplesRun runs the example of every list resource (the files the docs embed)
// with terraform query against the emulator: each is valid and runs.
func TestAccQuery_examplesRun(t *testing.T) {
	t.Parallel()
	skipBelowCLI(t, 1, 14, true) // terraform query: Terraform 1.14 (make testacc-tf114)
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	c := newTerraformCLI(t, `
terraform {
  required_providers {
    argil = { source = "`+tfcli.Source()+`" }
  }
}

provider "argil" {}
`, "ARGIL_BASE_URL="+e.BaseURL, "ARGIL_API_KEY="+testAPIKey)
	examples, err := filepath.Glob(filepath.Join(tfcli.ModuleRoot(), "examples", "list-resources", "*", "list-resource.tfquery.hcl"))
	if err != nil || len(examples) != 6 {
		t.Fatalf("found %d list resource examples (%v), want 6", len(examples), err)
	}
	for _, f := range examples {
		name := filepath.Base(filepath.Dir(f))
		c.Write(name+".tfquery.hcl", readExample(t, strings.TrimPrefix(f, tfcli.ModuleRoot()+"/")))
	}
	res := c.Run("query", "-no-color")
	if res.Code != 0 {
		t.Fatalf("terraform query over the examples: exit %d\n%s", res.Code, res.Output())
	}
	if posts := postCounts(e); len(posts) != 0 {
		t.Errorf("the examples sent POST requests %v", posts)
	}
}
