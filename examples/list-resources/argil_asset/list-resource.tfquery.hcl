# Uploaded images and videos that are ready (Argil's music library is never listed).
list "argil_asset" "uploads" {
  provider = argil
  limit    = 1000
}

# Video B-rolls whose processing failed.
list "argil_asset" "failed_clips" {
  provider = argil
  config {
    types  = ["VIDEO"]
    status = "FAILED"
  }
}
