# A voice by its exact name.
data "argil_voice" "narrator" {
  name = "Narrator"
}

# Or by id.
data "argil_voice" "by_id" {
  id = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
}

output "narrator_voice_id" {
  value = data.argil_voice.narrator.id
}

output "by_id_language" {
  value = data.argil_voice.by_id.language
}
