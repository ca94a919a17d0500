//go:build generate

// Package tools pins the code generators this repository runs through
// `go generate` (see `make generate`). It lives in its own module so the
// generators' dependencies stay out of the provider's go.mod.
package tools

import (
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)

// Format the Terraform examples that the documentation embeds.
// This uses the terraform on PATH (`make terraform` builds one into bin/).
//go:generate bash ../scripts/fmt-examples.sh ../examples/

// Generate the documentation under ../docs from the provider schema and ../examples.
// tfplugindocs runs the terraform found on PATH; never pass --tf-version, it downloads.
//go:generate go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs generate --provider-dir .. --provider-name argil
