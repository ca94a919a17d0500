# Not shown in the docs: the rendered video whose subtitles data-source.tf exports.
data "argil_avatar" "presenter" {
  name = "Emma (office)"
}

resource "argil_video" "launch" {
  name = "Product launch"
  moments = [{
    avatar_id  = data.argil_avatar.presenter.id
    transcript = "Meet the new dashboard: everything your team needs, on one screen."
  }]
  subtitles = {
    enable = true
  }
}

resource "argil_video_render" "launch" {
  video_id = argil_video.launch.id
}
