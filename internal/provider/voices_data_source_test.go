package provider

import (
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func voicesDataConfig(e *testEmulator, body string) string {
	return e.testBlock("data", "argil_voices", body)
}

// expectVoiceIDs checks the ids of data.argil_voices.test.voices, in order.
func expectVoiceIDs(ids ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	return statecheck.ExpectKnownValue("data.argil_voices.test", tfjsonpath.New("voices"), knownvalue.ListExact(checks))
}

func TestAccVoicesDataSource_filters(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	accTest(t,
		tfresource.TestStep{
			Config: voicesDataConfig(e, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectVoiceIDs(emulator.VoiceEmmaID, emulator.VoiceLiamID, emulator.VoiceSofiaID, emulator.VoiceNoahID, emulator.VoiceGretaID, emulator.VoiceJoaoID),
				statecheck.ExpectKnownValue("data.argil_voices.test", tfjsonpath.New("voices").AtSliceIndex(3), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.StringExact(emulator.VoiceNoahID), "name": knownvalue.StringExact("Noah"), "status": knownvalue.StringExact("IDLE"),
					"language": knownvalue.StringExact("FRENCH"), "gender": knownvalue.StringExact("MALE"), "sample_url": knownvalue.NotNull(),
					"created_at": knownvalue.StringExact("2024-01-15T09:00:00Z"), "updated_at": knownvalue.NotNull(),
				})),
			},
		},
		tfresource.TestStep{
			Config:            voicesDataConfig(e, `  language = "ENGLISH"`),
			ConfigStateChecks: []statecheck.StateCheck{expectVoiceIDs(emulator.VoiceEmmaID, emulator.VoiceLiamID)},
		},
		tfresource.TestStep{
			Config:            voicesDataConfig(e, `  gender = "FEMALE"`),
			ConfigStateChecks: []statecheck.StateCheck{expectVoiceIDs(emulator.VoiceEmmaID, emulator.VoiceSofiaID, emulator.VoiceGretaID)},
		},
		tfresource.TestStep{
			Config:            voicesDataConfig(e, "  gender = \"FEMALE\"\n  name_regex = \"^G\""),
			ConfigStateChecks: []statecheck.StateCheck{expectVoiceIDs(emulator.VoiceGretaID)},
		},
		tfresource.TestStep{
			Config:            voicesDataConfig(e, `  language = "HINDI"`),
			ConfigStateChecks: []statecheck.StateCheck{expectVoiceIDs()},
		},
	)
}

func TestAccVoicesDataSource_badInputFailsAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	expectNoRequests(t, e)
	step := func(body string, phrases ...string) tfresource.TestStep {
		return planFails(voicesDataConfig(e, body), phrases...)
	}
	accTest(t,
		step(`  language = "KLINGON"`, "language", "value must be one of", `"BRAZILIAN_PORTUGUESE"`),
		step(`  gender = "female"`, "gender", "value must be one of", `"FEMALE"`),
		step(`  name_regex = "a**"`, "Invalid regular expression"),
	)
}
