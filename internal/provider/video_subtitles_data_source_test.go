package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func TestAccVideoSubtitlesDataSource(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{})
	id := e.SeedVideo(emulator.SeedVideo{Name: "Launch", Subtitles: true, Status: "DONE", Moments: []emulator.SeedMoment{
		{Transcript: "Welcome to the launch.", AvatarID: emulator.AvatarEmmaID},
		{Transcript: "Here is what is new.", AvatarID: emulator.AvatarEmmaID},
	}})
	vtt := "data.argil_video_subtitles.vtt"
	ass := "data.argil_video_subtitles.ass"
	accTest(t,
		applyFails(e.providerConfig("")+`
data "argil_video_subtitles" "missing" {
  video_id = "00000000-0000-4000-8000-000000000000"
}
`, "Cannot export the subtitles of the Argil video", "Video 00000000-0000-4000-8000-000000000000", "found no video project with this id", "HTTP 404"),
		resource.TestStep{
			Config: e.providerConfig("") + fmt.Sprintf(`
data "argil_video_subtitles" "vtt" {
  video_id = %[1]q
}

data "argil_video_subtitles" "ass" {
  video_id        = %[1]q
  format          = "ass"
  include_styling = true
}
`, id),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(vtt, tfjsonpath.New("format"), knownvalue.StringExact("vtt")),
				statecheck.ExpectKnownValue(vtt, tfjsonpath.New("include_styling"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(vtt, tfjsonpath.New("content_type"), knownvalue.StringExact("text/vtt")),
				statecheck.ExpectKnownValue(vtt, tfjsonpath.New("content"), knownvalue.StringRegexp(regexp.MustCompile(
					`(?s)^WEBVTT\n\n1\n00:00:00\.000 --> \S+\nWelcome to the launch\.\n\n2\n\S+ --> \S+\nHere is what is new\.\n$`))),
				statecheck.ExpectKnownValue(ass, tfjsonpath.New("format"), knownvalue.StringExact("ass")),
				statecheck.ExpectKnownValue(ass, tfjsonpath.New("include_styling"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(ass, tfjsonpath.New("content_type"), knownvalue.StringExact("text/x-ass")),
				statecheck.ExpectKnownValue(ass, tfjsonpath.New("content"), knownvalue.StringRegexp(regexp.MustCompile(
					`(?s)^\[Script Info\]\nTitle: Launch\n.*\[Events\]\n.*Dialogue: 0,0:00:00\.00,[^,]+,[^,]+,Welcome to the launch\.\n`))),
			},
		},
	)
}

func TestAccVideoSubtitlesDataSource_badInputFailsAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{})
	expectNoRequests(t, e)
	accTest(t,
		planFails(e.providerConfig("")+`
data "argil_video_subtitles" "x" {
  video_id = "4b1e6f0e-2d9a-4a51-9a53-7b3c5f2d8e10"
  format   = "srt"
}
`, `value must be one of: ["vtt" "ass"], got: "srt"`),
		planFails(e.providerConfig("")+`data "argil_video_subtitles" "x" { video_id = "" }`, "Empty value", "video_id must not be empty"),
	)
}
