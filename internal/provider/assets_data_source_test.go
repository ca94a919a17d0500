package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// TestAccAssetsDataSource_walksEveryPage seeds more assets than one page holds (100) and
// checks that the data source returns them all, in as many requests as there are pages.
func TestAccAssetsDataSource_walksEveryPage(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{AssetProcessing: time.Millisecond})
	c := e.apiClient(t)
	const images = 205
	for i := range images {
		if _, err := c.CreateAsset(context.Background(), argil.AssetCreateArgs{Name: "Frame " + strconv.Itoa(i), Type: "IMAGE", URL: "https://cdn.example.com/frames/" + strconv.Itoa(i) + ".png"}); err != nil {
			t.Fatal(err)
		}
	}
	e.FailNextAsset()
	failed, err := c.CreateAsset(context.Background(), argil.AssetCreateArgs{Name: "Broken", Type: "VIDEO", URL: "https://cdn.example.com/broken.mp4"})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // past the processing time
	e.ResetCounters()

	addr := "data.argil_assets.images"
	accTest(t,
		resource.TestStep{
			Config: e.providerConfig("") + `
data "argil_assets" "images" {
  types = ["IMAGE"]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("total"), knownvalue.Int64Exact(images)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("assets"), knownvalue.ListSizeExact(images)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("assets").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":            knownvalue.StringRegexp(uuidPattern),
					"name":          knownvalue.StringExact("Frame 0"),
					"type":          knownvalue.StringExact("IMAGE"),
					"status":        knownvalue.StringExact("READY"),
					"file_url":      knownvalue.StringRegexp(regexp.MustCompile(`/media/assets/[0-9a-f-]{36}\.jpg$`)),
					"thumbnail_url": knownvalue.StringRegexp(regexp.MustCompile(`\.thumbnail\.jpg$`)),
					"created_at":    knownvalue.StringRegexp(rfc3339Pattern),
				})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("assets").AtSliceIndex(images-1).AtMapKey("name"), knownvalue.StringExact("Frame "+strconv.Itoa(images-1))),
			},
			Check: func(*terraform.State) error {
				// 205 assets at 100 a page: 3 pages, read once per plan/apply/refresh. Every read
				// must take exactly 3 requests, so the count is a multiple of 3.
				n := e.Count("GET /assets")
				if n == 0 || n%3 != 0 {
					return fmt.Errorf("GET /assets reached the emulator %d times, want a multiple of 3 (3 pages per read)", n)
				}
				return nil
			},
		},
		resource.TestStep{
			Config: e.providerConfig("") + `
data "argil_assets" "music" {
  types = ["AUDIO"]
}

data "argil_assets" "failed" {
  status = "FAILED"
}

data "argil_assets" "all_ready" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.argil_assets.music", tfjsonpath.New("total"), knownvalue.Int64Exact(3)),
				statecheck.ExpectKnownValue("data.argil_assets.music", tfjsonpath.New("assets").AtSliceIndex(0).AtMapKey("type"), knownvalue.StringExact("AUDIO")),
				statecheck.ExpectKnownValue("data.argil_assets.failed", tfjsonpath.New("total"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue("data.argil_assets.failed", tfjsonpath.New("status"), knownvalue.StringExact("FAILED")),
				statecheck.ExpectKnownValue("data.argil_assets.failed", tfjsonpath.New("assets").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(failed.ID)),
				statecheck.ExpectKnownValue("data.argil_assets.failed", tfjsonpath.New("assets").AtSliceIndex(0).AtMapKey("file_url"), knownvalue.Null()),
				// No filter: every READY asset, images and music, but not the FAILED one.
				statecheck.ExpectKnownValue("data.argil_assets.all_ready", tfjsonpath.New("total"), knownvalue.Int64Exact(images+3)),
				statecheck.ExpectKnownValue("data.argil_assets.all_ready", tfjsonpath.New("assets"), knownvalue.ListSizeExact(images+3)),
			},
		},
	)
}

func TestAccAssetsDataSource_badInputFailsAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{})
	expectNoRequests(t, e)
	accTest(t,
		planFails(e.providerConfig("")+`data "argil_assets" "x" { types = ["MUSIC"] }`, "Invalid Attribute Value Match", `value must be one of: ["AUDIO" "IMAGE" "VIDEO"], got: "MUSIC"`),
		planFails(e.providerConfig("")+`data "argil_assets" "x" { status = "DONE" }`, `value must be one of: ["PROCESSING" "READY" "FAILED"], got: "DONE"`),
		planFails(e.providerConfig("")+`data "argil_assets" "x" { types = [] }`, "types set must contain at least 1 elements"),
	)
}
