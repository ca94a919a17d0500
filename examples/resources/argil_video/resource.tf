# A product video: a script split into moments, subtitles, music and B-rolls.
# Creating the video is free; argil_video_render renders it (which costs credits).
data "argil_avatar" "presenter" {
  name = "Noah (office)" # a portrait ARGIL_ATOM avatar
}

data "argil_assets" "music" {
  types = ["AUDIO"] # Argil's background-music library
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
      avatar_id    = data.argil_avatar.presenter.id
      transcript   = text
      gesture_slug = i == 0 ? data.argil_avatar.presenter.gestures[0].slug : null
      zoom_level   = i == 0 ? 1.2 : null
    }],
    # A recorded outro instead of generated speech.
    [{
      avatar_id = data.argil_avatar.presenter.id
      audio_url = "https://cdn.example.com/audio/outro.mp3"
    }],
  )

  subtitles = {
    enable   = true
    position = "Bottom"
    size     = "Medium"
  }

  background_music = {
    asset_id = data.argil_assets.music.assets[0].id
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
