package provider

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// Helpers shared by the tests of several resources and data sources.

var (
	uuidPattern    = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	rfc3339Pattern = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d`)
)

// accTest runs steps against the provider under test: an acceptance test case with the
// provider's factories and pre-check.
func accTest(t *testing.T, steps ...tfresource.TestStep) {
	t.Helper()
	accTestCase(t, tfresource.TestCase{Steps: steps})
}

// accTestCase runs tc (its steps, destroy check and version checks) against the provider
// under test, with the provider's factories and pre-check.
func accTestCase(t *testing.T, tc tfresource.TestCase) {
	t.Helper()
	tc.PreCheck = func() { testAccPreCheck(t) }
	tc.ProtoV6ProviderFactories = testAccProtoV6ProviderFactories
	tfresource.Test(t, tc)
}

// testBlock is a configuration of the emulator's provider block and one block of kind
// ("resource" or "data") and type typ, named test, around body.
func (e *testEmulator) testBlock(kind, typ, body string) string {
	return e.providerConfig("") + "\n" + kind + " \"" + typ + "\" \"test\" {\n" + body + "\n}\n"
}

// importBlock is an import block that imports the object id to addr.
func importBlock(addr, id string) string {
	return fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", addr, id)
}

// destroyOnlyForgets is the CheckDestroy of a resource the Argil API cannot delete (kind:
// "avatar" or "voice"): no DELETE reached the emulator, and kept(id) finds each of *ids still
// at Argil.
func destroyOnlyForgets(e *testEmulator, kind string, ids *[]string, kept func(id string) error) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := e.deleteRequests(); n != 0 {
			return fmt.Errorf("destroy sent %d DELETE request(s); the Argil API has no %s delete", n, kind)
		}
		for _, id := range *ids {
			if err := kept(id); err != nil {
				return fmt.Errorf("%s %s after destroy: %w", kind, id, err)
			}
		}
		return nil
	}
}

// expectNoRequests fails the test at its end if the emulator received any API request.
func expectNoRequests(t *testing.T, e *testEmulator) {
	t.Cleanup(func() {
		if n := e.TotalRequests(); n != 0 {
			t.Errorf("the emulator received %d request(s) for configurations that are invalid at plan time: %v", n, e.Counts())
		}
	})
}

// expectCount checks that route reached the emulator want times.
func expectCount(e *testEmulator, route string, want int) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.Count(route); got != want {
			return fmt.Errorf("%s reached the emulator %d time(s), want %d (all counts: %v)", route, got, want, e.Counts())
		}
		return nil
	}
}

// newAvatarVoiceEmulator starts an emulator with opts whose avatars train for one second
// unless opts says otherwise.
func newAvatarVoiceEmulator(t *testing.T, opts emulator.Options) *testEmulator {
	t.Helper()
	if opts.AvatarTraining == 0 {
		opts.AvatarTraining = time.Second
	}
	return startEmulator(t, opts)
}

// deleteRequests counts the DELETE requests the emulator received, whatever their route.
func (e *testEmulator) deleteRequests() int {
	n := 0
	for route, c := range e.Counts() {
		if strings.HasPrefix(route, "DELETE ") {
			n += c
		}
	}
	return n
}

// stateID reads the id of a resource from the state.
func stateID(s *terraform.State, addr string) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s is not in state", addr)
	}
	return rs.Primary.ID, nil
}

// readStateID is a check that reads the id of addr from the state into *id.
func readStateID(addr string, id *string) tfresource.TestCheckFunc {
	return func(s *terraform.State) (err error) {
		*id, err = stateID(s, addr)
		return err
	}
}

// appendStateID is a check that appends the id of addr in the state to *ids: the ids an
// object had over the steps of a test.
func appendStateID(addr string, ids *[]string) tfresource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, addr)
		if err == nil {
			*ids = append(*ids, id)
		}
		return err
	}
}

// planFails is a plan-only step: config fails at plan time with an error that says every one
// of phrases (errorPattern).
func planFails(config string, phrases ...string) tfresource.TestStep {
	return tfresource.TestStep{Config: config, PlanOnly: true, ExpectError: errorPattern(phrases...)}
}

// applyFails is a step whose terraform apply (its plan or its apply) fails with an error that
// says every one of phrases (errorPattern).
func applyFails(config string, phrases ...string) tfresource.TestStep {
	return tfresource.TestStep{Config: config, ExpectError: errorPattern(phrases...)}
}

// nothingToDo is a step that applies config again, unchanged: the plan is empty.
func nothingToDo(config string) tfresource.TestStep {
	return tfresource.TestStep{
		Config:           config,
		ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
	}
}

// importRecordsTheConfig imports the object id to addr with config, whose arguments Argil
// does not return: the import is followed by an in-place update that records them (checks:
// the state after it), never by a replacement (a new paid object). Then changed, a changed
// argument, plans a replacement as usual.
func importRecordsTheConfig(addr, id, config, changed string, checks ...statecheck.StateCheck) []tfresource.TestStep {
	return []tfresource.TestStep{
		{
			Config:            config + importBlock(addr, id),
			ConfigPlanChecks:  plansAction(addr, plancheck.ResourceActionUpdate),
			ConfigStateChecks: checks,
		},
		planReplaces(addr, changed),
	}
}

// expectListedIDs checks the ids of the objects in the list attribute attr of addr, in order.
func expectListedIDs(addr, attr string, ids ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), knownvalue.ListExact(checks))
}

// listsIDs is a step that reads the data source at addr with config and checks the ids of the
// objects in its list attribute attr, in order (expectListedIDs).
func listsIDs(config, addr, attr string, ids ...string) tfresource.TestStep {
	return tfresource.TestStep{Config: config, ConfigStateChecks: []statecheck.StateCheck{expectListedIDs(addr, attr, ids...)}}
}

// plansAction is the plan checks of a step whose plan does action to addr and passes the more
// checks (before the apply).
func plansAction(addr string, action plancheck.ResourceActionType, more ...plancheck.PlanCheck) tfresource.ConfigPlanChecks {
	return tfresource.ConfigPlanChecks{PreApply: append([]plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}, more...)}
}

// planReplaces is a plan-only step: config plans to replace addr (destroy, then create).
func planReplaces(addr, config string) tfresource.TestStep {
	return tfresource.TestStep{
		Config:             config,
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
		ConfigPlanChecks: tfresource.ConfigPlanChecks{
			PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)},
		},
	}
}

// refreshPlansCreate is the step after an apply that created addr: remove deletes the object
// outside Terraform, and the refresh drops addr from the state, so that the plan creates it again.
func refreshPlansCreate(addr string, remove func()) tfresource.TestStep {
	return tfresource.TestStep{
		PreConfig:          remove,
		RefreshState:       true,
		ExpectNonEmptyPlan: true,
		RefreshPlanChecks: tfresource.RefreshPlanChecks{
			PostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
		},
	}
}

// adoptedTheLostCreate checks the end of an apply whose create request lost its answer: the
// state of addr holds the one object that list finds at Argil (the workspace's objects of its
// kind; id reads their ids), and route was sent once (why: what a second request would do).
func adoptedTheLostCreate[T any](e *testEmulator, addr, route, why string, list func() ([]T, error), id func(T) string) tfresource.TestCheckFunc {
	return func(s *terraform.State) error {
		stateID, err := stateID(s, addr)
		if err != nil {
			return err
		}
		found, err := list()
		if err != nil {
			return err
		}
		if len(found) != 1 || id(found[0]) != stateID {
			return fmt.Errorf("Argil lists %v, state id %s: want the one object the lost %s created", found, stateID, route)
		}
		if n := e.Count(route); n != 1 {
			return fmt.Errorf("%s received %d times, want 1: %s", route, n, why)
		}
		return nil
	}
}

// expectForgetWarning runs the Delete of r (a resource the Argil API cannot delete) on the
// object of this id and name, and checks that it only warns, once, saying every one of wants.
func expectForgetWarning(t *testing.T, r resource.Resource, id, name string, wants ...string) {
	t.Helper()
	state, _ := schemaNulls(t, r, map[string]tftypes.Value{
		"id":   tftypes.NewValue(tftypes.String, id),
		"name": tftypes.NewValue(tftypes.String, name),
	})
	var resp resource.DeleteResponse
	r.Delete(context.Background(), resource.DeleteRequest{State: state}, &resp)
	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("diagnostics = %v, want exactly one warning", resp.Diagnostics)
	}
	w := resp.Diagnostics.Warnings()[0]
	for _, want := range wants {
		if !strings.Contains(w.Summary()+" "+w.Detail(), want) {
			t.Errorf("warning %q / %q does not say %q", w.Summary(), w.Detail(), want)
		}
	}
}

// schemaNulls returns a value of the resource's schema type with every attribute null except
// those in set.
func schemaNulls(t *testing.T, r resource.Resource, set map[string]tftypes.Value) (tfsdk.State, tfsdk.Config) {
	t.Helper()
	ctx := context.Background()
	var resp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &resp)
	typ, ok := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatalf("the schema's type is %T, want an object", resp.Schema.Type().TerraformType(ctx))
	}
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	raw := tftypes.NewValue(typ, vals)
	return tfsdk.State{Schema: resp.Schema, Raw: raw}, tfsdk.Config{Schema: resp.Schema, Raw: raw}
}

// pngDataURI is a data URI of a plain PNG image of w x h pixels.
func pngDataURI(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	img.Set(0, 0, color.Gray{Y: 10})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}

// nullObject is a value of the schema's type whose attributes are all null.
func nullObject(t *testing.T, typ tftypes.Type) tftypes.Value {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %s is not an object", typ)
	}
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	return tftypes.NewValue(typ, vals)
}

// postCounts is the number of POST requests the emulator received, by route.
func postCounts(e *testEmulator) map[string]int {
	out := map[string]int{}
	for route, n := range e.Counts() {
		if strings.HasPrefix(route, "POST ") {
			out[route] = n
		}
	}
	return out
}

// skipBelowCLI skips the test when the CLI under test, Terraform or OpenTofu, is older than
// major.minor; onlyTerraform also skips it under OpenTofu.
func skipBelowCLI(t *testing.T, major, minor int, onlyTerraform bool) {
	t.Helper()
	product, gotMajor, gotMinor := cliVersion(t)
	if onlyTerraform && product != "Terraform" {
		t.Skipf("needs Terraform >= %d.%d; the CLI under test is %s %d.%d", major, minor, product, gotMajor, gotMinor)
	}
	if gotMajor < major || (gotMajor == major && gotMinor < minor) {
		t.Skipf("needs %s >= %d.%d; the CLI under test is %d.%d", product, major, minor, gotMajor, gotMinor)
	}
}

// catalogGestures are the gestures of every avatar of the emulator's catalog.
var catalogGestures = knownvalue.ListExact([]knownvalue.Check{
	knownvalue.ObjectExact(map[string]knownvalue.Check{"label": knownvalue.StringExact("Wave"), "slug": knownvalue.StringExact("gesture-1"), "start_frame": knownvalue.Float64Exact(0)}),
	knownvalue.ObjectExact(map[string]knownvalue.Check{"label": knownvalue.StringExact("Point"), "slug": knownvalue.StringExact("gesture-2"), "start_frame": knownvalue.Float64Exact(120)}),
	knownvalue.ObjectExact(map[string]knownvalue.Check{"label": knownvalue.StringExact("Nod"), "slug": knownvalue.StringExact("gesture-3"), "start_frame": knownvalue.Float64Exact(240)}),
	knownvalue.ObjectExact(map[string]knownvalue.Check{"label": knownvalue.StringExact("Open hands"), "slug": knownvalue.StringExact("gesture-4"), "start_frame": knownvalue.Float64Exact(360)}),
})

func runStringValidator(v validator.String, value types.String) (bool, string) {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: value}, resp)
	var msgs []string
	for _, d := range resp.Diagnostics {
		msgs = append(msgs, d.Summary()+": "+d.Detail())
	}
	return !resp.Diagnostics.HasError(), strings.Join(msgs, "; ")
}
