package emulator

import _ "embed"

// Contract is the Argil v1 contract (OpenAPI 3.0, YAML) that the emulator follows: the
// repository's byte-identical copy of shared/argil-api/argil-v1.openapi.yaml
// (testdata/argil-v1.openapi.yaml). It is embedded so that tools built from this module
// (cmd/argil-probe) carry it and work without the repository.
//
//go:embed testdata/argil-v1.openapi.yaml
var Contract []byte
