# Every READY track of the background-music library (status defaults to READY, as in the API).
data "argil_assets" "music" {
  types = ["AUDIO"]
}

# Uploaded images and videos whose processing failed: upload them again.
data "argil_assets" "failed_uploads" {
  types  = ["IMAGE", "VIDEO"]
  status = "FAILED"
}

output "music_by_name" {
  value = { for a in data.argil_assets.music.assets : a.name => a.id }
}

output "failed_upload_count" {
  value = data.argil_assets.failed_uploads.total
}
