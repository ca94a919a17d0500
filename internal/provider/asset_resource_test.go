package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

func assetConfig(e *testEmulator, name, typ, url, extra string) string {
	return e.providerConfig("") + fmt.Sprintf(`
resource "argil_asset" "test" {
  name = %q
  type = %q
  url  = %q
%s
}
`, name, typ, url, extra)
}

func TestAccAsset_lifecycle(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{AssetProcessing: 500 * time.Millisecond})
	addr := "argil_asset.test"
	var first, second string
	accTestCase(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			// Two replacements and the destroy: three DELETEs, and the API no longer has the last asset.
			if got := e.Count("DELETE /assets/{id}"); got != 3 {
				return fmt.Errorf("DELETE /assets/{id} reached the emulator %d time(s) in all, want 3", got)
			}
			if _, ok := e.AssetStatus(second); ok {
				return fmt.Errorf("asset %s still exists after destroy", second)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: assetConfig(e, "Office b-roll", "VIDEO", "https://cdn.example.com/broll/office.mp4", ""),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionCreate,
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("file_url")),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Office b-roll")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("type"), knownvalue.StringExact("VIDEO")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("url"), knownvalue.StringExact("https://cdn.example.com/broll/office.mp4")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("file_url"), knownvalue.StringRegexp(regexp.MustCompile(`^http://127\.0\.0\.1:\d+/media/assets/[0-9a-f-]{36}\.mp4$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("thumbnail_url"), knownvalue.StringRegexp(regexp.MustCompile(`^http://127\.0\.0\.1:\d+/media/assets/[0-9a-f-]{36}\.thumbnail\.jpg$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(rfc3339Pattern)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					readStateID("argil_asset.test", &first),
					expectCount(e, "POST /assets", 1),
					func(*terraform.State) error {
						if status, ok := e.AssetStatus(first); !ok || status != "READY" {
							return fmt.Errorf("the emulator says asset %s is %q (exists: %v), want READY", first, status, ok)
						}
						return nil
					},
				),
			},
			// Same configuration: nothing to do.
			nothingToDo(assetConfig(e, "Office b-roll", "VIDEO", "https://cdn.example.com/broll/office.mp4", "")),
			{
				// The API does not return the source URL: everything else must round-trip.
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"url", "timeouts"},
			},
			{
				// A longer timeout changes nothing at Argil: an update without requests.
				Config:           assetConfig(e, "Office b-roll", "VIDEO", "https://cdn.example.com/broll/office.mp4", `  timeouts = { create = "20m" }`),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionUpdate),
				Check:            resource.ComposeAggregateTestCheckFunc(expectCount(e, "POST /assets", 1), expectCount(e, "DELETE /assets/{id}", 0)),
			},
			{
				// The API cannot change an asset: a new name uploads a new one and deletes the old one.
				Config:           assetConfig(e, "Office b-roll (2026)", "VIDEO", "https://cdn.example.com/broll/office.mp4", ""),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Office b-roll (2026)")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					readStateID("argil_asset.test", &second),
					expectCount(e, "POST /assets", 2),
					expectCount(e, "DELETE /assets/{id}", 1),
					func(*terraform.State) error {
						if second == first {
							return fmt.Errorf("the asset id did not change on replacement (%s)", first)
						}
						if _, ok := e.AssetStatus(first); ok {
							return fmt.Errorf("the replaced asset %s still exists", first)
						}
						return nil
					},
				),
			},
			{
				// A new URL also replaces the asset.
				Config:           assetConfig(e, "Office b-roll (2026)", "VIDEO", "https://cdn.example.com/broll/office-v2.mp4", ""),
				ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				Check:            resource.ComposeAggregateTestCheckFunc(readStateID("argil_asset.test", &second), expectCount(e, "POST /assets", 3), expectCount(e, "DELETE /assets/{id}", 2)),
			},
		},
	})
}

func TestAccAsset_importRecordsURLWithoutReplacing(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{AssetProcessing: time.Millisecond})
	a, err := e.apiClient(t).CreateAsset(context.Background(), argil.AssetCreateArgs{Name: "Logo", Type: "IMAGE", URL: "https://cdn.example.com/logo.png"})
	if err != nil {
		t.Fatal(err)
	}
	addr := "argil_asset.test"
	cfg := assetConfig(e, "Logo", "IMAGE", "https://cdn.example.com/logo.png", "")
	accTest(t,
		resource.TestStep{
			Config:             cfg,
			ResourceName:       addr,
			ImportState:        true,
			ImportStateId:      a.ID,
			ImportStatePersist: true,
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				if len(states) != 1 {
					return fmt.Errorf("imported %d instances, want 1", len(states))
				}
				attrs := states[0].Attributes
				for k, want := range map[string]string{"id": a.ID, "name": "Logo", "type": "IMAGE", "status": "READY"} {
					if attrs[k] != want {
						return fmt.Errorf("imported %s = %q, want %q", k, attrs[k], want)
					}
				}
				if attrs["file_url"] == "" || attrs["created_at"] == "" {
					return fmt.Errorf("imported asset lacks file_url or created_at: %v", attrs)
				}
				return nil
			},
		},
		resource.TestStep{
			// The imported state has no url: recording the configured one is an update, not a new upload.
			Config:           cfg,
			ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionUpdate),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(a.ID)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("url"), knownvalue.StringExact("https://cdn.example.com/logo.png")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(expectCount(e, "POST /assets", 1), expectCount(e, "DELETE /assets/{id}", 0)),
		},
		nothingToDo(cfg),
	)
}

