# The workspace's own avatars.
list "argil_avatar" "mine" {
  provider = argil
}

# Argil's stock portrait avatars whose name starts with "Emma".
list "argil_avatar" "stock" {
  provider = argil
  config {
    visibility  = "public"
    orientation = "ASPECT_RATIO_9_16"
    name_regex  = "^Emma"
  }
}
