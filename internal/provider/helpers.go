package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	lschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Small helpers shared by the resources, data sources and list resources: values between the
// client and Terraform, schema pieces, and lists of named objects.

// --- Values -------------------------------------------------------------------------------

// optionalString is s, or null when the API sent none.
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// optionalInt64 is *v, or null when the API sent none.
func optionalInt64(v *int64) types.Int64 {
	if v == nil {
		return types.Int64Null()
	}
	return types.Int64Value(*v)
}

// optionalFloat is the value of an optional argument for the client: nil when not set.
func optionalFloat(v types.Float64) *float64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	f := v.ValueFloat64()
	return &f
}

// nonNilMap is m, or an empty map: a map attribute the API left out is empty, not null.
func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// nullTimeouts is the value of a `timeouts` attribute that sets only `create`, when not set.
func nullTimeouts() timeouts.Value {
	return timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType})}
}

// --- Schemas ------------------------------------------------------------------------------

// computedString is a read-only resource attribute that keeps its value across plans that do
// not replace the resource.
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

// dataString is a read-only data source attribute.
func dataString(desc string) dschema.StringAttribute {
	return dschema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

// codeList renders values for documentation as `a`, `b` or `c`.
func codeList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// importNote is the Import paragraph of a resource's description; extra says what an import
// leaves out or does.
func importNote(typeName, extra string) string {
	return "**Import** by id, or with Terraform or OpenTofu 1.12 and later by `identity = { id = \"...\" }` (the id is the " +
		"whole identity); `terraform query` (Terraform 1.14) finds existing objects with the `" + typeName + "` list " +
		"resource (see [Bring an existing Argil workspace under Terraform](../guides/import-existing-workspace.md)). " + extra
}

// filter is an optional argument that narrows a list: a string, or a map of strings when
// mapValidators is set. A data source and the list resource of the same objects (argil_voices
// and the argil_voice list resource) declare their filters once, as filters.
type filter struct {
	desc          string
	validators    []validator.String
	mapValidators []validator.Map
}

type filters map[string]filter

// oneOf is a string filter that takes one of values.
func oneOf(desc string, values ...string) filter {
	return filter{desc: desc, validators: []validator.String{stringvalidator.OneOf(values...)}}
}

// nameRegex is the name_regex filter of a list of named objects (plural: "avatars").
func nameRegex(plural string) filter {
	return filter{
		desc: "Only " + plural + " whose name matches this regular expression ([RE2 syntax](https://github.com/google/re2/wiki/Syntax); " +
			"not anchored: use `^...$` for a whole-name match, `(?i)` to ignore case).",
		validators: []validator.String{regexValidator{}},
	}
}

// dataSource is the filters as data source attributes, with more attributes added.
func (fs filters) dataSource(more map[string]dschema.Attribute) map[string]dschema.Attribute {
	return filterAttributes(fs, more, func(f filter) dschema.Attribute {
		if f.mapValidators != nil {
			return dschema.MapAttribute{MarkdownDescription: f.desc, Optional: true, ElementType: types.StringType, Validators: f.mapValidators}
		}
		return dschema.StringAttribute{MarkdownDescription: f.desc, Optional: true, Validators: f.validators}
	})
}

// list is the filters as list resource attributes, with more attributes added.
func (fs filters) list(more map[string]lschema.Attribute) map[string]lschema.Attribute {
	return filterAttributes(fs, more, func(f filter) lschema.Attribute {
		if f.mapValidators != nil {
			return lschema.MapAttribute{MarkdownDescription: f.desc, Optional: true, ElementType: types.StringType, Validators: f.mapValidators}
		}
		return lschema.StringAttribute{MarkdownDescription: f.desc, Optional: true, Validators: f.validators}
	})
}

// filterAttributes is the filters fs as attributes of one schema package (made by attribute),
// with more attributes added.
func filterAttributes[A any](fs filters, more map[string]A, attribute func(filter) A) map[string]A {
	attrs := make(map[string]A, len(fs)+len(more))
	for name, f := range fs {
		attrs[name] = attribute(f)
	}
	for name, a := range more {
		attrs[name] = a
	}
	return attrs
}

// --- Lists of named objects -----------------------------------------------------------------

// compileNameRegex compiles an optional name_regex filter (validated at plan time).
func compileNameRegex(v types.String, diags *diag.Diagnostics) *regexp.Regexp {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	re, err := regexp.Compile(v.ValueString())
	if err != nil {
		diags.AddError("Invalid name_regex", err.Error())
	}
	return re
}

// nameMatches tells whether an item's name (read by name) matches re: always when re is nil.
// The one name_regex rule of the data sources (namesMatching) and the list resources.
func nameMatches[T any](re *regexp.Regexp, name func(*T) string) func(T) bool {
	return func(it T) bool { return re == nil || re.MatchString(name(&it)) }
}

// namesMatching returns the items whose name matches re, in order: all of them when re is nil.
func namesMatching[T any](items []T, re *regexp.Regexp, name func(*T) string) []T {
	if re == nil {
		return items
	}
	matches := nameMatches(re, name)
	out := make([]T, 0, len(items))
	for _, it := range items {
		if matches(it) {
			out = append(out, it)
		}
	}
	return out
}

// findNamed reads a list of named objects with fetch and keeps those whose name (read by name)
// matches the name_regex filter nameRegex. On an error it adds a diagnostic (plural names the
// objects: "avatars") and returns nil.
func findNamed[T any](nameRegex types.String, diags *diag.Diagnostics, plural string, name func(*T) string, fetch func() ([]T, error)) []T {
	re := compileNameRegex(nameRegex, diags)
	if diags.HasError() {
		return nil
	}
	all, err := fetch()
	if err != nil {
		addListError(diags, plural, err)
		return nil
	}
	return namesMatching(all, re, name)
}

// objectList is a list attribute value of one object (of attrTypes) per item, built by model.
func objectList[T any](ctx context.Context, items []T, attrTypes map[string]attr.Type, model func(*T) (any, diag.Diagnostics)) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(items))
	for i := range items {
		m, d := model(&items[i])
		diags.Append(d...)
		obj, d := types.ObjectValueFrom(ctx, attrTypes, m)
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(types.ObjectType{AttrTypes: attrTypes}, elems)
	diags.Append(d...)
	return list, diags
}

