//go:build unix

package provider

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/tfcli"
)

func TestAvatarImageReplaces(t *testing.T) {
	url := func(u string) avatarImage { return avatarImage{kind: imageURL, url: u} }
	img := func(h string) avatarImage { return avatarImage{kind: imageBytes, hash: h} }
	none, unknown := avatarImage{kind: imageNone}, avatarImage{kind: imageUnknown}
	for _, c := range []struct {
		name             string
		configured, prev avatarImage
		want             bool
	}{
		{"same URL", url("a"), url("a"), false},
		{"other URL", url("b"), url("a"), true},
		{"same bytes (image_base64 moved to image_base64_wo)", img("h1"), img("h1"), false},
		{"other bytes", img("h2"), img("h1"), true},
		{"URL to bytes", img("h1"), url("a"), true},
		{"bytes to URL", url("a"), img("h1"), true},
		{"unknown at plan", unknown, img("h1"), true},
		{"image removed: forgotten, not replaced", none, url("a"), false},
		{"imported without image, image added: recorded", img("h1"), none, false},
		{"imported, unknown image: recorded at apply", unknown, none, false},
	} {
		if got := c.configured.replaces(c.prev); got != c.want {
			t.Errorf("%s: replaces = %v, want %v", c.name, got, c.want)
		}
	}
}

// pngWithFirstPixel is a 1280x720 PNG image (the smallest landscape size Argil documents), plain
// gray but for its first pixel, whose shade tells two images apart.
func pngWithFirstPixel(t *testing.T, shade uint8) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 1280, 720))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	img.Set(0, 0, color.Gray{Y: shade})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// avatarImagesSent returns the image each POST /avatars carried (datasetImage.base64 or .url).
func avatarImagesSent(e *testEmulator) []string {
	var images []string
	for _, r := range e.Requests() {
		if r.Route != "POST /avatars" {
			continue
		}
		var b struct {
			DatasetImage struct {
				URL    string `json:"url"`
				Base64 string `json:"base64"`
			} `json:"datasetImage"`
		}
		_ = json.Unmarshal(r.Body, &b)
		images = append(images, b.DatasetImage.URL+b.DatasetImage.Base64)
	}
	return images
}

// TestAccAvatar_writeOnlyImage moves an avatar's image from image_base64 to image_base64_wo
// (Terraform and OpenTofu 1.11 and later): the same image is only recorded, without a new
// avatar, and the state then keeps its digest, not the image; the image is sent to Argil; a
// different image creates a new avatar, as does a switch to image_url.
func TestAccAvatar_writeOnlyImage(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	addr := "argil_avatar.test"
	imgA, imgB := pngDataURI(t, 1280, 720), "data:image/png;base64,"+base64.StdEncoding.EncodeToString(pngWithFirstPixel(t, 99))
	digest := func(uri string) string {
		data, err := base64.StdEncoding.DecodeString(uri[strings.Index(uri, ",")+1:])
		if err != nil {
			t.Fatal(err)
		}
		return sha256Hex(data)
	}
	cfg := func(attr, value string) string {
		return avatarConfig(e, fmt.Sprintf("  name = \"Founder\"\n  %s = %q\n", attr, value))
	}
	accTestCase(t, tfresource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []tfresource.TestStep{
			{
				// The fallback for older CLIs: the image is stored in the state.
				Config: cfg("image_base64", imgA),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("image_base64"), knownvalue.StringExact(imgA)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("image_sha256"), knownvalue.StringExact(digest(imgA))),
				},
			},
			{
				// The same image, write-only: recorded in place, no new avatar, no image in state.
				Config:           cfg("image_base64_wo", imgA),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("image_base64"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("image_base64_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("image_sha256"), knownvalue.StringExact(digest(imgA))),
				},
			},
			nothingToDo(cfg("image_base64_wo", imgA)),
			{
				// Another image: a new avatar, created from that image.
				Config: cfg("image_base64_wo", imgB),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionDestroyBeforeCreate,
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("image_sha256"), knownvalue.StringExact(digest(imgB))),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("image_sha256"), knownvalue.StringExact(digest(imgB))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
				},
			},
			{
				Config:           cfg("image_url", "https://cdn.example.com/founder.png"),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("image_sha256"), knownvalue.Null()),
				},
			},
		},
	})
	want := []string{imgA, imgB, "https://cdn.example.com/founder.png"}
	if got := avatarImagesSent(e); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("POST /avatars carried %d image(s), want 3: image_base64, then image_base64_wo's second image, then the URL (got %.80q)", len(got), got)
	}
}

