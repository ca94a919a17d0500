# Render a video and wait until it is DONE (up to 45 minutes for long videos).
resource "argil_video_render" "launch" {
  video_id     = argil_video.launch.id
  callback_url = "https://hooks.example.com/argil/renders"

  timeouts = {
    create = "45m"
  }
}

# Hand the rendered file to the rest of the infrastructure.
output "launch_video_url" {
  value = argil_video_render.launch.video_url
}

output "launch_duration_seconds" {
  value = argil_video_render.launch.duration
}
