# A complete Argil pipeline as code: look up an avatar and a voice by name, split a script
# into moments, create the video, render it, and get notified.
#
#   export ARGIL_API_KEY=...            # or ARGIL_BASE_URL/ARGIL_API_KEY of the Argil emulator
#   terraform apply -var webhook_url=https://hooks.example.com/argil?token=...
terraform {
  required_version = ">= 1.8" # provider functions
  required_providers {
    argil = {
      source = "argil-community/argil"
    }
  }
}

provider "argil" {}

variable "avatar_name" {
  type        = string
  description = "Exact name of the avatar that presents the video."
  default     = "Emma (office)"
}

variable "voice_name" {
  type        = string
  description = "Exact name of the voice that reads the script."
  default     = "Emma"
}

variable "webhook_url" {
  type        = string
  description = "HTTPS endpoint notified when a render ends; null for no webhook."
  default     = null
  sensitive   = true
}

variable "script_file" {
  type        = string
  description = "Path of the script to read."
  default     = "script.txt"
}

data "argil_avatar" "presenter" {
  name = var.avatar_name
}

data "argil_voice" "narrator" {
  name = var.voice_name
}

data "argil_subtitle_styles" "all" {}

locals {
  # One moment per chunk of at most 500 characters (Argil's per-moment limit), cut at
  # sentence, then clause, then word boundaries.
  chunks = provider::argil::split_transcript(file("${path.module}/${var.script_file}"), 500)
  # Alternate the avatar's gestures to keep the video lively.
  gestures = [for g in data.argil_avatar.presenter.gestures : g.slug]
}

resource "argil_webhook" "renders" {
  count        = var.webhook_url == null ? 0 : 1
  callback_url = var.webhook_url
  events       = ["VIDEO_GENERATION_SUCCESS", "VIDEO_GENERATION_FAILED"]
}

resource "argil_video" "explainer" {
  name         = "Pipeline explainer"
  aspect_ratio = "16:9"
  moments = [for i, chunk in local.chunks : {
    avatar_id    = data.argil_avatar.presenter.id
    voice_id     = data.argil_voice.narrator.id
    transcript   = chunk
    gesture_slug = length(local.gestures) > 0 ? local.gestures[i % length(local.gestures)] : null
  }]
  subtitles = {
    enable   = true
    style_id = data.argil_subtitle_styles.all.styles[0].id
    position = "Bottom"
    size     = "Medium"
  }
  extras = {
    pipeline = "terraform"
  }

  # A new script makes a new video: create it and render it before the old one is deleted,
  # so the published video_url keeps working until the new one is ready. Two videos exist
  # meanwhile; the render is paid once, as without it.
  lifecycle {
    create_before_destroy = true
  }
}

resource "argil_video_render" "explainer" {
  video_id = argil_video.explainer.id

  timeouts = {
    create = "45m"
  }

  # Subscribe before rendering, so the webhook sees this render's event.
  depends_on = [argil_webhook.renders]

  lifecycle {
    create_before_destroy = true
  }
}

output "moments" {
  description = "How many moments the script became."
  value       = length(local.chunks)
}

output "video_id" {
  value = argil_video.explainer.id
}

output "video_url" {
  value = argil_video_render.explainer.video_url
}

output "video_url_subtitled" {
  value = argil_video_render.explainer.video_url_subtitled
}

output "duration" {
  value = argil_video_render.explainer.duration
}

output "preview_url" {
  value = argil_video_render.explainer.preview_url
}
