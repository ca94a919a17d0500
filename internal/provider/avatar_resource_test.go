package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func avatarConfig(e *testEmulator, body string) string {
	return e.testBlock("resource", "argil_avatar", body)
}

func TestAccAvatar_lifecycle(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	addr := "argil_avatar.test"
	first := fmt.Sprintf(`
  name      = "Founder"
  image_url = "https://cdn.example.com/founder-16x9.jpg"
  voice_id  = %q
  extras    = { team = "growth", source = "terraform" }
`, emulator.VoiceLiamID)
	var ids []string
	recordID := appendStateID(addr, &ids)
	accTestCase(t, tfresource.TestCase{
		// Destroy only forgets: no DELETE reached Argil and every avatar still exists.
		CheckDestroy: destroyOnlyForgets(e, "avatar", &ids, func(id string) error {
			if status, ok := e.AvatarStatus(id); !ok || status != argil.AvatarStatusIdle {
				return fmt.Errorf("status %q, exists %v; want it still IDLE in the workspace", status, ok)
			}
			return nil
		}),
		Steps: []tfresource.TestStep{
			{
				Config: avatarConfig(e, first),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionCreate,
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("status")),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("gestures")),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Founder")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("actor_name"), knownvalue.StringExact("Founder")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("orientation"), knownvalue.StringExact("ASPECT_RATIO_16_9")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("model"), knownvalue.StringExact("ARGIL_ATOM")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("width"), knownvalue.Int64Exact(1920)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("height"), knownvalue.Int64Exact(1080)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("gestures"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("thumbnail_url"), knownvalue.StringRegexp(regexp.MustCompile(`^http://127\.0\.0\.1:\d+/media/avatars/[0-9a-f-]{36}\.thumbnail\.jpg$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("cover_image_url"), knownvalue.StringRegexp(regexp.MustCompile(`^http://127\.0\.0\.1:\d+/media/avatars/[0-9a-f-]{36}\.cover\.jpg$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(rfc3339Pattern)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("extras"), knownvalue.MapExact(map[string]knownvalue.Check{
						"team": knownvalue.StringExact("growth"), "source": knownvalue.StringExact("terraform"),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("voice_id"), knownvalue.StringExact(emulator.VoiceLiamID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("image_base64"), knownvalue.Null()),
				},
				Check: tfresource.ComposeAggregateTestCheckFunc(
					recordID,
					func(*terraform.State) error {
						if n := e.Count("POST /avatars"); n != 1 {
							return fmt.Errorf("POST /avatars received %d times, want 1", n)
						}
						if s, _ := e.AvatarStatus(ids[0]); s != argil.AvatarStatusIdle {
							return fmt.Errorf("the emulator says avatar %s is %q, want IDLE", ids[0], s)
						}
						return nil
					},
				),
			},
			// Same configuration: nothing to do, no new avatar.
			nothingToDo(avatarConfig(e, first)),
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"image_url", "image_base64", "voice_id", "timeouts"},
			},
			{
				// No update endpoint: a new name replaces the avatar (a new POST) and keeps the old one at Argil.
				Config:           avatarConfig(e, strings.Replace(first, `"Founder"`, `"Founder v2"`, 1)),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Founder v2")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
				},
				Check: tfresource.ComposeAggregateTestCheckFunc(
					recordID,
					func(*terraform.State) error {
						if n := e.Count("POST /avatars"); n != 2 || ids[0] == ids[1] {
							return fmt.Errorf("POST /avatars received %d times (ids %v), want 2 and a new id", n, ids)
						}
						if _, ok := e.AvatarStatus(ids[0]); !ok {
							return fmt.Errorf("the replaced avatar %s is gone from the emulator", ids[0])
						}
						return nil
					},
				),
			},
			// The image, the voice and the extras force a new avatar too (checked on the plan only).
			planReplaces(addr, avatarConfig(e, strings.Replace(strings.Replace(first, `"Founder"`, `"Founder v2"`, 1), "founder-16x9.jpg", "founder-9x16.jpg", 1))),
			planReplaces(addr, avatarConfig(e, strings.Replace(strings.Replace(first, `"Founder"`, `"Founder v2"`, 1), emulator.VoiceLiamID, emulator.VoiceNoahID, 1))),
			planReplaces(addr, avatarConfig(e, strings.Replace(strings.Replace(first, `"Founder"`, `"Founder v2"`, 1), `team = "growth", `, "", 1))),
		},
	})
	if n := e.Count("POST /avatars"); n != 2 {
		t.Errorf("POST /avatars received %d times over the test, want 2", n)
	}
}

