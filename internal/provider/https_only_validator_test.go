package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestHTTPSOnlyValidator(t *testing.T) {
	v := httpsOnlyValidator{why: "policy reason"}
	secrets := []string{"hunter2", "xoxsecret", "abc123", "frag-secret", "user"}
	for _, tc := range []struct {
		in   string
		ok   bool
		want string // in the error
	}{
		{in: "https://hooks.example.com/argil?token=abc123", ok: true},
		{in: "HTTPS://hooks.example.com", ok: true},
		{in: "https://127.0.0.1:8443/hooks", ok: true},
		{in: "http://user:hunter2@hooks.example.com/T0/B0/xoxsecret?token=abc123#frag-secret", want: "must use https://, not http:// (http://hooks.example.com/…): policy reason"},
		{in: "http://hooks.example.com", want: "(http://hooks.example.com): policy reason"},
		{in: "ftp://files.example.com/xoxsecret", want: "not ftp://"},
		{in: "hooks.example.com/xoxsecret", want: "is not an absolute URL"},
		{in: "https:///xoxsecret", want: "is not an absolute URL"},
		{in: "https://hooks.example.com/a b", want: "contains white space"},
		{in: "mailto:user@example.com", want: "is not a valid absolute URL"},
		{in: "", want: "is not an absolute URL"},
	} {
		req := validator.StringRequest{Path: path.Root("callback_url"), ConfigValue: types.StringValue(tc.in)}
		var resp validator.StringResponse
		v.ValidateString(context.Background(), req, &resp)
		if tc.ok {
			if resp.Diagnostics.HasError() {
				t.Errorf("%q: unexpected error %v", tc.in, resp.Diagnostics)
			}
			continue
		}
		if !resp.Diagnostics.HasError() {
			t.Errorf("%q: accepted, want an error", tc.in)
			continue
		}
		msg := resp.Diagnostics[0].Detail()
		if !strings.HasPrefix(msg, "callback_url ") || !strings.Contains(msg, tc.want) {
			t.Errorf("%q: error %q, want it to name the attribute and contain %q", tc.in, msg, tc.want)
		}
		for _, s := range secrets {
			if strings.Contains(msg, s) {
				t.Errorf("%q: error %q echoes the secret %q", tc.in, msg, s)
			}
		}
	}
	var resp validator.StringResponse
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("url"), ConfigValue: types.StringUnknown()}, &resp)
	if resp.Diagnostics.HasError() {
		t.Errorf("an unknown value must be left to apply time: %v", resp.Diagnostics)
	}
}
