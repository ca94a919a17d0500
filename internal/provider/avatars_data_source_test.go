package provider

import (
	"context"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func avatarsDataConfig(e *testEmulator, body string) string {
	return e.testBlock("data", "argil_avatars", body)
}

// avatarsListed is a step that reads data.argil_avatars.test with body and checks the ids of
// its avatars, in order.
func avatarsListed(e *testEmulator, body string, ids ...string) tfresource.TestStep {
	return listsIDs(avatarsDataConfig(e, body), "data.argil_avatars.test", "avatars", ids...)
}

func TestAccAvatarsDataSource_filters(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	own, err := e.apiClient(t).CreateAvatar(context.Background(), argil.AvatarCreateArgs{Name: "Our founder", ImageURL: "https://cdn.example.com/f.png"})
	if err != nil {
		t.Fatal(err)
	}
	addr := "data.argil_avatars.test"
	accTest(t,
		tfresource.TestStep{
			Config: avatarsDataConfig(e, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectListedIDs(addr, "avatars", emulator.AvatarEmmaID, emulator.AvatarLiamID, emulator.AvatarSofiaID, emulator.AvatarNoahID, own.ID),
				// Every attribute of an element, for the first catalog avatar.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("avatars").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.StringExact(emulator.AvatarEmmaID), "name": knownvalue.StringExact("Emma (office)"),
					"actor_name": knownvalue.StringExact("Emma"), "status": knownvalue.StringExact("IDLE"),
					"orientation": knownvalue.StringExact("ASPECT_RATIO_16_9"), "model": knownvalue.StringExact("ARGIL_V1"),
					"width": knownvalue.Int64Exact(1920), "height": knownvalue.Int64Exact(1080),
					"thumbnail_url": knownvalue.NotNull(), "cover_image_url": knownvalue.NotNull(),
					"created_at": knownvalue.StringExact("2024-01-15T09:00:00Z"), "updated_at": knownvalue.NotNull(),
					"gestures": catalogGestures, "extras": knownvalue.MapSizeExact(0),
				})),
			},
		},
		avatarsListed(e, `  orientation = "ASPECT_RATIO_9_16"`, emulator.AvatarLiamID, emulator.AvatarNoahID),
		avatarsListed(e, "  orientation = \"ASPECT_RATIO_16_9\"\n  model = \"ARGIL_ATOM\"\n  visibility = \"public\"", emulator.AvatarSofiaID),
		avatarsListed(e, `  visibility = "private"`, own.ID),
		avatarsListed(e, `  name_regex = "^(Emma|Noah) "`, emulator.AvatarEmmaID, emulator.AvatarNoahID),
		avatarsListed(e, "  model = \"ARGIL_V1\"\n  name_regex = \"(?i)^liam\"", emulator.AvatarLiamID),
		tfresource.TestStep{
			Config:            avatarsDataConfig(e, `  name_regex = "^nobody$"`),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("avatars"), knownvalue.ListSizeExact(0))},
		},
	)
	for _, route := range []string{"GET /avatars"} {
		if e.Count(route) == 0 {
			t.Errorf("%s was never called", route)
		}
	}
}

func TestAccAvatarsDataSource_badInputFailsAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	expectNoRequests(t, e)
	step := func(body string, phrases ...string) tfresource.TestStep {
		return planFails(avatarsDataConfig(e, body), phrases...)
	}
	accTest(t,
		step(`  orientation = "16:9"`, "orientation", "value must be one of", "ASPECT_RATIO_16_9"),
		step(`  model = "argil_v1"`, "model", "value must be one of", "ARGIL_V1"),
		step(`  visibility = "all"`, "visibility", `value must be one of`, `"private"`),
		step(`  name_regex = "(unclosed"`, "Invalid regular expression", "missing closing )"),
	)
}
