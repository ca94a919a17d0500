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

// voicesListed is a step that reads data.argil_voices.test with body and checks the ids of its
// voices, in order.
func voicesListed(e *testEmulator, body string, ids ...string) tfresource.TestStep {
	return listsIDs(voicesDataConfig(e, body), "data.argil_voices.test", "voices", ids...)
}

func TestAccVoicesDataSource_filters(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	accTest(t,
		tfresource.TestStep{
			Config: voicesDataConfig(e, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectListedIDs("data.argil_voices.test", "voices", emulator.VoiceEmmaID, emulator.VoiceLiamID, emulator.VoiceSofiaID, emulator.VoiceNoahID, emulator.VoiceGretaID, emulator.VoiceJoaoID),
				statecheck.ExpectKnownValue("data.argil_voices.test", tfjsonpath.New("voices").AtSliceIndex(3), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.StringExact(emulator.VoiceNoahID), "name": knownvalue.StringExact("Noah"), "status": knownvalue.StringExact("IDLE"),
					"language": knownvalue.StringExact("FRENCH"), "gender": knownvalue.StringExact("MALE"), "sample_url": knownvalue.NotNull(),
					"created_at": knownvalue.StringExact("2024-01-15T09:00:00Z"), "updated_at": knownvalue.NotNull(),
				})),
			},
		},
		voicesListed(e, `  language = "ENGLISH"`, emulator.VoiceEmmaID, emulator.VoiceLiamID),
		voicesListed(e, `  gender = "FEMALE"`, emulator.VoiceEmmaID, emulator.VoiceSofiaID, emulator.VoiceGretaID),
		voicesListed(e, "  gender = \"FEMALE\"\n  name_regex = \"^G\"", emulator.VoiceGretaID),
		voicesListed(e, `  language = "HINDI"`),
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
