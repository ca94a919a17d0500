package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

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

// createdCandidate is an object that a create whose answer was lost may have made.
type createdCandidate struct {
	ID, Name, CreatedAt string
}

// createdSince returns the candidates named name whose creation time is at or after since,
// less a margin for the difference between Argil's clock and ours. A candidate whose creation
// time cannot be read is never returned.
func createdSince(cands []createdCandidate, name string, since time.Time) []createdCandidate {
	const clockSkew = 2 * time.Minute
	var out []createdCandidate
	for _, c := range cands {
		if c.Name != name {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, c.CreatedAt)
		if err != nil || t.Before(since.Add(-clockSkew)) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// describeCandidates lists objects as "id (created ...)" lines for a diagnostic, at most 10.
func describeCandidates(cands []createdCandidate) string {
	sorted := append([]createdCandidate(nil), cands...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].CreatedAt > sorted[j].CreatedAt })
	var b strings.Builder
	for i, c := range sorted {
		if i == 10 {
			fmt.Fprintf(&b, "\n  ... and %d more", len(sorted)-10)
			break
		}
		created := c.CreatedAt
		if created == "" {
			created = "unknown time"
		}
		fmt.Fprintf(&b, "\n  - %s (%q, created %s)", c.ID, c.Name, created)
	}
	return b.String()
}

// adoptLostCreate decides what to do after a create request of a kind of object ("avatar",
// "voice") failed without a clear answer, from the objects listed afterwards (listErr when the
// list failed). It returns the id of the one object of that name created since the request,
// with a warning, or "" after adding an error that says what to do.
func adoptLostCreate(kind, name string, since time.Time, createErr error, listed []createdCandidate, listErr error, diags *diag.Diagnostics) string {
	importHint := fmt.Sprintf("import it (terraform import <address> <%s id>) instead of applying again, which would create another one", kind)
	if listErr != nil {
		diags.AddError(fmt.Sprintf("Argil %s creation outcome unknown", kind), fmt.Sprintf("The request to create %s %q failed without a clear answer, and the %ss "+
			"could not be listed to find out whether it was created.\n\nLook for it in the Argil app. If it exists, %s.\n\nCreate error: %v\nList error: %v",
			kind, name, kind, importHint, createErr, listErr))
		return ""
	}
	found := createdSince(listed, name, since)
	if len(found) == 1 {
		diags.AddWarning(fmt.Sprintf("Adopted the Argil %s of a create request without answer", kind),
			fmt.Sprintf("The request to create %s %q failed without a clear answer (%v), but %s %s of that name was created just now: "+
				"the provider adopted it rather than create another one.", kind, name, createErr, kind, found[0].ID))
		return found[0].ID
	}
	detail := fmt.Sprintf("The request to create %s %q failed without a clear answer, so it may or may not exist.\n\nError: %v\n\n", kind, name, createErr)
	if len(found) == 0 {
		detail += fmt.Sprintf("No %s of that name was created since the request. Run terraform apply again to retry.", kind)
	} else {
		detail += fmt.Sprintf("Several %ss of that name were created since the request:%s\n\nPick the right one and %s.", kind, describeCandidates(found), importHint)
	}
	diags.AddError(fmt.Sprintf("Argil %s creation outcome unknown", kind), detail)
	return ""
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
