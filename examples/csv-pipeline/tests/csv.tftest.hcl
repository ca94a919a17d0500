# Terraform's own test framework against the Argil emulator (tests/terraform_test.go runs it in
# `make test`; by hand: make playground, the export lines, then terraform test here).

run "rows_become_videos" {
  command = plan

  assert {
    condition     = length(argil_video.this) == length(csvdecode(file("videos.csv")))
    error_message = "not one video per row of the CSV"
  }

  assert {
    condition     = alltrue([for slug, row in local.rows : data.argil_voice.by_name[row.voice].language == row.language])
    error_message = "a row's voice does not speak the row's language"
  }
}

run "renders_every_row" {
  assert {
    condition     = alltrue([for r in argil_video_render.this : r.status == "DONE" && startswith(r.video_url, "http")])
    error_message = "a row was not rendered"
  }

  assert {
    condition     = length(distinct(values(output.video_urls))) == length(local.rows)
    error_message = "two rows share a video"
  }

  assert {
    condition     = alltrue([for slug, v in argil_video.this : v.extras["slug"] == slug])
    error_message = "a video does not carry its row's slug in its extras"
  }
}

run "editing_one_row_rerenders_that_row_only" {
  # One script edited (welcome-es), one row added (welcome-pt).
  variables {
    csv_file = "tests/videos-edited.csv"
  }

  assert {
    condition = alltrue([for slug in ["welcome-en", "welcome-fr", "welcome-de"] :
    output.video_urls[slug] == run.renders_every_row.video_urls[slug]])
    error_message = "an unchanged row was rendered again"
  }

  assert {
    condition     = output.video_urls["welcome-es"] != run.renders_every_row.video_urls["welcome-es"]
    error_message = "the edited row was not rendered again"
  }

  assert {
    condition     = startswith(output.video_urls["welcome-pt"], "http")
    error_message = "the new row was not rendered"
  }
}
