# A product video: a long script split into moments, subtitles, music and B-rolls.
# Creating the video is free; argil_video_render renders it (which costs credits).
variable "avatar_id" {
  type        = string
  description = "Id of an Argil avatar (Argil app, or GET /avatars)."
}

variable "voice_id" {
  type        = string
  description = "Id of an Argil voice; the avatar's own voice when null."
  default     = null
}

locals {
  # Argil accepts at most 500 characters of transcript per moment:
  # split_transcript cuts the script at sentence boundaries.
  script = file("${path.module}/script.txt")
}

resource "argil_video" "launch" {
  name         = "Product launch"
  aspect_ratio = "9:16"
  model        = "ARGIL_ATOM"

  moments = concat(
    [for i, text in provider::argil::split_transcript(local.script, 500) : {
      avatar_id    = var.avatar_id
      voice_id     = var.voice_id
      transcript   = text
      gesture_slug = i == 0 ? "wave" : null
      zoom_level   = i == 0 ? 1.2 : null
    }],
    # A recorded outro instead of generated speech.
    [{
      avatar_id = var.avatar_id
      audio_url = "https://cdn.example.com/audio/outro.mp3"
    }],
  )

  subtitles = {
    enable   = true
    position = "Bottom"
    size     = "Medium"
  }

  background_music = {
    asset_id = "7a1c9e52-3f4d-4b8e-9c61-2d0e5f8a4b37"
    volume   = 0.2
  }

  auto_brolls = {
    enable    = true
    source    = "STOCKS_VIDEO"
    intensity = "LOW"
    layout    = "SPLIT_AVATAR_TOP"
  }

  # Up to 9 pairs: the provider keeps a 10th for its create token.
  extras = {
    campaign = "launch-2026"
    owner    = "growth"
  }
}

# Render it. Changing the video (its script, say) replaces it, and so renders the new one.
resource "argil_video_render" "launch" {
  video_id = argil_video.launch.id
}

output "preview_url" {
  value = argil_video.launch.preview_url
}

output "video_url" {
  value = argil_video_render.launch.video_url
}
