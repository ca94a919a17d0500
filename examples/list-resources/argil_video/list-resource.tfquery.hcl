# Every video of the workspace (terraform query, Terraform 1.14 and later).
list "argil_video" "all" {
  provider = argil
  limit    = 1000
}

# The growth team's launch videos that were never rendered.
list "argil_video" "launch_drafts" {
  provider = argil
  config {
    name_search = "launch"
    extras      = { team = "growth" }
    status      = "IDLE"
  }
}

# The videos one avatar speaks in, with their configuration in the results.
list "argil_video" "presenter" {
  provider         = argil
  include_resource = true
  config {
    avatar_id = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
  }
}
