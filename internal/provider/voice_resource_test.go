package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func voiceConfig(e *testEmulator, body string) string {
	return e.testBlock("resource", "argil_voice", body)
}

func TestAccVoice_lifecycle(t *testing.T) {
	t.Parallel()
	// RejectUnknownVoiceFields: the emulator refuses any body field the contract does not name,
	// so the settings must be sent under their documented names.
	e := newAvatarVoiceEmulator(t, emulator.Options{RejectUnknownVoiceFields: true})
	addr := "argil_voice.test"
	first := `
  name          = "Narrator"
  audio_url     = "https://cdn.example.com/narrator-90s.mp3"
  model_id      = "eleven_multilingual_v2"
  stability     = 0.6
  similarity    = 0.75
  style         = 0.1
  speed         = 1.05
  speaker_boost = true
`
	var ids []string
	recordID := appendStateID(addr, &ids)
	accTestCase(t, tfresource.TestCase{
		CheckDestroy: destroyOnlyForgets(e, "voice", &ids, func(id string) error {
			if v, err := e.apiClient(t).GetVoice(context.Background(), id); err != nil || v.Status != argil.VoiceStatusIdle {
				return fmt.Errorf("%+v, %v; want it still in the workspace", v, err)
			}
			return nil
		}),
		Steps: []tfresource.TestStep{
			{
				Config: voiceConfig(e, first),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionCreate,
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("sample_url")),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Narrator")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("sample_url"), knownvalue.StringRegexp(regexp.MustCompile(`^http://127\.0\.0\.1:\d+/media/voices/[0-9a-f-]{36}\.mp3$`))),
					// A cloned voice has no language or gender until Argil sets them (null in the API).
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("language"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("gender"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(rfc3339Pattern)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("stability"), knownvalue.Float64Exact(0.6)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("speaker_boost"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("emotion"), knownvalue.Null()),
				},
				Check: tfresource.ComposeAggregateTestCheckFunc(recordID, expectCount(e, "POST /voices", 1)),
			},
			nothingToDo(voiceConfig(e, first)),
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{
					"audio_url", "model_id", "stability", "similarity", "style", "speed", "speaker_boost", "language_boost", "emotion",
				},
			},
			{
				// No update endpoint: another speed clones a new voice and keeps the old one.
				Config:           voiceConfig(e, strings.Replace(first, "1.05", "0.9", 1)),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("speed"), knownvalue.Float64Exact(0.9)),
				},
				Check: tfresource.ComposeAggregateTestCheckFunc(recordID, func(*terraform.State) error {
					if n := e.Count("POST /voices"); n != 2 || ids[0] == ids[1] {
						return fmt.Errorf("POST /voices received %d times (ids %v), want 2 and a new id", n, ids)
					}
					return nil
				}),
			},
			{
				// A Minimax voice with emotion: settings that are removed or added force a new voice.
				Config: voiceConfig(e, `
  name           = "Narrator"
  audio_url      = "https://cdn.example.com/narrator-90s.mp3"
  model_id       = "speech-2.8-hd"
  speed          = 0.9
  language_boost = "auto"
  emotion        = "happy"
`),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("emotion"), knownvalue.StringExact("happy")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("stability"), knownvalue.Null()),
				},
				Check: recordID,
			},
		},
	})
}

func TestAccVoice_importedThenConfigRecordedWithoutReplacement(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	existing, err := e.apiClient(t).CreateVoice(context.Background(), argil.VoiceCreateArgs{Name: "Cloned in the app", AudioURL: "https://cdn.example.com/me.wav"})
	if err != nil {
		t.Fatal(err)
	}
	addr := "argil_voice.test"
	body := `
  name      = "Cloned in the app"
  audio_url = "https://cdn.example.com/me.wav"
  speed     = 1.1
`
	accTest(t, importRecordsTheConfig(addr, existing.ID, voiceConfig(e, body), voiceConfig(e, strings.Replace(body, "1.1", "1.2", 1)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(existing.ID)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("audio_url"), knownvalue.StringExact("https://cdn.example.com/me.wav")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("speed"), knownvalue.Float64Exact(1.1)),
	)...)
	if n := e.Count("POST /voices"); n != 1 {
		t.Errorf("POST /voices received %d times, want 1 (the setup's)", n)
	}
}

func TestAccVoice_createWithoutAnswerAdoptsTheNewVoice(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	// The emulator creates the object, then closes the connection without an answer.
	e.SetFaults(emulator.Faults{DropAfterAccept: map[string]int{"POST /voices": 1}})
	addr := "argil_voice.test"
	accTest(t, tfresource.TestStep{
		Config: voiceConfig(e, `
  name      = "Lost answer"
  audio_url = "https://cdn.example.com/lost.mp3"
`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
		},
		Check: expectCount(e, "POST /voices", 1), // a POST without answer is never sent again
	})
}

