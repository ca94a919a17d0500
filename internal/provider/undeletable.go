package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// Helpers for the objects that the Argil API can create and read but neither update nor
// delete: avatars and voices.

// privateImportedKey marks, in a resource's private state, a resource that was imported: the
// inputs that the API never returns (an avatar's image, a voice's audio URL, ...) are unknown
// to its state until the first apply records them from the configuration.
const privateImportedKey = "imported"

// privateGetter is the read side of the framework's private state.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// wasImported tells whether the resource's private state carries the import mark.
func wasImported(ctx context.Context, p privateGetter) bool {
	if p == nil {
		return false
	}
	v, _ := p.GetKey(ctx, privateImportedKey)
	return string(v) == "true"
}

// replaceUnlessImported forces a new resource when an input changes, like RequiresReplace,
// except on the first plan after an import when the state holds no value for it: the API does
// not return this input, so the configuration's value is recorded without a new resource.
type replaceUnlessImported struct{}

var (
	_ planmodifier.String  = replaceUnlessImported{}
	_ planmodifier.Float64 = replaceUnlessImported{}
	_ planmodifier.Bool    = replaceUnlessImported{}
	_ planmodifier.Object  = replaceUnlessImported{}
)

func (replaceUnlessImported) Description(context.Context) string {
	return "Changing this value forces a new resource, except that the first apply after an import records it from the configuration."
}

func (m replaceUnlessImported) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

// requiresReplace is the rule shared by every attribute type.
func (replaceUnlessImported) requiresReplace(ctx context.Context, creating, equal, stateNull bool, private privateGetter) bool {
	if creating || equal {
		return false
	}
	return !stateNull || !wasImported(ctx, private)
}

func (m replaceUnlessImported) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	resp.RequiresReplace = m.requiresReplace(ctx, req.State.Raw.IsNull(), req.PlanValue.Equal(req.StateValue), req.StateValue.IsNull(), req.Private)
}

func (m replaceUnlessImported) PlanModifyFloat64(ctx context.Context, req planmodifier.Float64Request, resp *planmodifier.Float64Response) {
	resp.RequiresReplace = m.requiresReplace(ctx, req.State.Raw.IsNull(), req.PlanValue.Equal(req.StateValue), req.StateValue.IsNull(), req.Private)
}

func (m replaceUnlessImported) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	resp.RequiresReplace = m.requiresReplace(ctx, req.State.Raw.IsNull(), req.PlanValue.Equal(req.StateValue), req.StateValue.IsNull(), req.Private)
}

func (m replaceUnlessImported) PlanModifyObject(ctx context.Context, req planmodifier.ObjectRequest, resp *planmodifier.ObjectResponse) {
	resp.RequiresReplace = m.requiresReplace(ctx, req.State.Raw.IsNull(), req.PlanValue.Equal(req.StateValue), req.StateValue.IsNull(), req.Private)
}

// notDeletedWarning is the warning of a destroy that only forgets the object: Argil has no API
// to delete it.
func notDeletedWarning(kind, id, name string) (string, string) {
	label := id
	if name != "" {
		label = fmt.Sprintf("%s (%q)", id, name)
	}
	return fmt.Sprintf("Argil %s not deleted: it still exists in your Argil workspace", kind),
		fmt.Sprintf("Terraform removed %s %s from its state, but the %s still exists in your Argil workspace: "+
			"the Argil API has no way to delete %ss. Delete it in the Argil app (https://app.argil.ai) if you no longer need it, "+
			"or bring it back under Terraform with terraform import.", kind, label, kind, kind)
}

// replaceSourceIfChanged is the plan modifier of the input an object is created from and that
// the API never returns (a voice's audio_url, an asset's url). Changing it forces a new object,
// except when the state has none (after an import: the configuration's value is only recorded)
// and when the configuration drops it (it only matters to create, so it is only forgotten).
type replaceSourceIfChanged struct{}

var _ planmodifier.String = replaceSourceIfChanged{}

func (replaceSourceIfChanged) Description(context.Context) string {
	return "Changing this value forces a new resource; setting it on an imported resource, or removing it, does not."
}

func (m replaceSourceIfChanged) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (replaceSourceIfChanged) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	resp.RequiresReplace = !req.State.Raw.IsNull() && !req.StateValue.IsNull() && !req.ConfigValue.IsNull() && !req.PlanValue.Equal(req.StateValue)
}

// replacesUnlessImported tells whether any of the (planned, prior) pairs of attributes planned
// with replaceUnlessImported forces a new object.
func replacesUnlessImported(ctx context.Context, private privateGetter, pairs ...[2]attr.Value) bool {
	for _, p := range pairs {
		if (replaceUnlessImported{}).requiresReplace(ctx, false, p[0].Equal(p[1]), p[1].IsNull(), private) {
			return true
		}
	}
	return false
}

// requireSource adds an error at plan time when a new object (a create, or a replacement) would
// have no source to be created from: an object imported without it may keep none only while
// nothing forces a new one. attr is the source attribute, kind the object ("voice").
func requireSource(diags *diag.Diagnostics, creating bool, kind, attr string) {
	what := "Creating a " + kind
	if !creating {
		what = "This change creates a new " + kind + ", which"
	}
	diags.AddAttributeError(path.Root(attr), "Missing "+attr,
		fmt.Sprintf("%s needs %s. Argil does not return it, so a %s imported without it can leave it out only as long as "+
			"nothing forces a new %s: set %s.", what, attr, kind, kind, attr))
}
