# workspace.tfquery.hcl: what `terraform query` looks for (Terraform 1.14 and later).
# Each list block finds existing objects of one type; the provider comes from main.tf.

# Every video of the workspace, with the arguments Argil returns.
list "argil_video" "all" {
  provider = argil
  limit    = 1000
}

# The videos already rendered (DONE): adopting their render costs nothing and renders nothing.
list "argil_video_render" "done" {
  provider = argil
  limit    = 1000
}

# The workspace's own avatars (Argil's stock avatars need visibility = "public").
list "argil_avatar" "mine" {
  provider = argil
}

# Argil lists its stock voices with yours and nothing tells them apart: keep yours by name.
list "argil_voice" "mine" {
  provider = argil
  config {
    name_regex = "^Narrator$"
  }
}

# Uploaded images and videos (Argil's music library is never listed).
list "argil_asset" "uploads" {
  provider = argil
}

list "argil_webhook" "all" {
  provider = argil
}
