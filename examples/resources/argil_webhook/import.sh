# Import a webhook by its id (list them with GET /webhooks).
terraform import argil_webhook.renders 0e8f5c7a-9d1b-4c3e-8f2a-7b6c5d4e3f21