func TestAccAsset_failedProcessingTaintsThenUploadsAgain(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{AssetProcessing: 300 * time.Millisecond})
	e.FailNextAsset()
	addr := "argil_asset.test"
	cfg := assetConfig(e, "Corrupt clip", "VIDEO", "https://cdn.example.com/corrupt.mp4", "")
	var failed string
	accTest(t,
		applyFails(cfg, "Argil asset processing failed", `("Corrupt clip"), status FAILED`, "processing failed, upload a new asset", "kept in state as tainted"),
		resource.TestStep{
			PreConfig: func() {
				if n := e.Count("POST /assets"); n != 1 {
					t.Fatalf("after the failed apply: %d uploads, want 1", n)
				}
				list, _, err := e.apiClient(t).ListAllAssets(context.Background(), argil.ListAssetsParams{Status: "FAILED"})
				if err != nil || len(list) != 1 {
					t.Fatalf("FAILED assets = %+v (err %v), want the one upload", list, err)
				}
				failed = list[0].ID
			},
			// The failed asset was saved as tainted: this apply deletes it and uploads again.
			Config:           cfg,
			ConfigPlanChecks: plansAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				expectCount(e, "POST /assets", 2),
				expectCount(e, "DELETE /assets/{id}", 1),
				func(*terraform.State) error {
					if _, ok := e.AssetStatus(failed); ok {
						return fmt.Errorf("the failed asset %s was not deleted", failed)
					}
					return nil
				},
			),
		},
	)
}

func TestAccAsset_timeoutLeavesTaintedAsset(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{AssetProcessing: time.Minute})
	accTest(t,
		applyFails(assetConfig(e, "Huge", "VIDEO", "https://cdn.example.com/huge.mp4", `  timeouts = { create = "2s" }`), "Timed out waiting for the Argil asset", "status PROCESSING", "within the create timeout of 2s", "kept in state as tainted"),
		resource.TestStep{
			// The asset was saved before the wait: the state knows it, so it is not orphaned.
			Config:             assetConfig(e, "Huge", "VIDEO", "https://cdn.example.com/huge.mp4", `  timeouts = { create = "2s" }`),
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction("argil_asset.test", plancheck.ResourceActionDestroyBeforeCreate)},
			},
		},
	)
}

func TestAccAsset_driftWhenDeletedOutsideTerraform(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{AssetProcessing: 100 * time.Millisecond})
	var id string
	accTest(t,
		resource.TestStep{
			Config: assetConfig(e, "Soon gone", "IMAGE", "https://cdn.example.com/gone.png", ""),
			Check:  readStateID("argil_asset.test", &id),
		},
		refreshPlansCreate("argil_asset.test", func() {
			if err := e.apiClient(t).DeleteAsset(context.Background(), id); err != nil {
				t.Fatal(err)
			}
		}),
	)
}

func TestAccAsset_badInputFailsAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{})
	expectNoRequests(t, e)
	accTest(t,
		planFails(assetConfig(e, "Clip", "VIDEO", "http://cdn.example.com/clip.mp4?sig=secret-sig", ""), "Invalid URL", "must use https://, not http:// (http://cdn.example.com/…)", "only uploads assets from HTTPS URLs"),
		planFails(assetConfig(e, "Music", "AUDIO", "https://cdn.example.com/song.mp3", ""), "Invalid Attribute Value Match", `value must be one of: ["IMAGE" "VIDEO"], got: "AUDIO"`),
		planFails(assetConfig(e, "Clip", "image", "https://cdn.example.com/a.png", ""), `value must be one of: ["IMAGE" "VIDEO"]`),
		planFails(assetConfig(e, "", "IMAGE", "https://cdn.example.com/a.png", ""), "Invalid Attribute Value Length", "name UTF-8 character count must be between 1 and 256, got: 0"),
		planFails(assetConfig(e, strings.Repeat("é", 257), "IMAGE", "https://cdn.example.com/a.png", ""), "name UTF-8 character count must be between 1 and 256, got: 257"),
		planFails(assetConfig(e, "Clip", "IMAGE", "/local/file.png", ""), "is not an absolute URL"),
	)
}

func TestAccAsset_createWithoutAnswerAdoptsTheNewAsset(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{})
	// The emulator creates the asset, then closes the connection without an answer.
	e.SetFaults(emulator.Faults{DropAfterAccept: map[string]int{"POST /assets": 1}})
	accTest(t, resource.TestStep{
		Config: assetConfig(e, "Lost answer", "IMAGE", "https://cdn.example.com/lost.png", ""),
		Check: resource.ComposeTestCheckFunc(
			resource.TestCheckResourceAttr("argil_asset.test", "status", "READY"),
			adoptedTheLostCreate(e, "argil_asset.test", "POST /assets", "a POST without answer is never sent again",
				func() ([]argil.Asset, error) {
					all, _, err := e.apiClient(t).ListAllAssets(context.Background(), argil.ListAssetsParams{Types: []string{"IMAGE"}})
					return all, err
				},
				func(a argil.Asset) string { return a.ID }),
		),
	})
}
