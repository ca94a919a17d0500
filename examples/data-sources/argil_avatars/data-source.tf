# Argil's portrait stock avatars on the ARGIL_ATOM model.
data "argil_avatars" "portrait_atom" {
  orientation = "ASPECT_RATIO_9_16"
  model       = "ARGIL_ATOM"
  visibility  = "public"
}

# The workspace's own avatars whose name starts with "Sales " (any case).
data "argil_avatars" "sales" {
  visibility = "private"
  name_regex = "(?i)^sales "
}

output "portrait_atom_avatars" {
  value = { for a in data.argil_avatars.portrait_atom.avatars : a.name => a.id }
}

output "ready_sales_avatar_ids" {
  value = [for a in data.argil_avatars.sales.avatars : a.id if a.status == "IDLE"]
}
