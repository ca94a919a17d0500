package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Shared helpers of the list resource tests (terraform query, Terraform >= 1.14: they skip
// with an older CLI; make testacc-tf114 runs them).

// queryTestCase runs the list blocks once against the emulator and applies the checks. The
// first step only writes the provider configuration: a query needs a working directory with it.
func queryTestCase(t *testing.T, e *testEmulator, lists string, checks ...querycheck.QueryResultCheck) resource.TestCase {
	t.Helper()
	return resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: e.providerConfig("")},
			{Query: true, Config: lists, QueryResultChecks: checks},
		},
	}
}

// listBlock is a list block of the provider: kind is the type after "argil_", body the rest
// (limit, include_resource, config { ... }).
func listBlock(kind, name, body string) string {
	return fmt.Sprintf("\nlist %q %q {\n  provider = argil\n%s\n}\n", "argil_"+kind, name, body)
}

// expectListIDs checks that a list block found exactly the objects with these ids (their
// identities), in any order, each once.
type expectListIDs struct {
	address string // e.g. "argil_video.all"
	ids     []string
}

func (c expectListIDs) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	var got []string
	for _, r := range req.Query {
		if strings.TrimPrefix(r.Address, "list.") != c.address {
			continue
		}
		id, _ := r.Identity["id"].(string)
		if len(r.Identity) != 1 || id == "" {
			resp.Error = fmt.Errorf("%s: a result has the identity %v, want exactly {id = <the object's id>}", c.address, r.Identity)
			return
		}
		got = append(got, id)
	}
	want := slices.Clone(c.ids)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		resp.Error = fmt.Errorf("%s found %d object(s) %v, want %d %v", c.address, len(got), got, len(want), want)
	}
}

// expectDisplayNames checks the display names of a list block's results, in order.
type expectDisplayNames struct {
	address string
	names   []string
}

func (c expectDisplayNames) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	var got []string
	for _, r := range req.Query {
		if strings.TrimPrefix(r.Address, "list.") == c.address {
			got = append(got, r.DisplayName)
		}
	}
	if !slices.Equal(got, c.names) {
		resp.Error = fmt.Errorf("%s display names %q, want %q", c.address, got, c.names)
	}
}

// expectResourceObject runs check on the resource object of the result with this id (the
// list block must have include_resource = true).
type expectResourceObject struct {
	address, id string
	check       func(obj map[string]any) error
}

func (c expectResourceObject) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	for _, r := range req.Query {
		if strings.TrimPrefix(r.Address, "list.") != c.address || r.Identity["id"] != c.id {
			continue
		}
		if r.ResourceObject == nil {
			resp.Error = fmt.Errorf("%s: the result %s has no resource object", c.address, c.id)
			return
		}
		if err := c.check(r.ResourceObject); err != nil {
			resp.Error = fmt.Errorf("%s: resource object of %s: %w (object: %v)", c.address, c.id, err, r.ResourceObject)
		}
		return
	}
	resp.Error = fmt.Errorf("%s: no result with id %s", c.address, c.id)
}

// expectNoPosts fails the test at its end if the emulator received a POST: listing creates and
// renders nothing.
func expectNoPosts(t *testing.T, e *testEmulator) {
	t.Helper()
	before := postCounts(e)
	t.Cleanup(func() {
		if after := postCounts(e); !maps.Equal(before, after) {
			t.Errorf("the emulator received POST requests while listing: before %v, after %v", before, after)
		}
	})
}
