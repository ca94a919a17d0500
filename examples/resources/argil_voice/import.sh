# Bring a voice cloned in the Argil app under Terraform, by its id. The first apply
# afterwards records audio_url, model_id and the settings from the configuration,
# without cloning a new voice.
terraform import argil_voice.narrator 3c90c3cc-0d44-4b50-8888-8dd25736052a
