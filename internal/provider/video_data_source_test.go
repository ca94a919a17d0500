package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func TestAccVideoDataSource(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(200*time.Millisecond, 300*time.Millisecond))
	id := e.SeedVideo(emulator.SeedVideo{
		Name:        "Two moments",
		AspectRatio: "9:16",
		Status:      "DONE",
		Extras:      map[string]string{"campaign": "q4"},
		Moments: []emulator.SeedMoment{
			{Transcript: "First moment.", AvatarID: "avatar-a", VoiceID: "voice-a"},
			{AudioURL: "https://cdn.example.com/voice-over.mp3", AvatarID: "avatar-b"},
		},
	})
	idle := e.seedIdleVideo("Not rendered yet")
	ds := "data.argil_video.test"
	accTest(t,
		resource.TestStep{
			Config: e.providerConfig("") + fmt.Sprintf(`
data "argil_video" "test" {
  id = %q
}
data "argil_video" "idle" {
  id = %q
}
`, id, idle),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("name"), knownvalue.StringExact("Two moments")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("status"), knownvalue.StringExact("DONE")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("aspect_ratio"), knownvalue.StringExact("9:16")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("video_url"), knownvalue.StringRegexp(regexp.MustCompile(`/media/`+id))),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("video_url_subtitled"), knownvalue.Null()),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("subtitles_enabled"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("extras"), knownvalue.MapExact(map[string]knownvalue.Check{"campaign": knownvalue.StringExact("q4")})),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("moments"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("moments").AtSliceIndex(0).AtMapKey("transcript"), knownvalue.StringExact("First moment.")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("moments").AtSliceIndex(0).AtMapKey("avatar_id"), knownvalue.StringExact("avatar-a")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("moments").AtSliceIndex(0).AtMapKey("voice_id"), knownvalue.StringExact("voice-a")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("moments").AtSliceIndex(1).AtMapKey("audio_url"), knownvalue.StringExact("https://cdn.example.com/voice-over.mp3")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("moments").AtSliceIndex(1).AtMapKey("transcript"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.argil_video.idle", tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
				statecheck.ExpectKnownValue("data.argil_video.idle", tfjsonpath.New("video_url"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.argil_video.idle", tfjsonpath.New("duration"), knownvalue.Null()),
			},
		},
		applyFails(e.providerConfig("")+`
data "argil_video" "missing" {
  id = "00000000-0000-4000-8000-000000000000"
}
`, "Cannot read the Argil video", "No video with this id exists"),
	)
	if n := e.Count("POST /videos/{id}/render"); n != 0 {
		t.Errorf("the data source sent %d render request(s), want 0", n)
	}
}
