variable "avatar_id" {
  type        = string
  description = "Id of the avatar that reads the script."
  default     = "a1b2c3d4-0001-4000-8000-000000000001" # a stock avatar of the Argil emulator
}

variable "voice_id" {
  type        = string
  description = "Id of the voice that reads it; null for the avatar's own voice."
  default     = null
}

locals {
  # A script of any length, kept next to the configuration.
  script = file("${path.module}/script.txt")

  # One moment per chunk: Argil accepts at most 500 characters of transcript
  # per moment, and the chunks end at sentence boundaries where they can.
  moments = [
    for transcript in provider::argil::split_transcript(local.script, 500) : {
      transcript = transcript
      avatar_id  = var.avatar_id
      voice_id   = var.voice_id
    }
  ]
}

# The moments of an argil_video.
output "moments" {
  value = local.moments
}
