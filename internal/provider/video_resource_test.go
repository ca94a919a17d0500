package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

const (
	videoCreateRoute = "POST /videos"
	videoDeleteRoute = "DELETE /videos/{id}"
	videoAddr        = "argil_video.test"
)

// videoConfig is the provider block and an argil_video "test" with body.
func videoConfig(e *testEmulator, body string) string {
	return e.testBlock("resource", "argil_video", body)
}

// videoConfigWith is videoConfig with extra provider settings.
func videoConfigWith(e *testEmulator, settings, body string) string {
	return e.providerConfig(settings) + "\nresource \"argil_video\" \"test\" {\n" + body + "\n}\n"
}

// fullVideoBody sets every argument of argil_video.
func fullVideoBody(name string) string {
	return fmt.Sprintf(`
  name         = %q
  aspect_ratio = "9:16"
  model        = "ARGIL_ATOM"
  moments = [
    {
      avatar_id    = "avatar-1"
      transcript   = "Welcome to our quarterly update."
      voice_id     = "voice-1"
      gesture_slug = "gesture-2"
      zoom_level   = 1.5
    },
    {
      avatar_id = "avatar-1"
      audio_url = "https://cdn.example.com/outro.mp3"
    },
  ]
  subtitles = {
    enable   = true
    style_id = "style-1"
    position = "Bottom"
    size     = "Large"
  }
  background_music = {
    asset_id = "asset-music-1"
    volume   = 0.3
  }
  auto_brolls = {
    enable    = true
    source    = "STOCKS_VIDEO"
    intensity = "MEDIUM"
    layout    = "SPLIT_AVATAR_TOP"
  }
  extras = {
    team     = "growth"
    campaign = "q3"
  }
`, name)
}

