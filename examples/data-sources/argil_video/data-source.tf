# Read a video by id: one made in the Argil app, or by another configuration.
data "argil_video" "intro" {
  id = argil_video.intro.id # or a literal id, e.g. "3c90c3cc-0d44-4b50-8888-8dd25736052a"
}

output "intro_status" {
  value = data.argil_video.intro.status
}

output "intro_transcript" {
  value = join(" ", [for m in data.argil_video.intro.moments : coalesce(m.transcript, "")])
}