// TestAccAvatar_writeOnlyImageNeverInStateOrPlan applies an avatar whose image comes from a file
// through image_base64_wo, with the real CLI (Terraform or OpenTofu 1.11 and later), and reads
// the raw state file and the saved plan: neither holds the image's bytes, only its digest. A
// changed file then plans a replacement.
func TestAccAvatar_writeOnlyImageNeverInStateOrPlan(t *testing.T) {
	t.Parallel()
	skipBelowCLI(t, 1, 11, false)
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	c := newTerraformCLI(t, fmt.Sprintf(`
terraform {
  required_providers {
    argil = { source = %q }
  }
}

provider "argil" {}

resource "argil_avatar" "founder" {
  name            = "Founder"
  image_base64_wo = "data:image/png;base64,${filebase64("${path.module}/face.png")}"
}
`, tfcli.Source()), "ARGIL_BASE_URL="+e.BaseURL, "ARGIL_API_KEY="+testAPIKey)
	face := pngWithFirstPixel(t, 42)
	c.Write("face.png", string(face))
	payload := base64.StdEncoding.EncodeToString(face)

	res := c.Apply()
	if res.Code != 0 {
		t.Fatalf("apply: exit %d\n%s", res.Code, res.Output())
	}
	raw, err := os.ReadFile(filepath.Join(c.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	leaks := func(where, text string) {
		t.Helper()
		for _, part := range []string{payload, payload[len(payload)/2 : len(payload)/2+40]} {
			if strings.Contains(text, part) {
				t.Errorf("%s holds the image's bytes (base64)", where)
				return
			}
		}
	}
	leaks("terraform.tfstate", string(raw))
	leaks("the apply output", res.Output())
	if !strings.Contains(string(raw), `"image_sha256": "`+sha256Hex(face)+`"`) {
		t.Errorf("terraform.tfstate does not record image_sha256 = %s:\n%s", sha256Hex(face), raw)
	}

	res = c.Run("plan", "-no-color", "-input=false", "-detailed-exitcode")
	if res.Code != 0 {
		t.Fatalf("plan after apply: exit %d, want 0 (no changes)\n%s", res.Code, res.Output())
	}

	// Another picture in the same file: a new avatar, and the saved plan has no bytes either.
	c.Write("face.png", string(pngWithFirstPixel(t, 43)))
	res = c.Run("plan", "-no-color", "-input=false", "-detailed-exitcode", "-out=next.tfplan")
	if res.Code != 2 || !strings.Contains(res.Stdout, "must be replaced") || !errorPattern("image_sha256", "forces replacement").MatchString(res.Stdout) {
		t.Fatalf("plan with another image: exit %d, want 2 and a replacement forced by image_sha256\n%s", res.Code, res.Output())
	}
	leaks("the plan output", res.Output())
	// The saved plan is compressed: read it as Terraform shows it.
	next := base64.StdEncoding.EncodeToString(pngWithFirstPixel(t, 43))
	if shown := c.Run("show", "-json", "next.tfplan"); shown.Code != 0 || strings.Contains(shown.Stdout, next[len(next)/2:len(next)/2+40]) {
		t.Errorf("terraform show -json of the plan: exit %d, or it holds the new image's bytes", shown.Code)
	}
	if n := e.Count("POST /avatars"); n != 1 {
		t.Errorf("POST /avatars received %d times, want 1", n)
	}
}

// TestAvatarReadRecordsTheDigestOfAnOlderState refreshes an avatar whose state was written
// before image_sha256 existed (image_base64 only): the refresh records the digest, so that the
// next plan has nothing to update.
func TestAvatarReadRecordsTheDigestOfAnOlderState(t *testing.T) {
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	c := e.apiClient(t)
	img := pngDataURI(t, 1280, 720)
	a, err := c.CreateAvatar(context.Background(), argil.AvatarCreateArgs{Name: "Founder", ImageBase64: img})
	if err != nil {
		t.Fatal(err)
	}
	r := &avatarResource{resourceBase{typeBase: typeBase{data: &providerData{client: c}}}}
	for _, tc := range []struct {
		name  string
		set   map[string]tftypes.Value
		wantH string
	}{
		{"image_base64 without digest", map[string]tftypes.Value{"image_base64": tftypes.NewValue(tftypes.String, img)}, imageDigest(img)},
		{"image_url: no digest", map[string]tftypes.Value{"image_url": tftypes.NewValue(tftypes.String, "https://cdn.example.com/f.png")}, ""},
	} {
		tc.set["id"] = tftypes.NewValue(tftypes.String, a.ID)
		tc.set["name"] = tftypes.NewValue(tftypes.String, "Founder")
		state, _ := schemaNulls(t, r, tc.set)
		resp := resource.ReadResponse{State: state}
		r.Read(context.Background(), resource.ReadRequest{State: state}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("%s: %v", tc.name, resp.Diagnostics)
		}
		var got types.String
		resp.State.GetAttribute(context.Background(), path.Root("image_sha256"), &got)
		if got.ValueString() != tc.wantH || (tc.wantH == "") != got.IsNull() {
			t.Errorf("%s: image_sha256 = %v, want %q", tc.name, got, tc.wantH)
		}
	}
	if want := sha256Hex(mustDecodeDataURI(t, img)); imageDigest(img) != want {
		t.Errorf("imageDigest = %s, want the SHA-256 of the decoded bytes %s", imageDigest(img), want)
	}
}

func mustDecodeDataURI(t *testing.T, uri string) []byte {
	t.Helper()
	_, data, err := decodeImageDataURI(uri)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestAvatarPrefersTheWriteOnlyImage checks the warning given for image_base64 where the CLI
// supports write-only arguments, and only there.
func TestAvatarPrefersTheWriteOnlyImage(t *testing.T) {
	r := &avatarResource{newResourceBase("avatar", "avatar")}
	_, cfg := schemaNulls(t, r, map[string]tftypes.Value{
		"name":         tftypes.NewValue(tftypes.String, "Founder"),
		"image_base64": tftypes.NewValue(tftypes.String, pngDataURI(t, 1280, 720)),
	})
	for _, writeOnly := range []bool{true, false} {
		var diags diag.Diagnostics
		for _, v := range r.ConfigValidators(context.Background()) {
			var resp resource.ValidateConfigResponse
			v.ValidateResource(context.Background(), resource.ValidateConfigRequest{Config: cfg, ClientCapabilities: resource.ValidateConfigClientCapabilities{WriteOnlyAttributesAllowed: writeOnly}}, &resp)
			diags.Append(resp.Diagnostics...)
		}
		want := 0
		if writeOnly {
			want = 1
		}
		if diags.HasError() || diags.WarningsCount() != want {
			t.Errorf("write-only allowed = %v: diagnostics %v, want %d warning(s)", writeOnly, diags, want)
		}
		if writeOnly && diags.WarningsCount() == 1 && !strings.Contains(diags.Warnings()[0].Detail(), "image_base64_wo") {
			t.Errorf("the warning %q does not name image_base64_wo", diags.Warnings()[0].Detail())
		}
	}
}
