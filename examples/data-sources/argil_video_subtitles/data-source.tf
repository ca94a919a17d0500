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

resource "argil_video_render" "launch" {
  video_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
}

# Publish the file next to the video, e.g. with the hashicorp/local provider.
resource "local_file" "launch_vtt" {
  filename = "${path.module}/launch.vtt"
  content  = data.argil_video_subtitles.launch.content
}
