# Bring an avatar created in the Argil app under Terraform, by its id. The first apply
# afterwards records image_url (or image_base64) and voice_id from the configuration,
# without creating a new avatar.
terraform import argil_avatar.presenter 3c90c3cc-0d44-4b50-8888-8dd25736052a