func TestAccAvatar_base64ImageWithoutVoice(t *testing.T) {
	t.Parallel()
	// The emulator spells the creation time createAt here (older docs): created_at still reads it.
	e := newAvatarVoiceEmulator(t, emulator.Options{CreatedAtKey: "createAt"})
	img := pngDataURI(t, 1280, 720)
	addr := "argil_avatar.test"
	accTest(t, tfresource.TestStep{
		Config: avatarConfig(e, fmt.Sprintf(`
  name         = "Inline image"
  image_base64 = %q
  timeouts     = { create = "1m" }
`, img)),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(rfc3339Pattern)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("image_base64"), knownvalue.StringExact(img)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("image_url"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("voice_id"), knownvalue.Null()),
			// No extras configured and none returned: null, not an empty map (no diff on the next plan).
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("extras"), knownvalue.Null()),
		},
	})
}

func TestAccAvatar_trainingFailedThenTaintedAndReplaced(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	addr := "argil_avatar.test"
	cfg := avatarConfig(e, `
  name      = "Risky"
  image_url = "https://cdn.example.com/risky.png"
`)
	e.RefuseNextAvatar()
	accTest(t,
		applyFails(cfg, "Argil refused the avatar", `("Risky"), status REFUSED`, "moderation refused", "another image", "tainted", "2 more credits"),
		tfresource.TestStep{
			// The refused avatar was saved (tainted): this plan replaces it rather than creating from nothing.
			PreConfig:   e.FailNextAvatar,
			Config:      cfg,
			ExpectError: errorPattern("Argil avatar training failed", "status TRAINING_FAILED", "PNG, JPEG or WEBP", "stays in your Argil workspace", "tainted"),
		},
		tfresource.TestStep{
			Config:           cfg,
			ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
			},
			Check: func(*terraform.State) error {
				if n := e.Count("POST /avatars"); n != 3 {
					return fmt.Errorf("POST /avatars received %d times, want 3 (refused, failed, trained)", n)
				}
				return nil
			},
		},
	)
}

func TestAccAvatar_timeoutSavesTheAvatarTainted(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{AvatarTraining: 4 * time.Second})
	addr := "argil_avatar.test"
	accTest(t,
		applyFails(avatarConfig(e, `
  name      = "Slow"
  image_url = "https://cdn.example.com/slow.png"
  timeouts  = { create = "1s" }
`), "Timed out waiting for the Argil avatar training", "status TRAINING", "keeps training", "terraform untaint"),
		// The avatar is in state (tainted), so the plan replaces it: it was not forgotten.
		planReplaces(addr, avatarConfig(e, `
  name      = "Slow"
  image_url = "https://cdn.example.com/slow.png"
  timeouts  = { create = "1s" }
`)),
	)
}

func TestAccAvatar_importedThenConfigRecordedWithoutReplacement(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	existing, err := e.apiClient(t).CreateAvatar(context.Background(), argil.AvatarCreateArgs{
		Name: "Made in the app", ImageURL: "https://cdn.example.com/app.png", Extras: map[string]string{"owner": "marketing"},
	})
	if err != nil {
		t.Fatal(err)
	}
	addr := "argil_avatar.test"
	body := `
  name      = "Made in the app"
  image_url = "https://cdn.example.com/app.png"
  extras    = { owner = "marketing" }
`
	// Argil does not return the image: the import records it; once recorded, a change of the
	// image forces a new avatar as usual.
	accTest(t, importRecordsTheConfig(addr, existing.ID, avatarConfig(e, body), avatarConfig(e, strings.Replace(body, "app.png", "other.png", 1)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(existing.ID)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("image_url"), knownvalue.StringExact("https://cdn.example.com/app.png")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(rfc3339Pattern)),
	)...)
	if n := e.Count("POST /avatars"); n != 1 {
		t.Errorf("POST /avatars received %d times, want 1 (the setup's): importing must not create an avatar", n)
	}
}

