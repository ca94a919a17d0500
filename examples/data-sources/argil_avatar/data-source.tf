# A stock avatar, by its exact name.
data "argil_avatar" "presenter" {
  name = "Emma (office)"
}

# Or by id.
data "argil_avatar" "by_id" {
  id = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
}

output "presenter_avatar_id" {
  value = data.argil_avatar.presenter.id
}

# Gesture slugs to use as gestureSlug in video moments.
output "presenter_gestures" {
  value = { for g in data.argil_avatar.presenter.gestures : g.label => g.slug }
}

output "by_id_is_ready" {
  value = data.argil_avatar.by_id.status == "IDLE"
}
