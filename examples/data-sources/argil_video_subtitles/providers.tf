# Not shown in the docs: what lets this folder apply as copied (see the offline-testing guide).
terraform {
  required_providers {
    argil = {
      source = "argil-community/argil"
    }
  }
}
