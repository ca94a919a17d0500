// Command terraform-provider-argil is the Terraform provider for the Argil API.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/argil-community/terraform-provider-argil/internal/provider"
)

// Set by goreleaser's ldflags; "dev" for local builds.
var (
	version = "dev"
	commit  = "none"
)

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/argil-community/argil",
		Debug:   debug,
	})
	if err != nil {
		log.Fatalf("terraform-provider-argil %s (%s): %v", version, commit, err)
	}
}
