# All subtitle styles available to the account.
data "argil_subtitle_styles" "all" {}

# One style by name (case does not matter).
data "argil_subtitle_styles" "karaoke" {
  name = "Karaoke"
}

output "subtitle_style_names" {
  value = [for s in data.argil_subtitle_styles.all.styles : s.name]
}

# Use it as a video's subtitles.style_id.
output "karaoke_style_id" {
  value = one(data.argil_subtitle_styles.karaoke.styles[*].id)
}
