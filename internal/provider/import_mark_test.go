package provider

import (
	"context"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// importWithoutSource imports an existing object whose configuration leaves out the source
// Argil does not return (as `terraform query -generate-config-out` writes it): the import plans
// no change. A change that forces a new object is then refused at plan time, before anything is
// deleted or forgotten, since there is nothing to create the new one from; adding the source
// only records it.
func importWithoutSource(t *testing.T, e *testEmulator, addr, id, body, replacingBody, sourceLine, sourceAttr string, errPhrases ...string) {
	t.Helper()
	kind := addr[len("argil_"):]
	kind = kind[:len(kind)-len(".test")]
	cfg := func(b string) string { return e.testBlock("resource", "argil_"+kind, b) }
	accTest(t,
		tfresource.TestStep{
			Config:           cfg(body) + importBlock(addr, id),
			ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionNoop),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New(sourceAttr), knownvalue.Null()),
			},
		},
		planFails(cfg(replacingBody), errPhrases...),
		tfresource.TestStep{
			PreConfig: func() {
				if n := e.deleteRequests(); n != 0 {
					t.Errorf("%d DELETE request(s): a refused replacement must delete nothing", n)
				}
			},
			Config:           cfg(body + "\n" + sourceLine),
			ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionUpdate),
		},
		nothingToDo(cfg(body+"\n"+sourceLine)),
	)
	// Neither the import nor the recorded source created anything: the one POST is the setup's.
	route := "POST /" + kind + "s"
	if n := e.Count(route); n != 1 {
		t.Errorf("%s received %d times, want 1 (the setup's)", route, n)
	}
}

func TestAccAsset_importedWithoutURL(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{})
	c := e.apiClient(t)
	a, err := c.CreateAsset(context.Background(), argil.AssetCreateArgs{Name: "Logo", Type: argil.AssetTypeImage, URL: "https://cdn.example.com/logo.png"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitForAsset(context.Background(), a.ID, a, argil.WaitOptions{}); err != nil {
		t.Fatal(err)
	}
	importWithoutSource(t, e, "argil_asset.test", a.ID,
		"  name = \"Logo\"\n  type = \"IMAGE\"", "  name = \"Logo v2\"\n  type = \"IMAGE\"",
		`  url = "https://cdn.example.com/logo.png"`, "url", "Missing url", "This change creates a new asset, which needs url")
}

func TestAccVoice_importedWithoutAudioURL(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	v, err := e.apiClient(t).CreateVoice(context.Background(), argil.VoiceCreateArgs{Name: "Narrator", AudioURL: "https://cdn.example.com/narrator.mp3"})
	if err != nil {
		t.Fatal(err)
	}
	importWithoutSource(t, e, "argil_voice.test", v.ID,
		`  name = "Narrator"`, `  name = "Narrator 2"`,
		`  audio_url = "https://cdn.example.com/narrator.mp3"`, "audio_url", "Missing audio_url", "This change creates a new voice, which needs audio_url")
}

func TestAccAvatar_importedWithoutImage(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	c := e.apiClient(t)
	a, err := c.CreateAvatar(context.Background(), argil.AvatarCreateArgs{Name: "Founder", ImageURL: "https://cdn.example.com/founder.png"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitForAvatar(context.Background(), a.ID, a, argil.WaitOptions{}); err != nil {
		t.Fatal(err)
	}
	importWithoutSource(t, e, "argil_avatar.test", a.ID,
		`  name = "Founder"`, `  name = "Founder 2"`,
		`  image_url = "https://cdn.example.com/founder.png"`, "image_url", "Missing avatar image", "This change creates a new avatar, which needs an image")
}
