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

func voiceDataConfig(e *testEmulator, body string) string {
	return e.testBlock("data", "argil_voice", body)
}

func TestAccVoiceDataSource_byIDAndByName(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{CreatedAtKey: "createAt"})
	addr := "data.argil_voice.test"
	accTest(t,
		tfresource.TestStep{
			Config: voiceDataConfig(e, fmt.Sprintf("  id = %q", emulator.VoiceGretaID)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(emulator.VoiceGretaID)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Greta")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("language"), knownvalue.StringExact("GERMAN")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("gender"), knownvalue.StringExact("FEMALE")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("sample_url"), knownvalue.StringRegexp(regexp.MustCompile(`/media/voices/`+emulator.VoiceGretaID+`\.mp3$`))),
				// The emulator spells the key createAt here (older docs): still read.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringExact("2024-01-15T09:00:00Z")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.StringRegexp(rfc3339Pattern)),
			},
		},
		tfresource.TestStep{
			Config: voiceDataConfig(e, `  name = "João"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(emulator.VoiceJoaoID)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("language"), knownvalue.StringExact("BRAZILIAN_PORTUGUESE")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("gender"), knownvalue.StringExact("MALE")),
			},
		},
	)
}

func TestAccVoiceDataSource_noneOrSeveralMatch(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	c := e.apiClient(t)
	var twins []string
	for range 2 {
		v, err := c.CreateVoice(context.Background(), argil.VoiceCreateArgs{Name: "Twin", AudioURL: "https://cdn.example.com/twin.mp3"})
		if err != nil {
			t.Fatal(err)
		}
		twins = append(twins, v.ID)
	}
	accTest(t,
		applyFails(voiceDataConfig(e, `  name = "greta"`), `No Argil voice named "greta"`, `"Greta"`, emulator.VoiceGretaID, "argil_voices"),
		applyFails(voiceDataConfig(e, `  name = "Nobody"`), `No Argil voice named "Nobody"`, "None of the 8 voices"),
		applyFails(voiceDataConfig(e, `  name = "Twin"`), `Several Argil voices are named "Twin"`, twins[0], twins[1], "Give the id"),
		applyFails(voiceDataConfig(e, `  id = "00000000-0000-4000-8000-000000000000"`), "Cannot read the Argil voice", "No voice with this id", "HTTP 404"),
	)
}

func TestAccVoiceDataSource_badInputFailsAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	expectNoRequests(t, e)
	accTest(t,
		planFails(voiceDataConfig(e, ""), "Exactly one of these attributes must be configured: [id,name]"),
		planFails(voiceDataConfig(e, fmt.Sprintf("  id = %q\n  name = \"Greta\"", emulator.VoiceGretaID)), "Invalid Attribute Combination"),
	)
}