func TestAccVoice_apiRefusalIsAClearError(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	accTest(t, tfresource.TestStep{
		// An upper-case scheme is a valid https URL for the provider, but the emulator (like the
		// contract's pattern ^https://) refuses it: the API's 400 must come back explained.
		Config:      voiceConfig(e, "  name = \"Shouted\"\n  audio_url = \"HTTPS://cdn.example.com/a.mp3\"\n"),
		ExpectError: errorPattern("Cannot create the Argil voice", `Voice ("Shouted")`, "Argil refused the request", "HTTP 400", "audioUrl must use HTTPS"),
	})
	if n := e.Count("POST /voices"); n != 1 {
		t.Errorf("POST /voices received %d times, want 1: a 400 is not retried", n)
	}
}

func TestAccVoice_badInputFailsAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	expectNoRequests(t, e)
	step := func(body string, phrases ...string) tfresource.TestStep {
		return planFails(voiceConfig(e, body), phrases...)
	}
	ok := `  name = "V"` + "\n" + `  audio_url = "https://cdn.example.com/a.mp3"` + "\n"
	accTest(t,
		step(`  name = "V"`+"\n"+`  audio_url = "http://cdn.example.com/a.mp3"`, "Invalid URL", "must use https://", "downloads the audio over HTTPS"),
		step(`  name = "V"`, "Missing audio_url", "Creating a voice needs audio_url"),
		step(`  name = ""`+"\n"+`  audio_url = "https://cdn.example.com/a.mp3"`, "length must be between 1 and 256"),
		step(ok+"  speed = 1.5\n", "speed", "value must be between 0.700000 and 1.200000"),
		step(ok+"  stability = 1.2\n", "stability", "value must be between 0.000000 and 1.000000"),
		step(ok+"  similarity = -0.1\n", "similarity", "value must be between"),
		step(ok+"  style = 2\n", "style", "value must be between"),
		step(ok+`  emotion = "joyful"`+"\n", "emotion", `value must be one of`, `"surprised"`),
		step(ok+`  model_id = " "`+"\n", "Empty value"),
	)
}

func validateVoiceConfig(t *testing.T, set map[string]tftypes.Value) []string {
	t.Helper()
	base := map[string]tftypes.Value{
		"name":      tftypes.NewValue(tftypes.String, "V"),
		"audio_url": tftypes.NewValue(tftypes.String, "https://cdn.example.com/a.mp3"),
	}
	for k, v := range set {
		base[k] = v
	}
	_, cfg := schemaNulls(t, NewVoiceResource(), base)
	var resp resource.ValidateConfigResponse
	(&voiceResource{}).ValidateConfig(context.Background(), resource.ValidateConfigRequest{Config: cfg}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("ValidateConfig errors: %v", resp.Diagnostics)
	}
	var out []string
	for _, w := range resp.Diagnostics.Warnings() {
		out = append(out, w.Summary()+": "+w.Detail())
	}
	return out
}

func TestVoiceValidateConfigWarnsAboutSettingsOfAnotherModel(t *testing.T) {
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(f float64) tftypes.Value { return tftypes.NewValue(tftypes.Number, f) }
	cases := []struct {
		name string
		set  map[string]tftypes.Value
		want []string // one warning per entry, each containing the text
	}{
		{"defaults", nil, nil},
		{"elevenlabs settings on elevenlabs", map[string]tftypes.Value{"model_id": str("eleven_turbo_v2_5"), "stability": num(0.3), "speaker_boost": tftypes.NewValue(tftypes.Bool, true)}, nil},
		{"minimax settings on the default model", map[string]tftypes.Value{"emotion": str("sad"), "speed": num(1)}, nil},
		{"elevenlabs setting on the default model", map[string]tftypes.Value{"stability": num(0.3)}, []string{`stability applies to ElevenLabs models; Argil's default model "speech-2.5-hd-preview" is a Minimax model`}},
		{"minimax setting on elevenlabs", map[string]tftypes.Value{"model_id": str("eleven_multilingual_v2"), "emotion": str("happy")}, []string{`emotion applies to Minimax models; model "eleven_multilingual_v2" is an ElevenLabs model`}},
		{"speaker boost on eleven_v3", map[string]tftypes.Value{"model_id": str("eleven_v3"), "speaker_boost": tftypes.NewValue(tftypes.Bool, false)}, []string{"other than eleven_v3"}},
		{"unknown model", map[string]tftypes.Value{"model_id": str("speech-9-ultra"), "stability": num(0.3)}, []string{`"speech-9-ultra" is not one of the models Argil documents`}},
	}
	for _, tc := range cases {
		got := validateVoiceConfig(t, tc.set)
		if len(got) != len(tc.want) {
			t.Errorf("%s: warnings %q, want %d", tc.name, got, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: warning %q does not contain %q", tc.name, got[i], w)
			}
		}
	}
}

func TestVoiceDeleteWarnsThatTheVoiceStillExists(t *testing.T) {
	expectForgetWarning(t, NewVoiceResource(), "b1b2c3d4-0001-4000-8000-00000000abcd", "Narrator",
		"Argil voice not deleted", "b1b2c3d4-0001-4000-8000-00000000abcd", `"Narrator"`, "still exists in your Argil workspace", "no way to delete voices")
}
