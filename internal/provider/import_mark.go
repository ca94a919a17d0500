package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The import mark: an imported resource knows only what Argil returns, not the inputs it was
// created from (an avatar's image, a voice's audio URL, a video's model, ...). ImportState
// marks it in the private state, and the plan modifiers here let the first apply after the
// import record those inputs from the configuration instead of replacing the object.

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

// refuseNewWithoutSource is the ModifyPlan of a resource created from a source that Argil
// never returns (attr: an asset's url, a voice's audio_url): it refuses at plan time a new
// object without it, before anything is deleted or forgotten. A new object is a create, or a
// change for which replaces(plan, state) is true, on an object imported without its source.
// kind names the object ("voice"); M is the resource's model.
func refuseNewWithoutSource[M any](ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, kind, attr string, replaces func(plan, state *M) bool) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var source types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(attr), &source)...)
	if resp.Diagnostics.HasError() || !source.IsNull() {
		return
	}
	what := "Creating a " + kind
	if !req.State.Raw.IsNull() {
		var plan, state M
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() || !replaces(&plan, &state) {
			return
		}
		what = "This change creates a new " + kind + ", which"
	}
	resp.Diagnostics.AddAttributeError(path.Root(attr), "Missing "+attr,
		fmt.Sprintf("%s needs %s. Argil does not return it, so a %s imported without it can leave it out only as long as "+
			"nothing forces a new %s: set %s.", what, attr, kind, kind, attr))
}

// subtitlesReplaceUnlessImported replaces the video when its subtitles change, except on the
// first plan after an import: the API returns only subtitles.enable (off reads as no
// subtitles), so style_id, position and size that the state does not hold are recorded from
// the configuration.
type subtitlesReplaceUnlessImported struct{}

var _ planmodifier.Object = subtitlesReplaceUnlessImported{}

func (subtitlesReplaceUnlessImported) Description(context.Context) string {
	return "Changing the subtitles forces a new video, except that the first apply after an import records the style, position and size."
}

func (m subtitlesReplaceUnlessImported) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (subtitlesReplaceUnlessImported) PlanModifyObject(ctx context.Context, req planmodifier.ObjectRequest, resp *planmodifier.ObjectResponse) {
	if req.State.Raw.IsNull() || req.PlanValue.Equal(req.StateValue) {
		return
	}
	resp.RequiresReplace = true
	if req.PlanValue.IsUnknown() || !wasImported(ctx, req.Private) {
		return
	}
	state, plan := req.StateValue.Attributes(), req.PlanValue.Attributes()
	enabled := func(attrs map[string]attr.Value) bool {
		b, ok := attrs["enable"].(types.Bool)
		return ok && b.ValueBool()
	}
	if enabled(state) != enabled(plan) {
		return
	}
	for _, k := range []string{"style_id", "position", "size"} {
		if v, ok := state[k]; ok && !v.IsNull() && !v.Equal(plan[k]) {
			return
		}
	}
	resp.RequiresReplace = false
}

// importMarked is ImportState for a resource whose state lacks inputs after an import: it
// takes the id and sets the import mark.
func importMarked(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if importID(ctx, req, resp) {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImportedKey, []byte("true"))...)
	}
}

// saveRecordedInputs ends an Update that only records inputs Argil does not return: it saves
// state (a pointer to the model), keeps the identity (id) and clears the import mark, so that
// from now on a change of those inputs replaces the object.
func saveRecordedInputs(ctx context.Context, resp *resource.UpdateResponse, state any, id string) {
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, state, id)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImportedKey, nil)...)
}
