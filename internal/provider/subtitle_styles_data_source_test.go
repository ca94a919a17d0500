package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func TestAccSubtitleStylesDataSource(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{})
	accTest(t,
		planFails(e.providerConfig("")+`data "argil_subtitle_styles" "x" { name = "" }`, "Empty value", "name must not be empty"),
		resource.TestStep{
			Config: e.providerConfig("") + `
data "argil_subtitle_styles" "all" {}

data "argil_subtitle_styles" "karaoke" {
  name = "karaoke"
}

data "argil_subtitle_styles" "none" {
  name = "No such style"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// The emulator's catalog has 12 styles; all of them, in order.
				statecheck.ExpectKnownValue("data.argil_subtitle_styles.all", tfjsonpath.New("styles"), knownvalue.ListSizeExact(12)),
				statecheck.ExpectKnownValue("data.argil_subtitle_styles.all", tfjsonpath.New("styles").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":   knownvalue.StringExact(emulator.SubtitleStyleClassicID),
					"name": knownvalue.StringExact("Classic"),
				})),
				statecheck.ExpectKnownValue("data.argil_subtitle_styles.all", tfjsonpath.New("styles").AtSliceIndex(11).AtMapKey("id"), knownvalue.StringExact(emulator.SubtitleStyleID(12))),
				// The name filter ignores case.
				statecheck.ExpectKnownValue("data.argil_subtitle_styles.karaoke", tfjsonpath.New("styles"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":   knownvalue.StringExact(emulator.SubtitleStyleID(3)),
						"name": knownvalue.StringExact("Karaoke"),
					}),
				})),
				statecheck.ExpectKnownValue("data.argil_subtitle_styles.none", tfjsonpath.New("styles"), knownvalue.ListSizeExact(0)),
			},
		},
	)
}
