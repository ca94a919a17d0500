package emulator

import (
	"bytes"
	"os"
	"testing"
)

// TestContractCopyIsIdentical keeps testdata/argil-v1.openapi.yaml byte-identical to the
// shared contract, when the shared folder is there.
func TestContractCopyIsIdentical(t *testing.T) {
	shared := "../../../shared/argil-api/argil-v1.openapi.yaml"
	want, err := os.ReadFile(shared)
	if os.IsNotExist(err) {
		t.Skipf("%s not found; nothing to compare", shared)
	}
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(contractPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from %s: copy the shared contract again", contractPath, shared)
	}
}

// TestContractValidates checks that the contract loads and passes kin-openapi's validation,
// and that every operation the emulator counts exists in it.
func TestContractValidates(t *testing.T) {
	doc := loadContract(t)
	ops := 0
	for _, item := range doc.Paths.Map() {
		ops += len(item.Operations())
	}
	if ops != 21 {
		t.Fatalf("contract has %d operations, want 21", ops)
	}
}
