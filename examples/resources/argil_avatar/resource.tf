# A custom avatar trained from one photo of the presenter. Each image avatar
# created through the API costs 2 Argil credits; training takes about 30 seconds.
resource "argil_avatar" "presenter" {
  name      = "Presenter - studio"
  image_url = "https://assets.example.com/avatars/presenter-1920x1080.jpg"

  # Speak with a cloned voice; omit voice_id to let Argil design a voice from the image.
  voice_id = argil_voice.presenter.id

  extras = {
    team = "marketing"
  }

  timeouts = {
    create = "15m"
  }
}

# The same from a local file (PNG, JPEG or WEBP; 16:9 or 9:16; 720p to 4K; at most 10 MB).
# image_base64_wo is write-only (Terraform and OpenTofu 1.11 and later): the image never enters
# the plan or the state, which keep its SHA-256 (image_sha256) to notice a new image.
# With an older CLI, use image_base64 instead, which stores the image in the state.
resource "argil_avatar" "presenter_portrait" {
  name            = "Presenter - portrait"
  image_base64_wo = "data:image/jpeg;base64,${filebase64("${path.module}/presenter-720x1280.jpg")}"
}

resource "argil_voice" "presenter" {
  name      = "Presenter"
  audio_url = "https://assets.example.com/voices/presenter-2min.mp3"
}

# The avatar's id goes into a video moment's avatar_id, its gestures' slugs into gesture_slug.
output "presenter_avatar_id" {
  value = argil_avatar.presenter.id
}

output "presenter_gestures" {
  value = [for g in argil_avatar.presenter.gestures : g.slug]
}
