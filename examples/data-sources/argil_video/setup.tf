# Not shown in the docs: the video that data-source.tf reads.
data "argil_avatar" "presenter" {
  name = "Emma (office)"
}

resource "argil_video" "intro" {
  name = "Intro"
  moments = [{
    avatar_id  = data.argil_avatar.presenter.id
    transcript = "Welcome! Here is what we will build today."
  }]
}
