# Terraform's own test framework, run against the Argil emulator: `make test` starts an emulator
# and runs `terraform test` here through tests/terraform_test.go (ARGIL_BASE_URL and
# ARGIL_API_KEY point the provider at it). No key, no credits, no network.

variables {
  # The emulator records webhook deliveries to hosts off loopback without sending them.
  webhook_url = "https://hooks.example.com/argil?token=pipeline-test"
}

run "script_becomes_moments" {
  command = plan

  assert {
    condition     = output.moments >= 2 && output.moments == length(provider::argil::split_transcript(file("script.txt"), 500))
    error_message = "the script was not split into moments of at most 500 characters"
  }

  assert {
    condition     = alltrue([for m in argil_video.explainer.moments : length(m.transcript) <= 500])
    error_message = "a moment's transcript is longer than Argil's 500-character limit"
  }

  assert {
    condition     = data.argil_avatar.presenter.status == "IDLE" && data.argil_voice.narrator.name == var.voice_name
    error_message = "the avatar and the voice were not found by name"
  }
}

run "renders_the_video" {
  assert {
    condition     = argil_video_render.explainer.status == "DONE"
    error_message = "the render did not end DONE"
  }

  assert {
    condition     = startswith(output.video_url, "http") && startswith(output.video_url_subtitled, "http")
    error_message = "the render has no video URLs"
  }

  assert {
    condition     = output.duration > 0
    error_message = "the rendered video has no duration"
  }

  assert {
    condition     = argil_webhook.renders[0].events == toset(["VIDEO_GENERATION_SUCCESS", "VIDEO_GENERATION_FAILED"])
    error_message = "the webhook is not subscribed to the render events"
  }

  assert {
    condition     = argil_video.explainer.extras["pipeline"] == "terraform" && argil_video_render.explainer.extras["pipeline"] == "terraform"
    error_message = "the video's extras did not reach the render"
  }
}

run "second_apply_changes_nothing" {
  # Same configuration: no new video and no new render (the test would see a replacement).
  assert {
    condition     = output.video_id == run.renders_the_video.video_id && output.video_url == run.renders_the_video.video_url
    error_message = "a second apply produced another render"
  }
}