// displayName is what `terraform query` shows of an object: its name, or its id when it has none.
func displayName(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// namedLookup is how the argil_avatar and argil_voice data sources find their object: by id,
// or by its exact name in the list of the objects the API key can use. kind names the object
// ("avatar"); idName reads an item's id and name; errorDetail explains an error of get.
type namedLookup[T any] struct {
	kind        string
	get         func(context.Context, string) (*T, error)
	list        func(context.Context) ([]T, error)
	idName      func(*T) (string, string)
	errorDetail func(id, name, doing string, err error) string
}

// find returns the object with this id (when id is set) or this name, or nil after adding an
// error that says what to do.
func (l namedLookup[T]) find(ctx context.Context, id, name types.String, diags *diag.Diagnostics) *T {
	if !id.IsNull() {
		obj, err := l.get(ctx, id.ValueString())
		if err != nil {
			diags.AddError("Cannot read the Argil "+l.kind, l.errorDetail(id.ValueString(), "", "reading it", err))
			return nil
		}
		return obj
	}
	items, err := l.list(ctx)
	if err != nil {
		diags.AddError(fmt.Sprintf("Cannot list the Argil %ss", l.kind),
			listErrorDetail(fmt.Sprintf("%ss to find the one named %q", l.kind, name.ValueString()), err))
		return nil
	}
	i, summary, detail := pickByName(l.kind, name.ValueString(), len(items), func(i int) (string, string) { return l.idName(&items[i]) })
	if i < 0 {
		diags.AddAttributeError(path.Root("name"), summary, fmt.Sprintf("%s\n\nTo search, use the argil_%ss data source with name_regex; "+
			"to pick one %s for sure, give its id.", detail, l.kind, l.kind))
		return nil
	}
	return &items[i]
}

// pickByName returns the index of the one of n items named name, or -1 with an error summary
// and detail: none has this name (listing the names that differ only in case or spaces), or
// several do (listing their ids).
func pickByName(kind, name string, n int, idName func(int) (string, string)) (int, string, string) {
	var exact, similar []int
	fold := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	for i := range n {
		switch _, itemName := idName(i); {
		case itemName == name:
			exact = append(exact, i)
		case fold(itemName) == fold(name):
			similar = append(similar, i)
		}
	}
	switch len(exact) {
	case 1:
		return exact[0], "", ""
	case 0:
		detail := fmt.Sprintf("None of the %d %ss this API key can use is named exactly %q.", n, kind, name)
		if len(similar) > 0 {
			detail += " Names that differ only in case or spaces:"
			for _, i := range similar {
				id, itemName := idName(i)
				detail += fmt.Sprintf("\n  - %q (id %s)", itemName, id)
			}
		}
		return -1, fmt.Sprintf("No Argil %s named %q", kind, name), detail
	}
	detail := fmt.Sprintf("%d %ss are named %q:", len(exact), kind, name)
	for _, i := range exact {
		id, _ := idName(i)
		detail += fmt.Sprintf("\n  - %s", id)
	}
	return -1, fmt.Sprintf("Several Argil %ss are named %q", kind, name), detail + "\n\nGive the id of the one you want instead of its name."
}
