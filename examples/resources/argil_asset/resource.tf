# Upload a B-roll clip and wait until Argil has processed it (READY).
resource "argil_asset" "office_broll" {
  name = "Office b-roll"
  type = "VIDEO"
  url  = "https://cdn.example.com/broll/office.mp4" # https only

  timeouts = {
    create = "15m"
  }
}

# Images work the same way.
resource "argil_asset" "logo" {
  name = "Company logo"
  type = "IMAGE"
  url  = "https://cdn.example.com/brand/logo.png"
}

# Use the asset id as the B-roll of a moment (broll.type = "UPLOAD").
output "office_broll_asset_id" {
  value = argil_asset.office_broll.id
}

output "office_broll_file_url" {
  value = argil_asset.office_broll.file_url
}
