package argil_test

import (
	"context"
	"strings"
	"testing"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func TestSubtitleStylesAgainstTheEmulator(t *testing.T) {
	e, c := startEmulatorWith(t, emulator.Options{})
	ctx := context.Background()
	page, err := c.ListSubtitleStyles(ctx, 2, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 5 || page.CurrentPage != 2 || page.ItemsPerPage != 5 || page.TotalItems < 6 || page.TotalPages < 2 {
		t.Errorf("page 2 of 5 = %+v", page)
	}
	all, err := c.ListAllSubtitleStyles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != page.TotalItems {
		t.Errorf("ListAllSubtitleStyles = %d styles, want the %d the API counts", len(all), page.TotalItems)
	}
	if all[0].ID != emulator.SubtitleStyleClassicID || all[0].Name != "Classic" {
		t.Errorf("first style = %+v, want Classic", all[0])
	}
	ids := map[string]bool{}
	for _, s := range all {
		if s.ID == "" || s.Name == "" || ids[s.ID] {
			t.Errorf("style %+v is empty or repeated", s)
		}
		ids[s.ID] = true
	}
	if n := e.Count("GET /subtitles"); n != 2 {
		t.Errorf("GET /subtitles reached the emulator %d times, want 2 (one page, then one page of 100)", n)
	}
}

func TestExportSubtitlesAgainstTheEmulator(t *testing.T) {
	e, c := startEmulatorWith(t, emulator.Options{})
	ctx := context.Background()
	id := e.SeedVideo(emulator.SeedVideo{Name: "Subtitled", Subtitles: true, Moments: []emulator.SeedMoment{
		{Transcript: "Welcome to the launch.", AvatarID: emulator.AvatarEmmaID},
		{Transcript: "Here is what is new.", AvatarID: emulator.AvatarEmmaID},
	}})

	vtt, ctype, err := c.ExportSubtitles(ctx, id, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "text/vtt" || !strings.HasPrefix(vtt, "WEBVTT") || !strings.Contains(vtt, "Welcome to the launch.") || !strings.Contains(vtt, "-->") {
		t.Errorf("VTT export = %q (%s), want a WebVTT file with the transcript", vtt, ctype)
	}
	if strings.Contains(vtt, "STYLE") {
		t.Errorf("VTT export without styling has a STYLE block: %q", vtt)
	}
	styled, _, err := c.ExportSubtitles(ctx, id, argil.SubtitleFormatVTT, true)
	if err != nil || !strings.Contains(styled, "STYLE") {
		t.Errorf("styled VTT = %q (err %v), want a STYLE block", styled, err)
	}

	ass, ctype, err := c.ExportSubtitles(ctx, id, argil.SubtitleFormatASS, false)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "text/x-ass" || !strings.HasPrefix(ass, "[Script Info]") || !strings.Contains(ass, "Dialogue:") {
		t.Errorf("ASS export = %q (%s), want an ASS file with dialogue lines", ass, ctype)
	}

	if _, _, err := c.ExportSubtitles(ctx, "00000000-0000-4000-8000-000000000000", "vtt", false); !argil.IsNotFound(err) {
		t.Errorf("unknown video: err = %v, want a 404", err)
	}
	before := e.Count("GET /subtitles/videos/{videoProjectId}/export")
	if _, _, err := c.ExportSubtitles(ctx, id, "srt", false); err == nil || !strings.Contains(err.Error(), `"srt" is not supported`) {
		t.Errorf("format srt: err = %v, want a refusal before any request", err)
	}
	if n := e.Count("GET /subtitles/videos/{videoProjectId}/export"); n != before {
		t.Errorf("an unsupported format reached the API (%d requests)", n-before)
	}
}
