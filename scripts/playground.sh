#!/usr/bin/env bash
# make playground / make playground-stop: a local build of the provider and the Argil emulator,
# ready for `terraform apply` in any folder.
#
#   scripts/playground.sh [start]   build bin/terraform-provider-argil and bin/argil-emulator, start
#                                   the emulator in the background, write a dev_overrides CLI
#                                   configuration, and print the export lines (stdout; the rest
#                                   goes to stderr, so `eval "$(scripts/playground.sh)"` works)
#   scripts/playground.sh stop      stop the emulator started here
#
# Settings (environment): PLAYGROUND_DIR (default .playground/ in the repository) holds the CLI
# configuration, the emulator's pid, address and log; PLAYGROUND_ADDR (default 127.0.0.1:8787;
# port 0 picks a free one); EMULATOR_FLAGS, more argil-emulator flags (e.g. "-video-phase 20s").
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${PLAYGROUND_DIR:-$root/.playground}
addr=${PLAYGROUND_ADDR:-127.0.0.1:8787}
pidfile=$dir/emulator.pid
say() { echo "$@" >&2; }

# running prints the pid of the emulator started here, if it still runs.
running() {
	local pid
	[[ -s $pidfile ]] || return 1
	pid=$(<"$pidfile")
	kill -0 "$pid" 2>/dev/null || return 1
	# A recycled pid is not ours: check the command name.
	[[ $(ps -p "$pid" -o comm= 2>/dev/null) == *argil-emulator* ]] || return 1
	echo "$pid"
}

print_exports() {
	local url
	url="http://$(tr -d '\n' <"$dir/emulator.addr")/v1"
	cat <<EOF
export TF_CLI_CONFIG_FILE=$dir/terraformrc
export ARGIL_BASE_URL=$url
export ARGIL_API_KEY=emulator-key
EOF
	say ""
	say "Run the export lines above, then 'terraform apply' in any folder, e.g. examples/pipeline/."
	say "Skip 'terraform init': dev_overrides installs the provider from $root/bin, and init would"
	say "look for it in the registry and fail. Rebuild with 'make build'; stop with 'make playground-stop'."
}

stop() {
	local pid
	if ! pid=$(running); then
		say "playground: no emulator of this playground is running"
		rm -f "$pidfile"
		return 0
	fi
	kill "$pid"
	for _ in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		say "playground: emulator $pid did not stop on SIGTERM; killing it"
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile" "$dir/emulator.addr"
	say "playground: emulator $pid stopped. In your shell: unset TF_CLI_CONFIG_FILE ARGIL_BASE_URL ARGIL_API_KEY"
}

start() {
	mkdir -p "$dir" "$root/bin"
	say "==> building bin/terraform-provider-argil and bin/argil-emulator"
	(cd "$root" && go build -o bin/terraform-provider-argil . && go build -o bin/argil-emulator ./cmd/argil-emulator)

	cat >"$dir/terraformrc" <<CFG
# Written by scripts/playground.sh: Terraform uses the provider built in bin/, no registry.
provider_installation {
  dev_overrides {
    "registry.terraform.io/argil-community/argil" = "$root/bin"
  }
  direct {}
}
CFG

	local pid
	if pid=$(running); then
		say "==> the emulator is already running (pid $pid)"
		print_exports
		return 0
	fi
	rm -f "$dir/emulator.addr"
	# The binary itself runs in the background (not `go run`, whose child would outlive a kill),
	# so $! is the emulator's pid.
	# shellcheck disable=SC2086 # EMULATOR_FLAGS is a list of flags
	nohup "$root/bin/argil-emulator" -addr "$addr" -port-file "$dir/emulator.addr" ${EMULATOR_FLAGS:-} \
		</dev/null >"$dir/emulator.log" 2>&1 &
	pid=$!
	echo "$pid" >"$pidfile"
	for _ in $(seq 1 100); do
		[[ -s $dir/emulator.addr ]] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [[ ! -s $dir/emulator.addr ]]; then
		kill "$pid" 2>/dev/null || true
		rm -f "$pidfile"
		cat "$dir/emulator.log" >&2
		say "playground: the emulator did not start (another one on $addr? try PLAYGROUND_ADDR=127.0.0.1:0)"
		return 1
	fi
	say "==> emulator started (pid $pid, log $dir/emulator.log)"
	print_exports
}

case ${1:-start} in
start) start ;;
stop) stop ;;
*)
	say "usage: $0 [start|stop]"
	exit 2
	;;
esac
