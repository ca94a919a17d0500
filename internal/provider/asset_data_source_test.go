package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func TestAccAssetDataSource(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{AssetProcessing: 10 * time.Second})
	processing, err := e.apiClient(t).CreateAsset(context.Background(), argil.AssetCreateArgs{Name: "Still processing", Type: "IMAGE", URL: "https://cdn.example.com/p.png"})
	if err != nil {
		t.Fatal(err)
	}
	music := "data.argil_asset.music"
	proc := "data.argil_asset.processing"
	accTest(t,
		applyFails(e.providerConfig("")+`
data "argil_asset" "gone" {
  id = "00000000-0000-4000-8000-000000000000"
}
`, "Cannot read the Argil asset", "Asset 00000000-0000-4000-8000-000000000000", "No asset with this id exists", "HTTP 404"),
		planFails(e.providerConfig("")+`
data "argil_asset" "blank" {
  id = " "
}
`, "Empty value", "id must not be empty"),
		// Last, so that the final destroy runs on a valid configuration.
		resource.TestStep{
			Config: e.providerConfig("") + fmt.Sprintf(`
data "argil_asset" "music" {
  id = %q
}

data "argil_asset" "processing" {
  id = %q
}
`, emulator.AssetMusicCalmID, processing.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(music, tfjsonpath.New("id"), knownvalue.StringExact(emulator.AssetMusicCalmID)),
				statecheck.ExpectKnownValue(music, tfjsonpath.New("name"), knownvalue.StringExact("Calm piano")),
				statecheck.ExpectKnownValue(music, tfjsonpath.New("type"), knownvalue.StringExact("AUDIO")),
				statecheck.ExpectKnownValue(music, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				statecheck.ExpectKnownValue(music, tfjsonpath.New("file_url"), knownvalue.StringRegexp(regexp.MustCompile(`/media/assets/`+emulator.AssetMusicCalmID+`\.mp3$`))),
				statecheck.ExpectKnownValue(music, tfjsonpath.New("thumbnail_url"), knownvalue.Null()),
				statecheck.ExpectKnownValue(music, tfjsonpath.New("created_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				// A data source never waits: a processing asset is read as it is, without URLs.
				statecheck.ExpectKnownValue(proc, tfjsonpath.New("status"), knownvalue.StringExact("PROCESSING")),
				statecheck.ExpectKnownValue(proc, tfjsonpath.New("name"), knownvalue.StringExact("Still processing")),
				statecheck.ExpectKnownValue(proc, tfjsonpath.New("type"), knownvalue.StringExact("IMAGE")),
				statecheck.ExpectKnownValue(proc, tfjsonpath.New("file_url"), knownvalue.Null()),
				statecheck.ExpectKnownValue(proc, tfjsonpath.New("thumbnail_url"), knownvalue.Null()),
			},
		},
	)
}
