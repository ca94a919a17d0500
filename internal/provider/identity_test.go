package provider

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// identityConfig has one resource of each type. The source (image_url, audio_url, url) of the
// resource named by omitSource is left out, as in a configuration written for an import: Argil
// does not return it.
func identityConfig(e *testEmulator, doneVideo, omitSource string) string {
	source := func(addr, line string) string {
		if addr == omitSource {
			return ""
		}
		return line
	}
	return e.providerConfig("") + `
resource "argil_video" "test" {
  name    = "Identity"
  moments = [{ avatar_id = "` + emulator.AvatarEmmaID + `", transcript = "Who am I?" }]
}

resource "argil_video_render" "test" {
  video_id = "` + doneVideo + `"
}

resource "argil_avatar" "test" {
  name = "Identity avatar"
` + source("argil_avatar.test", `  image_url = "https://cdn.example.com/face.png"`) + `
}

resource "argil_voice" "test" {
  name = "Identity voice"
` + source("argil_voice.test", `  audio_url = "https://cdn.example.com/voice.mp3"`) + `
}

resource "argil_asset" "test" {
  name = "Identity asset"
  type = "IMAGE"
` + source("argil_asset.test", `  url = "https://cdn.example.com/logo.png"`) + `
}

resource "argil_webhook" "test" {
  callback_url = "https://hooks.example.com/argil?token=identity"
  events       = ["VIDEO_GENERATION_SUCCESS"]
}
`
}

// TestAccIdentity_everyResourceImportsByIdentity creates one resource of each type, checks that
// each records its id as its identity, then imports each by identity (an import block with
// `identity = { id = ... }`, Terraform and OpenTofu 1.12 and later) into a fresh state: the
// import plans no change and keeps the identity. Nothing is created or rendered by the imports.
func TestAccIdentity_everyResourceImportsByIdentity(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{AssetProcessing: 200 * time.Millisecond})
	done := e.SeedVideo(emulator.SeedVideo{Name: "Rendered", Status: emulator.StatusDone})
	addrs := []string{"argil_video.test", "argil_video_render.test", "argil_avatar.test", "argil_voice.test", "argil_asset.test", "argil_webhook.test"}

	var identityChecks []statecheck.StateCheck
	for _, addr := range addrs {
		identityChecks = append(identityChecks,
			statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.StringRegexp(uuidPattern)}),
			statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")))
	}
	steps := []resource.TestStep{{
		Config:            identityConfig(e, done, ""),
		ConfigStateChecks: identityChecks,
	}}
	var posts map[string]int
	for _, addr := range addrs {
		steps = append(steps, resource.TestStep{
			PreConfig: func() {
				if posts == nil {
					posts = postCounts(e)
				}
			},
			ResourceName:    addr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
			Config:          identityConfig(e, done, addr),
			ImportPlanChecks: resource.ImportPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
				},
			},
		})
	}
	accTestCase(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps:                  steps,
	})
	if after := postCounts(e); posts != nil && !maps.Equal(posts, after) {
		t.Errorf("the imports sent POST requests: before %v, after %v", posts, after)
	}
	if n := e.TotalRenders(); n != 0 {
		t.Errorf("%d render(s) started; adopting a DONE video and importing must render nothing", n)
	}
}

// TestImportByIdentityChecksTheID imports each resource by identity, as an import block with
// `identity = { id = ... }` does: a valid id becomes the resource's id (video_render's video_id
// too), and an id that cannot be an Argil id (a dot segment, a slash) is refused, as an id
// given to terraform import is.
func TestImportByIdentityChecksTheID(t *testing.T) {
	ctx := context.Background()
	for _, newRes := range New("test")().Resources(ctx) {
		r := newRes()
		var meta fwresource.MetadataResponse
		r.Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "argil"}, &meta)
		t.Run(meta.TypeName, func(t *testing.T) {
			withIdentity, ok := r.(fwresource.ResourceWithIdentity)
			if !ok {
				t.Fatal("no identity")
			}
			withImport, ok := r.(fwresource.ResourceWithImportState)
			if !ok {
				t.Fatal("no import")
			}
			var idResp fwresource.IdentitySchemaResponse
			withIdentity.IdentitySchema(ctx, fwresource.IdentitySchemaRequest{}, &idResp)
			var sch fwresource.SchemaResponse
			r.Schema(ctx, fwresource.SchemaRequest{}, &sch)
			identityType := idResp.IdentitySchema.Type().TerraformType(ctx)
			for _, c := range []struct {
				id      string
				wantErr bool
			}{
				{"3c90c3cc-0d44-4b50-8888-8dd25736052a", false},
				{"../avatars", true},
				{"a/b", true},
			} {
				identity := &tfsdk.ResourceIdentity{Schema: idResp.IdentitySchema,
					Raw: tftypes.NewValue(identityType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, c.id)})}
				resp := fwresource.ImportStateResponse{
					State:    tfsdk.State{Schema: sch.Schema, Raw: nullObject(t, sch.Schema.Type().TerraformType(ctx))},
					Identity: &tfsdk.ResourceIdentity{Schema: idResp.IdentitySchema, Raw: identity.Raw.Copy()},
				}
				withImport.ImportState(ctx, fwresource.ImportStateRequest{Identity: identity}, &resp)
				var invalid bool
				for _, d := range resp.Diagnostics.Errors() {
					invalid = invalid || d.Summary() == "Invalid import id"
				}
				if invalid != c.wantErr {
					t.Errorf("identity id %q: refused = %v, want %v (%v)", c.id, invalid, c.wantErr, resp.Diagnostics)
				}
				if c.wantErr {
					continue
				}
				for _, attr := range []string{"id", "video_id"} {
					if _, ok := sch.Schema.Attributes[attr]; !ok || (attr == "video_id" && meta.TypeName != "argil_video_render") {
						continue
					}
					var got types.String
					resp.State.GetAttribute(ctx, path.Root(attr), &got)
					if got.ValueString() != c.id {
						t.Errorf("after the import by identity, %s = %v, want %s", attr, got, c.id)
					}
				}
			}
		})
	}
}
