# Read one asset by id, for example a background-music track of Argil's library.
data "argil_asset" "music" {
  id = "d1b2c3d4-0001-4000-8000-000000000001"
}

output "music_ready" {
  value = data.argil_asset.music.status == "READY"
}

output "music_file_url" {
  value = data.argil_asset.music.file_url
}