func TestAccAvatar_createWithoutAnswerAdoptsTheNewAvatar(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	// The emulator creates the object, then closes the connection without an answer.
	e.SetFaults(emulator.Faults{DropAfterAccept: map[string]int{"POST /avatars": 1}})
	addr := "argil_avatar.test"
	accTest(t, tfresource.TestStep{
		Config: avatarConfig(e, `
  name      = "Lost answer"
  image_url = "https://cdn.example.com/lost.png"
`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
		},
		Check: adoptedTheLostCreate(e, addr, "POST /avatars", "a POST without answer is never sent again",
			func() ([]argil.Avatar, error) {
				return e.apiClient(t).ListAvatars(context.Background(), argil.ListAvatarsParams{Visibility: "private"})
			},
			func(a argil.Avatar) string { return a.ID }),
	})
}

func TestAccAvatar_badInputFailsAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	expectNoRequests(t, e)
	step := func(body string, phrases ...string) tfresource.TestStep {
		return planFails(avatarConfig(e, body), phrases...)
	}
	url := `  image_url = "https://cdn.example.com/a.png"` + "\n"
	elevenExtras := "  extras = {"
	for i := range 11 {
		elevenExtras += fmt.Sprintf(" k%d = \"v\",", i)
	}
	elevenExtras += " }\n"
	accTest(t,
		step(`  name = "A"`+"\n", "Missing avatar image", "Creating an avatar needs an image", "image_url, image_base64_wo", "or image_base64"),
		step(`  name = "A"`+"\n"+url+`  image_base64 = "data:image/png;base64,iVBORw0KGgo="`, "Invalid Attribute Combination", "[image_url,image_base64,image_base64_wo]"),
		step(`  name = "A"`+"\n"+`  image_base64 = "data:image/png;base64,iVBORw0KGgo="`+"\n"+`  image_base64_wo = "data:image/png;base64,iVBORw0KGgo="`,
			"Invalid Attribute Combination", "[image_url,image_base64,image_base64_wo]"),
		step(`  name = "A"`+"\n"+`  image_base64_wo = "data:image/png;base64,***"`, "Invalid image data URI", "not valid base64"),
		step(`  name = "A"`+"\n"+`  image_url = "http://cdn.example.com/a.png"`, "Invalid URL", "must use https://", "downloads the image over HTTPS"),
		step(`  name = "A"`+"\n"+`  image_base64 = "data:image/gif;base64,R0lGOD=="`, "Invalid image data URI", "data:image/png;base64"),
		step(`  name = "A"`+"\n"+`  image_base64 = "data:image/png;base64,***"`, "Invalid image data URI", "not valid base64"),
		step(`  name = ""`+"\n"+url, "name", "length must be between 1 and 256"),
		step(fmt.Sprintf("  name = %q\n", strings.Repeat("n", 257))+url, "length must be between 1 and 256"),
		step(`  name = "A"`+"\n"+url+elevenExtras, "extras", "map must contain at most 10 elements"),
		step(`  name = "A"`+"\n"+url+fmt.Sprintf("  extras = { note = %q }\n", strings.Repeat("x", 257)), "extras", "string length must be at most 256"),
		step(`  name = "A"`+"\n"+url+`  timeouts = { create = "soon" }`, "Invalid Attribute Value Time Duration"),
	)
}

func TestAvatarDeleteWarnsThatTheAvatarStillExists(t *testing.T) {
	expectForgetWarning(t, NewAvatarResource(), "a1b2c3d4-0001-4000-8000-00000000abcd", "Founder",
		"a1b2c3d4-0001-4000-8000-00000000abcd", `"Founder"`, "still exists in your Argil workspace", "no way to delete avatars", "Argil app")
}
