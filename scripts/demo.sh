#!/usr/bin/env bash
# make demo: render a video with `terraform apply`, print its URLs, then destroy.
#
# Without ARGIL_API_KEY it runs against the Argil emulator, started here on loopback.
# With ARGIL_API_KEY set it talks to ARGIL_BASE_URL (default: the real API): an emulator when
# that URL is on loopback (make playground's exports), else Argil, where the render costs credits.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/argil-demo.XXXXXX")
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

command -v terraform >/dev/null || { echo "demo: terraform is not on PATH (make terraform builds one into bin/)" >&2; exit 1; }

echo "==> building the provider and the emulator"
mkdir -p "$root/bin"
(cd "$root" && go build -o bin/terraform-provider-argil . && go build -o bin/argil-emulator ./cmd/argil-emulator)

# A CLI configuration that makes Terraform use the provider just built, without any registry.
cat >"$work/terraformrc" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/argil-community/argil" = "$root/bin"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1

if [ -z "${ARGIL_API_KEY:-}" ]; then
  echo "==> ARGIL_API_KEY is not set: starting the Argil emulator on loopback"
  "$root/bin/argil-emulator" -addr 127.0.0.1:0 -port-file "$work/addr" \
    -audio-phase "${DEMO_AUDIO_PHASE:-2s}" -video-phase "${DEMO_VIDEO_PHASE:-4s}" 2>"$work/emulator.log" &
  emulator_pid=$!
  for _ in $(seq 1 100); do [ -s "$work/addr" ] && break; sleep 0.1; done
  [ -s "$work/addr" ] || { cat "$work/emulator.log" >&2; echo "demo: the emulator did not start" >&2; exit 1; }
  export ARGIL_BASE_URL="http://$(tr -d '\n' <"$work/addr")/v1"
  export ARGIL_API_KEY="emulator-key"
  echo "    emulator at $ARGIL_BASE_URL"
else
  url=${ARGIL_BASE_URL:-https://api.argil.ai/v1}
  # The host of the URL: drop the scheme, then the path, then the port ("[::1]:8787" -> "::1").
  host=${url#*://}
  host=${host%%/*}
  if [[ $host == \[* ]]; then host=${host#[}; host=${host%%]*}; else host=${host%%:*}; fi
  if [[ $host == localhost || $host == ::1 || $host =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    echo "==> ARGIL_API_KEY is set and ARGIL_BASE_URL is on loopback: using the Argil emulator at $url (no credits)"
  else
    echo "==> ARGIL_API_KEY is set: using the real Argil API at $url (this render costs credits)"
  fi
fi

cp "$root"/examples/demo/*.tf "$work/"
cd "$work"
echo "==> terraform apply (TF_LOG=INFO shows each status change; set DEMO_TF_LOG=INFO to see it)"
start=$(date +%s)
TF_LOG="${DEMO_TF_LOG:-}" terraform apply -auto-approve -input=false -no-color
echo "==> rendered in $(( $(date +%s) - start ))s"
echo "video_url   = $(terraform output -raw video_url)"
echo "duration    = $(terraform output -raw duration)"
echo "preview_url = $(terraform output -raw preview_url)"
echo "==> terraform destroy"
terraform destroy -auto-approve -input=false -no-color >/dev/null
echo "==> done"
