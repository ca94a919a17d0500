package argil_test

import (
	"context"
	"testing"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func TestVideoCallsAgainstTheEmulator(t *testing.T) {
	e, c := startEmulator(t, 0, 0)
	ctx := context.Background()
	for _, name := range []string{"Alpha launch", "Beta launch", "Gamma"} {
		e.SeedVideo(emulator.SeedVideo{Name: name, Extras: map[string]string{"batch": "1"}})
	}
	marked := e.SeedVideo(emulator.SeedVideo{Name: "Marked", Extras: map[string]string{"tf_request": "r-42"}})

	page, err := c.ListVideos(ctx, argil.ListVideosParams{Limit: 2, Page: 1})
	if err != nil {
		t.Fatal(err)
	}
	if page.TotalItems != 4 || page.TotalPages != 2 || len(page.Videos) != 2 {
		t.Errorf("page 1 = %d items of %d in %d pages, want 2 of 4 in 2", len(page.Videos), page.TotalItems, page.TotalPages)
	}
	all, err := c.ListAllVideos(ctx, argil.ListVideosParams{Limit: 1})
	if err != nil || len(all) != 4 {
		t.Fatalf("ListAllVideos = %d videos (err %v), want 4", len(all), err)
	}
	launches, err := c.ListAllVideos(ctx, argil.ListVideosParams{NameSearchQuery: "LAUNCH"})
	if err != nil || len(launches) != 2 {
		t.Errorf("name search = %d videos (err %v), want 2", len(launches), err)
	}
	found, err := c.ListAllVideos(ctx, argil.ListVideosParams{ExtrasFilter: map[string]string{"tf_request": "r-42"}})
	if err != nil || len(found) != 1 || found[0].ID != marked {
		t.Errorf("extras filter = %+v (err %v), want only %s", found, err, marked)
	}

	v, err := c.RenderVideo(ctx, marked, argil.RenderArgs{CallbackURL: "https://example.com/hook"})
	if err != nil || argil.Classify(v.Status) != argil.Pending {
		t.Fatalf("render = %+v, %v; want a pending render", v, err)
	}
	if _, err := c.RenderVideo(ctx, marked, argil.RenderArgs{}); argil.StatusCode(err) != 400 {
		t.Errorf("a second render while generating: err = %v, want HTTP 400", err)
	}
	if e.Renders(marked) != 1 {
		t.Errorf("renders = %d, want 1", e.Renders(marked))
	}
	if err := c.DeleteVideo(ctx, marked); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetVideo(ctx, marked); !argil.IsNotFound(err) {
		t.Errorf("GET after delete: err = %v, want 404", err)
	}
	if err := c.DeleteVideo(ctx, marked); err != nil {
		t.Errorf("deleting a deleted video: err = %v, want nil", err)
	}
}
