# One video per row of a CSV file, each in its language and voice: a content pipeline as code.
#
#   export ARGIL_API_KEY=...     # or the Argil emulator's ARGIL_BASE_URL/ARGIL_API_KEY
#   terraform apply              # renders every row; editing one row re-renders that row only
terraform {
  required_version = ">= 1.8" # provider functions
  required_providers {
    argil = {
      source = "argil-community/argil"
    }
  }
}

provider "argil" {}

variable "csv_file" {
  type        = string
  description = "CSV with the columns slug, language, voice (an exact voice name), title and script."
  default     = "videos.csv"
}

variable "avatar_name" {
  type        = string
  description = "Exact name of the avatar that presents every video."
  default     = "Emma (office)"
}

locals {
  # slug => row; the slug is the row's stable key, so reordering the file changes nothing.
  rows = { for row in csvdecode(file("${path.module}/${var.csv_file}")) : row.slug => row }
}

data "argil_avatar" "presenter" {
  name = var.avatar_name
}

data "argil_voice" "by_name" {
  for_each = toset([for row in local.rows : row.voice])
  name     = each.key
}

resource "argil_video" "this" {
  for_each = local.rows

  name         = each.value.title
  aspect_ratio = "16:9"
  moments = [for chunk in provider::argil::split_transcript(each.value.script, 500) : {
    avatar_id  = data.argil_avatar.presenter.id
    voice_id   = data.argil_voice.by_name[each.value.voice].id
    transcript = chunk
  }]
  subtitles = {
    enable = true
  }
  extras = {
    pipeline = "csv"
    slug     = each.key
    language = each.value.language
  }

  # Keep the published URL alive while an edited row re-renders (two videos meanwhile).
  lifecycle {
    create_before_destroy = true
  }
}

resource "argil_video_render" "this" {
  for_each = argil_video.this

  video_id = each.value.id
  timeouts = {
    create = "45m"
  }

  lifecycle {
    create_before_destroy = true
  }
}

output "video_urls" {
  description = "slug => URL of the rendered video."
  value       = { for slug, render in argil_video_render.this : slug => render.video_url }
}
