# The webhooks that receive failures. The generated configuration leaves the sensitive
# callback_url out (callback_url = null # sensitive): put the URL back before applying.
list "argil_webhook" "failures" {
  provider = argil
  config {
    events = ["VIDEO_GENERATION_FAILED", "AVATAR_TRAINING_FAILED"]
  }
}
