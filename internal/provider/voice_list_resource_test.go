package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// TestAccVoiceList_filters lists voices: every voice the key can use (Argil's stock voices
// included: nothing tells them apart), narrowed by language, gender and name_regex.
func TestAccVoiceList_filters(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	v, err := e.apiClient(t).CreateVoice(context.Background(), argil.VoiceCreateArgs{Name: "Narrator", AudioURL: "https://cdn.example.com/narrator.mp3"})
	if err != nil {
		t.Fatal(err)
	}
	expectNoPosts(t, e)
	stock := []string{emulator.VoiceEmmaID, emulator.VoiceLiamID, emulator.VoiceSofiaID, emulator.VoiceNoahID, emulator.VoiceGretaID, emulator.VoiceJoaoID}

	lists := listBlock("voice", "all", "") +
		listBlock("voice", "mine", `  config { name_regex = "^Narrator$" }`) +
		listBlock("voice", "english_women", `  config {
    language = "ENGLISH"
    gender   = "FEMALE"
  }`) +
		listBlock("voice", "men", `  config { gender = "MALE" }`) +
		listBlock("voice", "full", `  include_resource = true
  config { name_regex = "^Narrator$" }`)
	resource.Test(t, queryTestCase(t, e, lists,
		expectListIDs{"argil_voice.all", append(stock, v.ID)},
		expectListIDs{"argil_voice.mine", []string{v.ID}},
		expectListIDs{"argil_voice.english_women", []string{emulator.VoiceEmmaID}},
		expectListIDs{"argil_voice.men", []string{emulator.VoiceLiamID, emulator.VoiceNoahID, emulator.VoiceJoaoID}},
		expectDisplayNames{"argil_voice.mine", []string{"Narrator"}},
		expectResourceObject{"argil_voice.full", v.ID, func(o map[string]any) error {
			if o["name"] != "Narrator" || o["status"] != "IDLE" || o["sample_url"] == nil {
				return fmt.Errorf("name, status or sample_url wrong")
			}
			for _, k := range []string{"audio_url", "model_id", "stability", "speed", "emotion"} {
				if o[k] != nil {
					return fmt.Errorf("%s = %v, want null: Argil does not return it", k, o[k])
				}
			}
			return nil
		}},
	))
}
