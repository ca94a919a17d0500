#!/usr/bin/env bash
# terraform fmt the examples (run by `make generate` through tools/tools.go).
# Examples use provider functions, which Terraform parses from 1.8 on: with an older
# terraform (such as the v1.5.7 that `make terraform` builds), formatting is skipped, since
# the docs tfplugindocs generates do not depend on it.
set -euo pipefail
dir=${1:?usage: fmt-examples.sh DIR}
version=$(TF_CLI_CONFIG_FILE= terraform version -json | sed -n 's/.*"terraform_version": *"\([0-9]*\)\.\([0-9]*\)\..*/\1 \2/p')
read -r major minor <<<"$version"
if (( major < 1 || (major == 1 && minor < 8) )); then
	echo "fmt-examples: terraform $major.$minor cannot parse provider functions; skipping terraform fmt of $dir" >&2
	exit 0
fi
exec terraform fmt -recursive "$dir"
