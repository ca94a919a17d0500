# Argil lists its stock voices with the workspace's own: keep yours by name.
list "argil_voice" "mine" {
  provider = argil
  config {
    name_regex = "^(Narrator|Presenter)"
  }
}

list "argil_voice" "french_women" {
  provider = argil
  config {
    language = "FRENCH"
    gender   = "FEMALE"
  }
}
