package provider

import (
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Small helpers shared by the resources and data sources: mapping values between the client
// and Terraform, and writing documentation.

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// computedString is a read-only attribute that keeps its value across plans that do not
// replace the resource (only a change of timeouts does that).
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

func optionalInt64(v *int64) types.Int64 {
	if v == nil {
		return types.Int64Null()
	}
	return types.Int64Value(*v)
}

func optionalFloat(v types.Float64) *float64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	f := v.ValueFloat64()
	return &f
}

// codeList renders values as `a`, `b`, `c` for docs.
func codeList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	return strings.Join(quoted, ", ")
}

// displayName is what `terraform query` shows of an object: its name, or its id when it has none.
func displayName(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// nullTimeouts is the value of a `timeouts` attribute that sets only `create`, when not set.
func nullTimeouts() timeouts.Value {
	return timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType})}
}

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
