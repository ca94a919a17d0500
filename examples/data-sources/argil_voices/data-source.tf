# Every French female voice.
data "argil_voices" "french_female" {
  language = "FRENCH"
  gender   = "FEMALE"
}

# English voices whose name contains "narrator" (any case).
data "argil_voices" "narrators" {
  language   = "ENGLISH"
  name_regex = "(?i)narrator"
}

output "french_female_voices" {
  value = { for v in data.argil_voices.french_female.voices : v.name => v.id }
}

output "narrator_samples" {
  value = [for v in data.argil_voices.narrators.voices : v.sample_url]
}
