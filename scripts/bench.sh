#!/usr/bin/env bash
# make bench, second part: the end-to-end benchmark (cmd/argilbench). The real terraform on
# PATH drives the provider built here (through a dev_overrides CLI configuration, no registry)
# against the Argil emulator on 127.0.0.1, and the results are printed as Markdown tables.
# They are also kept in .cache/bench/argilbench.md; BENCHMARKS.md holds the published figures.
#
#   QUICK=1 make bench                      # smoke test: about 3 minutes (no 90 s or 10 min renders)
#   BENCHARGS='-only scale -runs 5' make bench
#   BENCHARGS='-only plan,table' make bench  # the full run takes about 20 minutes, 11 of them the 10 min renders
#   BENCHARGS='-only scale-long' make bench # 60 renders of a minute
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v terraform >/dev/null || { echo "bench: terraform is not on PATH (make terraform builds one into bin/)" >&2; exit 1; }

args=()
if [[ "${QUICK:-}" == 1 ]]; then args+=(-quick); fi
# shellcheck disable=SC2206 # BENCHARGS is a list of flags, split on purpose
args+=(${BENCHARGS:-})

mkdir -p .cache/bench
go build -o .cache/bench/terraform-provider-argil .
go run ./cmd/argilbench -provider .cache/bench/terraform-provider-argil "${args[@]}" | tee .cache/bench/argilbench.md
echo "bench: tables saved to .cache/bench/argilbench.md" >&2
