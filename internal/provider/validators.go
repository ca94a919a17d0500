package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// baseURLValidator checks base_url at plan time with the client's own rule: https, or http on
// a loopback host.
type baseURLValidator struct{}

var _ validator.String = baseURLValidator{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an https URL, or http on a loopback host"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := argil.ValidateBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid base_url", err.Error())
	}
}

// notBlankValidator refuses empty and whitespace-only strings.
type notBlankValidator struct{}

var _ validator.String = notBlankValidator{}

func (notBlankValidator) Description(context.Context) string { return "must not be empty" }

func (v notBlankValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (notBlankValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.TrimSpace(req.ConfigValue.ValueString()) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty value", fmt.Sprintf("%s must not be empty or blank.", req.Path))
	}
}

// durationValidator accepts Go durations ("30s", "2m") of at least min and, when max is not
// zero, at most max.
type durationValidator struct{ min, max time.Duration }

var _ validator.String = durationValidator{}

func (v durationValidator) Description(context.Context) string {
	if v.max > 0 {
		return fmt.Sprintf("must be a duration such as \"30s\" or \"2m\", between %s and %s", v.min, v.max)
	}
	return fmt.Sprintf("must be a duration such as \"30s\" or \"2m\", at least %s", v.min)
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is not a duration: use a number and a unit such as \"30s\", \"2m\" or \"1h30m\".", req.ConfigValue.ValueString()))
		return
	}
	if d < v.min {
		resp.Diagnostics.AddAttributeError(req.Path, "Duration too short", fmt.Sprintf("%s is below the minimum of %s.", d, v.min))
	}
	if v.max > 0 && d > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Duration too long", fmt.Sprintf("%s is above the maximum of %s.", d, v.max))
	}
}

// maxIDLength bounds the ids the provider accepts: Argil's ids are UUIDs (36 characters).
const maxIDLength = 128

// idProblem says why id cannot be an Argil id, or returns "" when it can. The ids go into
// URL paths: a dot segment or a slash would address another resource, and control or format
// characters have no place in an id (a stray newline from file(), a pasted bidi override).
func idProblem(id string) string {
	switch {
	case id == "":
		return "it is empty"
	case len(id) > maxIDLength:
		return fmt.Sprintf("it is %d bytes long, and Argil ids are short (a UUID has 36 characters; at most %d are accepted)", len(id), maxIDLength)
	case id == "." || id == "..":
		return "it is a dot segment, which in a URL path addresses another resource"
	case strings.ContainsAny(id, "/\\"):
		return "it contains a slash, which in a URL path addresses another resource"
	case strings.TrimSpace(id) != id:
		return "it starts or ends with white space"
	}
	for _, r := range id {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return fmt.Sprintf("it contains the control or format character %U", r)
		}
	}
	return ""
}

// idValidator refuses, at plan time, a value that cannot be an Argil id (see idProblem). Blank
// values are left to notBlankValidator.
type idValidator struct{}

var _ validator.String = idValidator{}

func (idValidator) Description(context.Context) string {
	return fmt.Sprintf("must be an Argil id: not . or .., no slash, no control character, at most %d bytes", maxIDLength)
}

func (v idValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (idValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || strings.TrimSpace(req.ConfigValue.ValueString()) == "" {
		return
	}
	id := req.ConfigValue.ValueString()
	if problem := idProblem(id); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid id", fmt.Sprintf("%s %s cannot be an Argil id: %s.", req.Path, quoteID(id), problem))
	}
}

// quoteID quotes an id for a message: escaped, and cut when it is absurdly long.
func quoteID(id string) string {
	if len(id) > maxIDLength {
		id = strings.ToValidUTF8(id[:maxIDLength], "") + "…"
	}
	return strconv.QuoteToASCII(id)
}

// importID checks the id given to terraform import, which no validator sees, and sets it as
// the resource's id. It tells whether the import may go on.
func importID(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) bool {
	id, diags := importedID(ctx, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return false
	}
	if problem := idProblem(id); problem != "" {
		resp.Diagnostics.AddError("Invalid import id", fmt.Sprintf("The import id %s cannot be an Argil id: %s. Give the id of the object, as Argil shows it.", quoteID(id), problem))
		return false
	}
	importByIDOrIdentity(ctx, req, resp)
	return !resp.Diagnostics.HasError()
}
