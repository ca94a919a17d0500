# Not shown in the docs: the video that resource.tf renders (see argil_video for more).
data "argil_avatar" "presenter" {
  name = "Emma (office)"
}

resource "argil_video" "launch" {
  name = "Product launch"
  moments = [{
    avatar_id  = data.argil_avatar.presenter.id
    transcript = "Meet the new dashboard: everything your team needs, on one screen."
  }]
}
