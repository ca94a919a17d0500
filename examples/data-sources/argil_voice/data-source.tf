# A voice by its exact name.
data "argil_voice" "narrator" {
  name = "Emma"
}

# Or by id.
data "argil_voice" "by_id" {
  id = "b1b2c3d4-0002-4000-8000-000000000002"
}

output "narrator_voice_id" {
  value = data.argil_voice.narrator.id
}

output "by_id_language" {
  value = data.argil_voice.by_id.language
}
