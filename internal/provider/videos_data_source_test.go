package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func TestAccVideosDataSource_filtersAndPages(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	// 55 batch videos: more than one page of 50.
	for i := 1; i <= 55; i++ {
		e.SeedVideo(emulator.SeedVideo{
			Name:    fmt.Sprintf("Batch %02d", i),
			Extras:  map[string]string{"batch": "b1"},
			Moments: []emulator.SeedMoment{{Transcript: "Hi.", AvatarID: "avatar-a", VoiceID: "voice-a"}},
		})
	}
	for i := 1; i <= 4; i++ {
		e.SeedVideo(emulator.SeedVideo{
			Name:        fmt.Sprintf("Launch %d", i),
			AspectRatio: "9:16",
			Extras:      map[string]string{"batch": "b2", "lang": fmt.Sprintf("l%d", i)},
			Moments:     []emulator.SeedMoment{{Transcript: "Bonjour.", AvatarID: "avatar-b", VoiceID: "voice-b"}},
		})
	}
	done := e.SeedVideo(emulator.SeedVideo{Name: "Rendered launch", Status: "DONE", Extras: map[string]string{"batch": "b2", "lang": "l9"},
		Moments: []emulator.SeedMoment{{Transcript: "Done.", AvatarID: "avatar-b", VoiceID: "voice-c"}}})

	config := e.providerConfig("") + `
data "argil_videos" "all" {}

data "argil_videos" "batch" {
  extras = { batch = "b1" }
}

data "argil_videos" "launch_by_name" {
  name_search = "LAUNCH"
}

data "argil_videos" "by_avatar" {
  avatar_id = "avatar-b"
}

data "argil_videos" "by_voice" {
  voice_id = "voice-b"
}

data "argil_videos" "one" {
  name_search = "launch"
  extras      = { batch = "b2", lang = "l3" }
}

data "argil_videos" "done" {
  voice_id = "voice-c"
}

data "argil_videos" "none" {
  name_search = "no such video"
}
`
	ds := func(name string) string { return "data.argil_videos." + name }
	total := func(name string, n int64) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(ds(name), tfjsonpath.New("total"), knownvalue.Int64Exact(n))
	}
	length := func(name string, n int) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(ds(name), tfjsonpath.New("videos"), knownvalue.ListSizeExact(n))
	}
	first := func(name, attr string, check knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(ds(name), tfjsonpath.New("videos").AtSliceIndex(0).AtMapKey(attr), check)
	}
	accTest(t, resource.TestStep{
		Config: config,
		ConfigStateChecks: []statecheck.StateCheck{
			total("all", 60), length("all", 60),
			total("batch", 55), length("batch", 55),
			total("launch_by_name", 5),
			total("by_avatar", 5),
			total("by_voice", 4),
			total("none", 0), length("none", 0),

			total("one", 1),
			first("one", "name", knownvalue.StringExact("Launch 3")),
			first("one", "status", knownvalue.StringExact("IDLE")),
			first("one", "id", knownvalue.StringRegexp(uuidPattern)),
			first("one", "aspect_ratio", knownvalue.StringExact("9:16")),
			first("one", "preview_url", knownvalue.StringRegexp(regexp.MustCompile(`/preview/[0-9a-f-]{36}$`))),
			first("one", "created_at", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
			first("one", "video_url", knownvalue.Null()),
			first("one", "duration", knownvalue.Null()),
			first("one", "extras", knownvalue.MapExact(map[string]knownvalue.Check{"batch": knownvalue.StringExact("b2"), "lang": knownvalue.StringExact("l3")})),

			total("done", 1),
			first("done", "id", knownvalue.StringExact(done)),
			first("done", "status", knownvalue.StringExact("DONE")),
			first("done", "video_url", knownvalue.StringRegexp(regexp.MustCompile(`/media/`+done+`.*\.mp4$`))),
			first("done", "duration", knownvalue.Float64Func(func(v float64) error {
				if v <= 0 {
					return fmt.Errorf("duration %v, want > 0", v)
				}
				return nil
			})),
		},
	})
}

func TestAccVideosDataSource_findsTheVideoOfACreateByItsToken(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	e.SeedVideo(emulator.SeedVideo{Name: "Not mine"})
	accTest(t, resource.TestStep{
		Config: e.providerConfig("") + `
resource "argil_video" "test" {
  name    = "Made by Terraform"
  moments = [{ avatar_id = "avatar-1", transcript = "Hi." }]
}

data "argil_videos" "by_name" {
  name_search = argil_video.test.name
}

data "argil_videos" "by_token" {
  extras = { tf_request_id = data.argil_videos.by_name.videos[0].extras["tf_request_id"] }
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.argil_videos.by_name", tfjsonpath.New("videos").AtSliceIndex(0).AtMapKey("extras").AtMapKey("tf_request_id"), knownvalue.StringRegexp(uuidPattern)),
			statecheck.ExpectKnownValue("data.argil_videos.by_token", tfjsonpath.New("total"), knownvalue.Int64Exact(1)),
			statecheck.CompareValuePairs("data.argil_videos.by_token", tfjsonpath.New("videos").AtSliceIndex(0).AtMapKey("id"), videoAddr, tfjsonpath.New("id"), compare.ValuesSame()),
		},
	})
}

func TestAccVideosDataSource_badFiltersFailWithoutRequests(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	expectNoRequests(t, e)
	accTest(t,
		planFails(e.providerConfig("")+`data "argil_videos" "x" { extras = {} }`, "extras", "at least 1"),
		planFails(e.providerConfig("")+`data "argil_videos" "x" { name_search = " " }`, "Empty value", "name_search must not be empty"),
	)
}
