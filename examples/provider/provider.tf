# The API key comes from the ARGIL_API_KEY environment variable: keep it out of files.
provider "argil" {}

# Against the Argil emulator (see `argil-emulator -h`), for offline CI:
# provider "argil" {
#   base_url = "http://127.0.0.1:8787/v1"
#   api_key  = "emulator-key"
# }
