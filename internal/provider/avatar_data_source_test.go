package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func avatarDataConfig(e *testEmulator, body string) string {
	return e.testBlock("data", "argil_avatar", body)
}

func TestAccAvatarDataSource_byIDAndByName(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	addr := "data.argil_avatar.test"
	accTest(t,
		tfresource.TestStep{
			Config: avatarDataConfig(e, fmt.Sprintf("  id = %q", emulator.AvatarEmmaID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(emulator.AvatarEmmaID)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Emma (office)")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("actor_name"), knownvalue.StringExact("Emma")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("orientation"), knownvalue.StringExact("ASPECT_RATIO_16_9")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("model"), knownvalue.StringExact("ARGIL_V1")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("width"), knownvalue.Int64Exact(1920)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("height"), knownvalue.Int64Exact(1080)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("thumbnail_url"), knownvalue.StringRegexp(regexp.MustCompile(`/media/avatars/`+emulator.AvatarEmmaID+`\.thumbnail\.jpg$`))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("cover_image_url"), knownvalue.StringRegexp(regexp.MustCompile(`/media/avatars/`+emulator.AvatarEmmaID+`\.cover\.jpg$`))),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringExact("2024-01-15T09:00:00Z")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("gestures"), catalogGestures),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("extras"), knownvalue.MapSizeExact(0)),
			},
		},
		tfresource.TestStep{
			Config: avatarDataConfig(e, `  name = "Noah (office)"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(emulator.AvatarNoahID)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("orientation"), knownvalue.StringExact("ASPECT_RATIO_9_16")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("model"), knownvalue.StringExact("ARGIL_ATOM")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("gestures"), catalogGestures),
			},
		},
	)
}

func TestAccAvatarDataSource_createdAtOldSpelling(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{CreatedAtKey: "createAt"})
	accTest(t, tfresource.TestStep{
		Config: avatarDataConfig(e, `  name = "Sofia (office)"`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.argil_avatar.test", tfjsonpath.New("created_at"), knownvalue.StringExact("2024-01-15T09:00:00Z")),
		},
	})
}

func TestAccAvatarDataSource_noneOrSeveralMatch(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	c := e.apiClient(t)
	var twins []string
	for range 2 {
		a, err := c.CreateAvatar(context.Background(), argil.AvatarCreateArgs{Name: "Twin", ImageURL: "https://cdn.example.com/twin.png"})
		if err != nil {
			t.Fatal(err)
		}
		twins = append(twins, a.ID)
	}
	accTest(t,
		applyFails(avatarDataConfig(e, `  name = "emma  (OFFICE)"`), `No Argil avatar named "emma (OFFICE)"`, "None of the 6 avatars", "differ only in case or spaces", `"Emma (office)"`, emulator.AvatarEmmaID, "name_regex"),
		applyFails(avatarDataConfig(e, `  name = "Twin"`), `Several Argil avatars are named "Twin"`, twins[0], twins[1], "Give the id"),
		applyFails(avatarDataConfig(e, `  id = "00000000-0000-4000-8000-000000000000"`), "Cannot read the Argil avatar", "Avatar 00000000-0000-4000-8000-000000000000", "No avatar with this id", "HTTP 404"),
	)
}

func TestAccAvatarDataSource_badInputFailsAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	expectNoRequests(t, e)
	accTest(t,
		planFails(avatarDataConfig(e, ""), "Exactly one of these attributes must be configured: [id,name]"),
		planFails(avatarDataConfig(e, fmt.Sprintf("  id = %q\n  name = \"Emma (office)\"", emulator.AvatarEmmaID)), "Invalid Attribute Combination", "[id,name]"),
		planFails(avatarDataConfig(e, `  name = "  "`), "Empty value"),
	)
}
