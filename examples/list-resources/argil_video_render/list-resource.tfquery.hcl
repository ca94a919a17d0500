# The videos already rendered (DONE): importing them adopts their render, at no cost.
list "argil_video_render" "done" {
  provider = argil
  limit    = 1000
}

# Only the rendered videos of one campaign.
list "argil_video_render" "q3" {
  provider = argil
  config {
    extras = { campaign = "q3" }
  }
}
