# Receive an event whenever a video render succeeds or fails.
# v1 webhooks are not signed: put an unguessable token in the URL and check it in your endpoint.
resource "argil_webhook" "renders" {
  callback_url = "https://hooks.example.com/argil?token=${var.webhook_token}"
  events = [
    "VIDEO_GENERATION_SUCCESS",
    "VIDEO_GENERATION_FAILED",
  ]
}

# A second endpoint for avatar training results.
resource "argil_webhook" "avatars" {
  callback_url = "https://hooks.example.com/argil/avatars?token=${var.webhook_token}"
  events       = ["AVATAR_TRAINING_SUCCESS", "AVATAR_TRAINING_FAILED"]
}

variable "webhook_token" {
  type        = string
  sensitive   = true
  description = "Shared secret that your endpoint expects in the token query parameter: set your own (TF_VAR_webhook_token)."
  default     = "replace-me"
}

output "renders_webhook_last_triggered_at" {
  value = argil_webhook.renders.last_triggered_at
}