// videoAPIClient is an Argil client for the emulator, to look at it from the tests.
func videoAPIClient(t *testing.T, e *testEmulator) *argil.Client {
	t.Helper()
	c, err := argil.New(argil.Config{BaseURL: e.BaseURL, APIKey: testAPIKey, RequestsPerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// emulatorVideos lists every video the emulator holds.
func emulatorVideos(t *testing.T, e *testEmulator) []argil.Video {
	t.Helper()
	videos, err := videoAPIClient(t, e).ListAllVideos(context.Background(), argil.ListVideosParams{})
	if err != nil {
		t.Fatal(err)
	}
	return videos
}

// videoStateID returns the id of argil_video.test in the state.
func videoStateID(s *terraform.State) (string, error) {
	rs, ok := s.RootModule().Resources[videoAddr]
	if !ok {
		return "", fmt.Errorf("%s is not in state", videoAddr)
	}
	return rs.Primary.ID, nil
}

// expectOnlyVideo checks that the emulator holds exactly one video, the one in state, and
// received `creates` create requests.
func expectOnlyVideo(t *testing.T, e *testEmulator, creates int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := videoStateID(s)
		if err != nil {
			return err
		}
		videos := emulatorVideos(t, e)
		if len(videos) != 1 || videos[0].ID != id {
			ids := make([]string, len(videos))
			for i, v := range videos {
				ids[i] = v.ID
			}
			return fmt.Errorf("the emulator holds videos %v, want exactly the one in state, %s", ids, id)
		}
		if got := e.Count(videoCreateRoute); got != creates {
			return fmt.Errorf("the emulator received %d create request(s), want %d", got, creates)
		}
		return nil
	}
}

func TestAccVideo_allAttributes(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	var firstID string
	accTestCase(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error {
			if videos := emulatorVideos(t, e); len(videos) != 0 {
				return fmt.Errorf("after destroy the emulator still holds %d video(s)", len(videos))
			}
			if got := e.Count(videoDeleteRoute); got != 2 {
				return fmt.Errorf("%d delete request(s), want 2 (the replaced video and the last one)", got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: videoConfig(e, fullVideoBody("Quarterly update")),
				ConfigPlanChecks: plansAction(videoAddr, plancheck.ResourceActionCreate,
					plancheck.ExpectUnknownValue(videoAddr, tfjsonpath.New("id")),
					plancheck.ExpectKnownValue(videoAddr, tfjsonpath.New("aspect_ratio"), knownvalue.StringExact("9:16")),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("preview_url"), knownvalue.StringRegexp(regexp.MustCompile(`^http://127\.0\.0\.1:\d+/preview/[0-9a-f-]{36}$`))),
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d`))),
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("name"), knownvalue.StringExact("Quarterly update")),
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("aspect_ratio"), knownvalue.StringExact("9:16")),
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("extras"), knownvalue.MapExact(map[string]knownvalue.Check{
						"team":     knownvalue.StringExact("growth"),
						"campaign": knownvalue.StringExact("q3"),
					})),
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("moments").AtSliceIndex(0).AtMapKey("zoom_level"), knownvalue.Float64Exact(1.5)),
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("moments").AtSliceIndex(1).AtMapKey("transcript"), knownvalue.Null()),
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("subtitles").AtMapKey("position"), knownvalue.StringExact("Bottom")),
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("background_music").AtMapKey("volume"), knownvalue.Float64Exact(0.3)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectOnlyVideo(t, e, 1),
					func(s *terraform.State) error {
						// What Argil stored: the moments as configured, and the user's extras plus the create token.
						firstID, _ = videoStateID(s)
						v, err := videoAPIClient(t, e).GetVideo(context.Background(), firstID)
						if err != nil {
							return err
						}
						if !uuidPattern.MatchString(v.Extras[argil.RequestIDExtraKey]) || len(v.Extras) != 3 || v.Extras["team"] != "growth" {
							return fmt.Errorf("stored extras = %v, want team, campaign and a %s token", v.Extras, argil.RequestIDExtraKey)
						}
						if len(v.Moments) != 2 || v.Moments[0].VoiceID != "voice-1" || v.Moments[0].GestureSlug != "gesture-2" ||
							v.Moments[0].Zoom == nil || v.Moments[0].Zoom.Level != 1.5 || v.Moments[1].AudioURL != "https://cdn.example.com/outro.mp3" ||
							v.Subtitles == nil || !v.Subtitles.Enable || v.AspectRatio != "9:16" {
							return fmt.Errorf("stored video = %+v, want it as configured", v)
						}
						return nil
					},
				),
			},
			{
				// The same configuration: nothing to do (the create token never shows as a diff).
				Config: videoConfig(e, fullVideoBody("Quarterly update")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: expectOnlyVideo(t, e, 1),
			},
			{
				ResourceName:      videoAddr,
				ImportState:       true,
				ImportStateVerify: true,
				// The API does not return these: see the import section of the docs.
				ImportStateVerifyIgnore: []string{"model", "background_music", "auto_brolls", "subtitles.style_id", "subtitles.position", "subtitles.size"},
			},
			{
				// No update endpoint: a change replaces the video (the old one is deleted).
				Config:           videoConfig(e, fullVideoBody("Quarterly update, take 2")),
				ConfigPlanChecks: plansAction(videoAddr, plancheck.ResourceActionReplace),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("name"), knownvalue.StringExact("Quarterly update, take 2")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectOnlyVideo(t, e, 2),
					func(s *terraform.State) error {
						if id, _ := videoStateID(s); id == firstID {
							return fmt.Errorf("the id did not change on replacement: %s", id)
						}
						if _, err := videoAPIClient(t, e).GetVideo(context.Background(), firstID); !argil.IsNotFound(err) {
							return fmt.Errorf("the replaced video %s: err = %v, want 404 (deleted)", firstID, err)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccVideo_minimalConfigTakesArgilsAspectRatio(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	body := `
  name    = "Minimal"
  moments = [{ avatar_id = "avatar-1", transcript = "Hi." }]
`
	accTest(t,
		resource.TestStep{
			Config: videoConfig(e, body),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectUnknownValue(videoAddr, tfjsonpath.New("aspect_ratio"))},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("aspect_ratio"), knownvalue.StringExact("16:9")),
				statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("extras"), knownvalue.Null()),
				statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("subtitles"), knownvalue.Null()),
			},
		},
		nothingToDo(videoConfig(e, body)),
		resource.TestStep{
			// An import of a minimal video matches the minimal configuration exactly.
			ResourceName:      videoAddr,
			ImportState:       true,
			ImportStateVerify: true,
		},
	)
}

func TestAccVideo_deletedOutsideTerraform(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	body := `
  name    = "Deleted behind Terraform's back"
  moments = [{ avatar_id = "avatar-1", transcript = "Hi." }]
`
	var id string
	accTest(t,
		resource.TestStep{
			Config: videoConfig(e, body),
			Check:  func(s *terraform.State) (err error) { id, err = videoStateID(s); return err },
		},
		refreshPlansCreate(videoAddr, func() {
			if !e.DeleteVideo(id) {
				t.Fatal("the emulator did not have the video")
			}
		}),
		resource.TestStep{
			// The next apply creates it again.
			Config: videoConfig(e, body),
			Check:  expectOnlyVideo(t, e, 2),
		},
	)
}

func TestAccVideo_badInputFailsAtPlanWithoutRequests(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	expectNoRequests(t, e)
	tenExtras := make([]string, 10)
	for i := range tenExtras {
		tenExtras[i] = fmt.Sprintf("k%d = \"v\"", i)
	}
	moment := func(attrs string) string {
		return "  name = \"Bad\"\n  moments = [{ avatar_id = \"avatar-1\", " + attrs + " }]\n"
	}
	step := func(body string, phrases ...string) resource.TestStep {
		return planFails(videoConfig(e, body), phrases...)
	}
	accTest(t,
		step(moment(`transcript = "Hi.", audio_url = "https://cdn.example.com/a.mp3"`),
			"Moment has both transcript and audio_url", "Moment 1 (moments[0]) sets both", "Remove one of them"),
		step(moment(`voice_id = "voice-1"`),
			"Moment has neither transcript nor audio_url", "Moment 1 (moments[0]) sets neither"),
		step(moment(`transcript = "`+strings.Repeat("é", argil.MaxTranscriptChars+1)+`"`),
			"Transcript too long", "moments[0].transcript has 501 characters", "at most 500", "provider::argil::split_transcript"),
		step(moment(`transcript = "Hi.", zoom_level = 3`),
			"Invalid Attribute Value", "zoom_level", "between 1.000000 and 2.000000"),
		step(moment(`transcript = "Hi."`)+"  extras = { "+strings.Join(tenExtras, ", ")+" }\n",
			"Too many extras", "extras has 10 pairs", "at most 9", argil.RequestIDExtraKey),
		step(moment(`transcript = "Hi."`)+"  extras = { tf_request_id = \"mine\" }\n",
			"Reserved extras key", `"tf_request_id" is reserved`),
		step(moment(`transcript = "Hi."`)+"  aspect_ratio = \"4:3\"\n",
			"Invalid Attribute Value Match", "aspect_ratio", `"16:9"`, `"9:16"`),
		step(moment(`audio_url = "cdn.example.com/a.mp3"`),
			"Invalid URL", "not an absolute http(s) URL"),
		step("  name = \"Bad\"\n  moments = []\n",
			"moments", "at least 1"),
		step(moment(`transcript = "Hi."`)+"  auto_brolls = { enable = true, source = \"YOUTUBE\", intensity = \"LOW\" }\n",
			"auto_brolls.source", "GENERATION"),
	)
}

func TestAccVideo_renderEndToEnd(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(200*time.Millisecond, 300*time.Millisecond))
	config := func(transcript string) string {
		return videoConfig(e, fmt.Sprintf(`
  name      = "End to end"
  moments   = [{ avatar_id = "avatar-1", transcript = %q }]
  subtitles = { enable = true }
`, transcript)) + `
resource "argil_video_render" "test" {
  video_id = argil_video.test.id
}
`
	}
	var firstID string
	accTest(t,
		resource.TestStep{
			Config: config("Hello from Terraform."),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("argil_video_render.test", tfjsonpath.New("status"), knownvalue.StringExact("DONE")),
				statecheck.ExpectKnownValue("argil_video_render.test", tfjsonpath.New("video_url"), knownvalue.StringRegexp(regexp.MustCompile(`^http://127\.0\.0\.1:\d+/media/.+\.mp4$`))),
				statecheck.ExpectKnownValue("argil_video_render.test", tfjsonpath.New("video_url_subtitled"), knownvalue.NotNull()),
				statecheck.CompareValuePairs("argil_video_render.test", tfjsonpath.New("video_id"), videoAddr, tfjsonpath.New("id"), compare.ValuesSame()),
			},
			Check: func(s *terraform.State) error {
				firstID, _ = videoStateID(s)
				if e.TotalRenders() != 1 || e.Renders(firstID) != 1 || e.Count(videoCreateRoute) != 1 {
					return fmt.Errorf("%d render(s) in all, %d of the video, %d create(s); want 1, 1, 1", e.TotalRenders(), e.Renders(firstID), e.Count(videoCreateRoute))
				}
				return nil
			},
		},
		resource.TestStep{
			// A new script replaces the video, and so the render: one new render of the new video.
			Config: config("Hello again, with a better script."),
			ConfigPlanChecks: plansAction(videoAddr, plancheck.ResourceActionReplace,
				plancheck.ExpectResourceAction("argil_video_render.test", plancheck.ResourceActionReplace),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("argil_video_render.test", tfjsonpath.New("status"), knownvalue.StringExact("DONE")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				expectOnlyVideo(t, e, 2),
				func(s *terraform.State) error {
					id, _ := videoStateID(s)
					if id == firstID || e.TotalRenders() != 2 || e.Renders(id) != 1 {
						return fmt.Errorf("after the change: video %s (was %s), %d renders in all, %d of the new video; want a new video, 2 and 1",
							id, firstID, e.TotalRenders(), e.Renders(id))
					}
					return nil
				},
			),
		},
	)
}

func TestAccVideo_lostCreateAnswerMakesNoDuplicate(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	// The emulator creates the video, then closes the connection without an answer.
	e.SetFaults(emulator.Faults{CreateDropAfterAccept: 1})
	body := fullVideoBody("Lost answer")
	accTest(t,
		resource.TestStep{
			Config: videoConfig(e, body),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
				statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("extras"), knownvalue.MapSizeExact(2)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				// Exactly one video, the one in state, and one create request: never posted again.
				expectOnlyVideo(t, e, 1),
				func(*terraform.State) error {
					if e.CurrentFaults().CreateDropAfterAccept != 0 {
						return fmt.Errorf("the create answer was not dropped: the test did not test anything")
					}
					if e.Count("GET /videos") == 0 {
						return fmt.Errorf("no lookup by token after the lost answer")
					}
					return nil
				},
			),
		},
		nothingToDo(videoConfig(e, body)),
	)
}

func TestAccVideo_lostCreateRequestSaysNoVideoWasCreated(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	// The create request is lost on the way: the emulator never sees it.
	e.SetFaults(emulator.Faults{DropBeforeAccept: map[string]int{videoCreateRoute: 1}})
	body := `
  name    = "Lost request"
  moments = [{ avatar_id = "avatar-1", transcript = "Hi." }]
`
	accTest(t,
		// The provider cannot know that no video was created (Argil may create it late): it
		// says what it looked for, for how long, and how to find a late one.
		applyFails(videoConfigWith(e, `  create_request_timeout = "2s"`, body), "Argil video creation not confirmed", `Video "Lost request"`, "without finding it", "may still create the video later", "tf_request_id"),
		resource.TestStep{
			PreConfig: func() {
				if n := len(emulatorVideos(t, e)); n != 0 || e.Received(videoCreateRoute) != 1 || e.Count(videoCreateRoute) != 0 {
					t.Fatalf("after the lost request: %d video(s), %d create(s) sent, %d received; want 0, 1, 0", n, e.Received(videoCreateRoute), e.Count(videoCreateRoute))
				}
			},
			// Applying again is safe: exactly one video afterwards.
			Config: videoConfigWith(e, `  create_request_timeout = "2s"`, body),
			Check:  expectOnlyVideo(t, e, 1),
		},
	)
}

func TestAccVideo_longScriptSplitWithSplitTranscript(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	var sentences []string
	for i := 1; i <= 30; i++ {
		sentences = append(sentences, fmt.Sprintf("This is sentence number %d of a long product script.", i))
	}
	script := strings.Join(sentences, " ") // about 1,600 characters: too long for one moment
	accTestCase(t, resource.TestCase{
		// Provider functions need Terraform 1.8.
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{{
			// The fix the "Transcript too long" diagnostic suggests.
			Config: videoConfig(e, fmt.Sprintf(`
  name    = "Long script"
  moments = [for t in provider::argil::split_transcript(%q, 500) : { avatar_id = "avatar-1", transcript = t }]
`, script)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("moments"), knownvalue.ListSizeExact(4)),
			},
			Check: func(s *terraform.State) error {
				id, err := videoStateID(s)
				if err != nil {
					return err
				}
				v, err := videoAPIClient(t, e).GetVideo(context.Background(), id)
				if err != nil {
					return err
				}
				var joined []string
				for _, m := range v.Moments {
					joined = append(joined, m.Transcript)
				}
				if strings.Join(joined, " ") != script {
					return fmt.Errorf("the moments' transcripts do not add up to the script: %q", joined)
				}
				return nil
			},
		}},
	})
}

// TestAccVideoResource_importThenPlan imports a video (an import block) under a configuration that
// describes it, arguments the API does not return included: the plan updates it in place (it
// records them) instead of replacing it, the apply sends nothing to Argil, the next plan is
// empty, and from then on changing one of those arguments replaces the video as usual. Subtitles
// switched on in the configuration of a video without any are a real change: a replacement.
func TestAccVideoResource_importThenPlan(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(100*time.Millisecond, 100*time.Millisecond))
	moment := emulator.SeedMoment{Transcript: "Hello from an imported video.", AvatarID: emulator.AvatarEmmaID}
	withSubs := e.SeedVideo(emulator.SeedVideo{Name: "Imported", Subtitles: true, Moments: []emulator.SeedMoment{moment}})
	body := func(model, subtitles string) string {
		return fmt.Sprintf(`  name         = "Imported"
  aspect_ratio = "16:9"
  model        = %q
  moments      = [{ avatar_id = %q, transcript = %q }]
  subtitles    = %s
  background_music = { asset_id = %q, volume = 0.2 }
  auto_brolls      = { enable = true, source = "STOCKS_VIDEO", intensity = "LOW" }`,
			model, emulator.AvatarEmmaID, moment.Transcript, subtitles, emulator.AssetMusicCalmID)
	}
	subs := `{ enable = true, position = "Bottom", size = "Medium" }`
	writes := func() int { return e.Count(videoCreateRoute) + e.Count(videoDeleteRoute) }
	accTestCase(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		Steps: []resource.TestStep{
			{
				Config:           importBlock(videoAddr, withSubs) + videoConfig(e, body("ARGIL_ATOM", subs)),
				ConfigPlanChecks: plansAction(videoAddr, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("id"), knownvalue.StringExact(withSubs)),
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("model"), knownvalue.StringExact("ARGIL_ATOM")),
					statecheck.ExpectKnownValue(videoAddr, tfjsonpath.New("subtitles").AtMapKey("position"), knownvalue.StringExact("Bottom")),
				},
				Check: func(*terraform.State) error {
					if n := writes(); n != 0 {
						return fmt.Errorf("the import's apply created or deleted %d videos, want 0", n)
					}
					return nil
				},
			},
			nothingToDo(videoConfig(e, body("ARGIL_ATOM", subs))),
			{
				// Recorded: a change of model now replaces the video.
				Config:           videoConfig(e, body("ARGIL_V1", subs)),
				ConfigPlanChecks: plansAction(videoAddr, plancheck.ResourceActionDestroyBeforeCreate),
			},
		},
	})

	e2 := startEmulator(t, phases(100*time.Millisecond, 100*time.Millisecond))
	noSubs := e2.SeedVideo(emulator.SeedVideo{Name: "Imported", Moments: []emulator.SeedMoment{moment}})
	accTestCase(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		Steps: []resource.TestStep{{
			Config:           importBlock(videoAddr, noSubs) + videoConfig(e2, body("ARGIL_ATOM", subs)),
			ConfigPlanChecks: plansAction(videoAddr, plancheck.ResourceActionDestroyBeforeCreate),
		}},
	})
}
