package provider

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// httpsOnlyValidator accepts absolute https:// URLs only, for a reason that is this
// provider's policy (why names it in the error). Its messages show
// only the scheme and host of the URL: webhook URLs often carry their secret in the path
// (https://hooks.example.com/T0/B0/secret) or the query (?token=...), and signed upload URLs
// carry one in the query.
type httpsOnlyValidator struct {
	// why ends the error message, e.g. "this provider only registers HTTPS webhooks".
	why string
}

var _ validator.String = httpsOnlyValidator{}

func (v httpsOnlyValidator) Description(context.Context) string {
	return "must be an absolute https:// URL"
}

func (v httpsOnlyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v httpsOnlyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkHTTPSOnly(req.ConfigValue.ValueString(), v.why); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL", fmt.Sprintf("%s %s.", req.Path, err))
	}
}

// checkHTTPSOnly returns why s is not an absolute https URL, or nil. The error shows at most
// the scheme and host of s, never its user info, path or query.
func checkHTTPSOnly(s, why string) error {
	if strings.ContainsAny(s, " \t\r\n") {
		return fmt.Errorf("contains white space: give an absolute https:// URL such as https://example.com/path")
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" {
		return fmt.Errorf("is not a valid absolute URL: give an absolute https:// URL such as https://example.com/path")
	}
	if u.Scheme == "" || u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("is not an absolute URL (it needs https:// and a host), e.g. https://example.com/path")
	}
	if !strings.EqualFold(u.Scheme, "https") {
		return fmt.Errorf("must use https://, not %s:// (%s): %s", strings.ToLower(u.Scheme), shownURL(u), why)
	}
	return nil
}

// shownURL is the part of u that is safe to print: scheme and host, with "/…" when the
// URL goes on.
func shownURL(u *url.URL) string {
	s := strings.ToLower(u.Scheme) + "://" + u.Host
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		s += "/…"
	}
	return s
}
