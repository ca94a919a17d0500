package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// TestAccAssetList_pagesAndFilters lists more assets than one page of 100 holds: every upload
// is found once, Argil's music library (AUDIO) never is, and the type and status filters narrow
// the list.
func TestAccAssetList_pagesAndFilters(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{AssetProcessing: 50 * time.Millisecond})
	c := e.apiClient(t)
	create := func(name, typ string) string {
		a, err := c.CreateAsset(context.Background(), argil.AssetCreateArgs{Name: name, Type: typ, URL: "https://cdn.example.com/" + name})
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	var images, videos []string
	for i := range 104 {
		images = append(images, create(fmt.Sprintf("image-%03d.png", i), argil.AssetTypeImage))
	}
	for i := range 3 {
		videos = append(videos, create(fmt.Sprintf("clip-%d.mp4", i), argil.AssetTypeVideo))
	}
	time.Sleep(200 * time.Millisecond) // READY
	e.FailNextAsset()
	failed := create("broken.png", argil.AssetTypeImage)
	time.Sleep(200 * time.Millisecond)
	e.ResetCounters()
	expectNoPosts(t, e)

	lists := listBlock("asset", "all", "  limit = 1000") +
		listBlock("asset", "videos", `  config { types = ["VIDEO"] }`) +
		listBlock("asset", "failed", `  config { status = "FAILED" }`) +
		listBlock("asset", "full", `  include_resource = true
  config { types = ["VIDEO"] }`)
	resource.Test(t, queryTestCase(t, e, lists,
		expectListIDs{"argil_asset.all", append(append([]string(nil), images...), videos...)},
		querycheck.ExpectLength("argil_asset.all", 107),
		expectListIDs{"argil_asset.videos", videos},
		expectListIDs{"argil_asset.failed", []string{failed}},
		expectDisplayNames{"argil_asset.failed", []string{"broken.png (IMAGE)"}},
		expectResourceObject{"argil_asset.full", videos[0], func(o map[string]any) error {
			if o["name"] != "clip-0.mp4" || o["type"] != "VIDEO" || o["status"] != "READY" || o["file_url"] == nil {
				return fmt.Errorf("name, type, status or file_url wrong")
			}
			if o["url"] != nil {
				return fmt.Errorf("url = %v, want null: Argil does not return it", o["url"])
			}
			return nil
		}},
	))
	// 107 READY uploads at 100 a page for "all"; one page for each of the three others.
	if got := e.Count("GET /assets"); got != 2+1+1+1 {
		t.Errorf("GET /assets received %d times, want 5: two pages for the first block, one for each other", got)
	}
}
