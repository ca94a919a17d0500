# Export the subtitles of a rendered video as WebVTT (the default format).
data "argil_video_subtitles" "launch" {
  video_id = argil_video_render.launch.video_id
}

# The same subtitles as a styled ASS file.
data "argil_video_subtitles" "launch_ass" {
  video_id        = argil_video_render.launch.video_id
  format          = "ass"
  include_styling = true
}

# Publish the file next to the video, e.g. with the hashicorp/local provider's local_file.
output "launch_vtt" {
  value = data.argil_video_subtitles.launch.content
}
