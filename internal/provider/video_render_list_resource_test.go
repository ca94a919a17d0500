package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// TestAccVideoRenderList_onlyDoneVideos lists renders: only DONE videos are renders to adopt;
// a draft, a failed render and a render in flight are not. Filters narrow the list, results
// carry the video's id as identity, and the resource object is the render an import adopts.
// Nothing is rendered.
func TestAccVideoRenderList_onlyDoneVideos(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(0, 0))
	expectNoPosts(t, e)
	done1 := e.SeedVideo(emulator.SeedVideo{Name: "Launch teaser", Status: emulator.StatusDone, Subtitles: true, Extras: map[string]string{"team": "growth"}})
	done2 := e.SeedVideo(emulator.SeedVideo{Name: "Recap", Status: emulator.StatusDone, Extras: map[string]string{"team": "sales"}})
	e.SeedVideo(emulator.SeedVideo{Name: "Launch draft"})
	e.SeedVideo(emulator.SeedVideo{Name: "Launch failed", Status: emulator.StatusFailed})
	e.SeedVideo(emulator.SeedVideo{Name: "Launch in flight", Status: emulator.StatusGeneratingVideo})

	lists := listBlock("video_render", "done", "") +
		listBlock("video_render", "launch", `  config { name_search = "launch" }`) +
		listBlock("video_render", "sales", `  config { extras = { team = "sales" } }`) +
		listBlock("video_render", "full", "  include_resource = true")
	resource.Test(t, queryTestCase(t, e, lists,
		expectListIDs{"argil_video_render.done", []string{done1, done2}},
		expectListIDs{"argil_video_render.launch", []string{done1}},
		expectListIDs{"argil_video_render.sales", []string{done2}},
		expectDisplayNames{"argil_video_render.done", []string{"Recap", "Launch teaser"}},
		expectResourceObject{"argil_video_render.full", done1, func(o map[string]any) error {
			if o["video_id"] != done1 || o["id"] != done1 || o["status"] != "DONE" || o["callback_url"] != nil {
				return fmt.Errorf("video_id, id, status or callback_url wrong")
			}
			if o["video_url"] == nil || o["video_url_subtitled"] == nil || o["duration"] == nil {
				return fmt.Errorf("the URLs and duration of the rendered video are missing")
			}
			// As an import of a finished video records it: -replace then renders it again.
			if o["finished_at"] == nil || o["render_accepted_at"] != nil {
				return fmt.Errorf("finished_at %v, render_accepted_at %v: want finished_at set and no accepted render", o["finished_at"], o["render_accepted_at"])
			}
			return nil
		}},
	))
	if n := e.TotalRenders(); n != 0 {
		t.Errorf("%d render(s) started while listing", n)
	}
}

// TestAccVideoRenderList_otherReadings lists renders where Argil reports a finished render as
// IDLE (with its URLs) and lists shorter videos than it reads one by one, two readings its n8n
// node allows: finished renders are still found, drafts are still not, and the resource object
// is completed from GET /videos/{id}.
func TestAccVideoRenderList_otherReadings(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{FinishedReadsIdle: true, ShortListItems: true})
	expectNoPosts(t, e)
	done := e.SeedVideo(emulator.SeedVideo{Name: "Launch teaser", Status: emulator.StatusDone})
	e.SeedVideo(emulator.SeedVideo{Name: "Draft"})
	e.ResetCounters()
	resource.Test(t, queryTestCase(t, e, listBlock("video_render", "done", "  include_resource = true"),
		expectListIDs{"argil_video_render.done", []string{done}},
		expectResourceObject{"argil_video_render.done", done, func(o map[string]any) error {
			if o["status"] != "IDLE" || o["video_url"] == nil || o["duration"] == nil || o["preview_url"] == nil || o["aspect_ratio"] != "16:9" {
				return fmt.Errorf("want the finished render as GET /videos/{id} reads it (IDLE, with its URLs, duration, preview and aspect ratio)")
			}
			return nil
		}},
	))
	if n := e.Count("GET /videos/{id}"); n != 1 {
		t.Errorf("GET /videos/{id} received %d times, want 1: the one short list item of a finished render", n)
	}
}
