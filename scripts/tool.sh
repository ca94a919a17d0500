#!/usr/bin/env bash
# Prints the absolute path of a pinned developer tool, installing it from the
# Go module proxy into a local GOBIN when no binary of the pinned version is found.
#
#   scripts/tool.sh golangci-lint   # v2.15.0
#   scripts/tool.sh goreleaser      # v2.16.0
#
# Lookup order: bin/, the local GOBIN (TOOLS_GOBIN, default .cache/bin), PATH.
# Installation messages go to stderr; stdout carries only the path.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
gobin=${TOOLS_GOBIN:-$root/.cache/bin}

name=${1:?usage: scripts/tool.sh golangci-lint|goreleaser}
case $name in
golangci-lint)
	want=2.15.0
	module=github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v$want
	version_of() { "$1" version 2>/dev/null | sed -n 's/.*has version v\{0,1\}\([0-9][0-9.]*\).*/\1/p'; }
	;;
goreleaser)
	want=2.16.0
	module=github.com/goreleaser/goreleaser/v2@v$want
	version_of() { "$1" --version 2>/dev/null | sed -n 's/^GitVersion:[[:space:]]*v\{0,1\}\([0-9][0-9.]*\).*/\1/p'; }
	;;
*)
	echo "scripts/tool.sh: unknown tool '$name' (known: golangci-lint, goreleaser)" >&2
	exit 2
	;;
esac

for candidate in "$root/bin/$name" "$gobin/$name" "$(command -v "$name" || true)"; do
	if [[ -n $candidate && -x $candidate && "$(version_of "$candidate")" == "$want" ]]; then
		echo "$candidate"
		exit 0
	fi
done

echo "scripts/tool.sh: installing $module into $gobin" >&2
mkdir -p "$gobin"
GOBIN=$gobin go install "$module" >&2
echo "$gobin/$name"
