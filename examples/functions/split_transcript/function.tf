terraform {
  required_providers {
    argil = {
      source = "argil-community/argil"
    }
  }
}

variable "avatar_id" {
  type = string
}

variable "voice_id" {
  type = string
}

locals {
  # A script of any length, kept next to the configuration.
  script = file("${path.module}/script.txt")

  # One moment per chunk: Argil accepts at most 500 characters of transcript
  # per moment, and the chunks end at sentence boundaries where they can.
  moments = [
    for transcript in provider::argil::split_transcript(local.script, 500) : {
      transcript = transcript
      avatarId   = var.avatar_id
      voiceId    = var.voice_id
    }
  ]
}

output "moments" {
  value = local.moments
}
