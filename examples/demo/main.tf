# The configuration `make demo` applies: create a video from a short script, render it, and
# hand its URLs to whatever comes next. Against its own emulator by default; with ARGIL_API_KEY
# set, against ARGIL_BASE_URL: an emulator on loopback, or the real API (the default), where the
# render costs credits.
terraform {
  required_providers {
    argil = {
      source = "argil-community/argil"
    }
  }
}

# api_key and base_url come from ARGIL_API_KEY and ARGIL_BASE_URL.
provider "argil" {}

# Any landscape avatar of the workspace (Argil's public ones included).
data "argil_avatars" "landscape" {
  orientation = "ASPECT_RATIO_16_9"
}

locals {
  avatar = data.argil_avatars.landscape.avatars[0]
  script = [
    "Hello! This video was rendered by terraform apply.",
    "Its URL is now an output that the rest of the infrastructure can read.",
  ]
}

resource "argil_video" "demo" {
  name         = "Terraform provider demo"
  aspect_ratio = "16:9"
  subtitles = {
    enable = true
  }
  moments = [for line in local.script : {
    avatar_id  = local.avatar.id
    transcript = line
  }]
  extras = {
    source = "terraform-provider-argil-demo"
  }
}

resource "argil_video_render" "demo" {
  video_id = argil_video.demo.id

  timeouts = {
    create = "30m"
  }
}

output "video_url" {
  value = argil_video_render.demo.video_url
}

output "duration" {
  value = argil_video_render.demo.duration
}

output "preview_url" {
  value = argil_video_render.demo.preview_url
}
