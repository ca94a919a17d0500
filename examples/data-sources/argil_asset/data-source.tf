# Read one asset by id, for example a background-music track of Argil's library.
data "argil_asset" "music" {
  id = "6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b"
}

output "music_ready" {
  value = data.argil_asset.music.status == "READY"
}

output "music_file_url" {
  value = data.argil_asset.music.file_url
}
