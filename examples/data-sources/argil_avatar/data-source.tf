# A stock avatar, by its exact name.
data "argil_avatar" "presenter" {
  name = "Emma (office)"
}

# Or by id.
data "argil_avatar" "by_id" {
  id = "a1b2c3d4-0002-4000-8000-000000000002"
}

output "presenter_avatar_id" {
  value = data.argil_avatar.presenter.id
}

# Gesture slugs, for the gesture_slug of a video moment.
output "presenter_gestures" {
  value = { for g in data.argil_avatar.presenter.gestures : g.label => g.slug }
}

output "by_id_is_ready" {
  value = data.argil_avatar.by_id.status == "IDLE"
}
