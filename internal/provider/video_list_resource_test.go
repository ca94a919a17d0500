package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// TestAccVideoList_filters lists the videos of a workspace through every filter: each list
// block finds exactly the videos that match, by identity, and nothing is created or rendered.
func TestAccVideoList_filters(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(0, 0))
	expectNoPosts(t, e)
	seed := func(name, avatar, voice string, extras map[string]string, status string) string {
		return e.SeedVideo(emulator.SeedVideo{Name: name, Extras: extras, Status: status,
			Moments: []emulator.SeedMoment{{Transcript: "Hello " + name + ".", AvatarID: avatar, VoiceID: voice}}})
	}
	launch := seed("Launch teaser", emulator.AvatarEmmaID, emulator.VoiceEmmaID, map[string]string{"team": "growth", "campaign": "q3"}, emulator.StatusDone)
	recap := seed("Weekly recap", emulator.AvatarLiamID, emulator.VoiceLiamID, map[string]string{"team": "growth"}, "")
	launchFR := seed("Launch FR", emulator.AvatarLiamID, emulator.VoiceNoahID, map[string]string{"team": "sales"}, emulator.StatusFailed)
	// A video made by argil_video carries the provider's create marker in its extras.
	marked := seed("Onboarding", emulator.AvatarEmmaID, emulator.VoiceEmmaID, map[string]string{"team": "ops", argil.RequestIDExtraKey: "tok-1"}, "")

	lists := listBlock("video", "all", "") +
		listBlock("video", "by_name", `  config { name_search = "LAUNCH" }`) +
		listBlock("video", "by_avatar", `  config { avatar_id = "`+emulator.AvatarLiamID+`" }`) +
		listBlock("video", "by_voice", `  config { voice_id = "`+emulator.VoiceEmmaID+`" }`) +
		listBlock("video", "by_extras", `  config { extras = { team = "growth" } }`) +
		listBlock("video", "by_status", `  config { status = "DONE" }`) +
		listBlock("video", "combined", `  config {
    name_search = "launch"
    avatar_id   = "`+emulator.AvatarLiamID+`"
  }`) +
		listBlock("video", "none", `  config { name_search = "no such video" }`) +
		listBlock("video", "full", `  include_resource = true`)
	resource.Test(t, queryTestCase(t, e, lists,
		expectListIDs{"argil_video.all", []string{launch, recap, launchFR, marked}},
		expectListIDs{"argil_video.by_name", []string{launch, launchFR}},
		expectListIDs{"argil_video.by_avatar", []string{recap, launchFR}},
		expectListIDs{"argil_video.by_voice", []string{launch, marked}},
		expectListIDs{"argil_video.by_extras", []string{launch, recap}},
		expectListIDs{"argil_video.by_status", []string{launch}},
		expectListIDs{"argil_video.combined", []string{launchFR}},
		expectListIDs{"argil_video.none", nil},
		querycheck.ExpectLength("argil_video.none", 0),
		// Newest first, as Argil lists them; the status helps tell drafts from renders.
		expectDisplayNames{"argil_video.all", []string{"Onboarding (IDLE)", "Launch FR (FAILED)", "Weekly recap (IDLE)", "Launch teaser (DONE)"}},
		// The resource object is what an import gives: the arguments the API returns, extras
		// without the provider's marker, computed attributes.
		expectResourceObject{"argil_video.full", marked, func(o map[string]any) error {
			moments, _ := o["moments"].([]any)
			if o["name"] != "Onboarding" || len(moments) != 1 || o["status"] != "IDLE" || o["aspect_ratio"] != "16:9" {
				return fmt.Errorf("name, moments, status or aspect_ratio wrong")
			}
			m, _ := moments[0].(map[string]any)
			if m["avatar_id"] != emulator.AvatarEmmaID || m["transcript"] != "Hello Onboarding." || m["voice_id"] != emulator.VoiceEmmaID || m["audio_url"] != nil {
				return fmt.Errorf("moment %v", m)
			}
			if extras, _ := o["extras"].(map[string]any); len(extras) != 1 || extras["team"] != "ops" {
				return fmt.Errorf("extras %v, want only team = ops (no %s)", o["extras"], argil.RequestIDExtraKey)
			}
			return nil
		}},
	))
}

// TestAccVideoList_pagesThroughEverything lists more videos than one page holds: every video
// is found, each once, with one request per page of 50; Terraform's default limit (100) and a
// list block's own limit cap what is returned, and the pages read.
func TestAccVideoList_pagesThroughEverything(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(0, 0))
	expectNoPosts(t, e)
	var ids []string
	for i := range 120 {
		ids = append(ids, e.SeedVideo(emulator.SeedVideo{Name: fmt.Sprintf("Batch %03d", i)}))
	}
	tc := queryTestCase(t, e, listBlock("video", "everything", "  limit = 1000"),
		expectListIDs{"argil_video.everything", ids},
		querycheck.ExpectLength("argil_video.everything", 120))
	tc.Steps = append(tc.Steps,
		resource.TestStep{
			Query:  true,
			Config: listBlock("video", "default_limit", "") + listBlock("video", "ten", "  limit = 10"),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("argil_video.default_limit", 100),
				querycheck.ExpectLength("argil_video.ten", 10),
			},
		})
	resource.Test(t, tc)
	// 120 videos at 50 a page: three pages for the first query; for the second, two pages for
	// the default limit of 100 and one for a limit of 10 (no page beyond the limit is read).
	if got := e.Count("GET /videos"); got != 3+2+1 {
		t.Errorf("GET /videos received %d times, want 6: three pages of 50, then two, then one", got)
	}
}

// TestAccVideoList_shortListItems lists videos where GET /videos leaves out previewUrl,
// duration and aspectRatio (the docs' older list schema): the resource object is read from
// GET /videos/{id}, so the generated configuration keeps the aspect ratio.
func TestAccVideoList_shortListItems(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{ShortListItems: true})
	expectNoPosts(t, e)
	portrait := e.SeedVideo(emulator.SeedVideo{Name: "Portrait", AspectRatio: "9:16"})
	e.ResetCounters()
	resource.Test(t, queryTestCase(t, e, listBlock("video", "all", "")+listBlock("video", "full", "  include_resource = true"),
		expectListIDs{"argil_video.all", []string{portrait}},
		expectResourceObject{"argil_video.full", portrait, func(o map[string]any) error {
			if o["aspect_ratio"] != "9:16" || o["preview_url"] == nil {
				return fmt.Errorf("aspect_ratio %v, preview_url %v: want them from GET /videos/{id}", o["aspect_ratio"], o["preview_url"])
			}
			return nil
		}},
	))
	// Only the block with include_resource reads the video on its own.
	if n := e.Count("GET /videos/{id}"); n != 1 {
		t.Errorf("GET /videos/{id} received %d times, want 1", n)
	}
}
