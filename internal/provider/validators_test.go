package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func runStringValidator(v validator.String, value types.String) (bool, string) {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: value}, resp)
	var msgs []string
	for _, d := range resp.Diagnostics {
		msgs = append(msgs, d.Summary()+": "+d.Detail())
	}
	return !resp.Diagnostics.HasError(), strings.Join(msgs, "; ")
}

func TestHTTPSOnlyValidatorForCallbacks(t *testing.T) {
	for in, ok := range map[string]bool{
		"https://example.com/hooks/argil":         true,
		"https://example.com:8443/h?token=abc":    true,
		"http://example.com/hook":                 false,
		"example.com/hook":                        false,
		"https:///nohost":                         false,
		"ftp://example.com":                       false,
		"":                                        false,
		"https://exa mple.com/":                   false,
		"https://user:hunter2@example.com/argil":  true,
		"http://user:hunter2@example.com/argil":   false,
		"https://example.com/a b":                 false,
		"HTTPS://EXAMPLE.COM/upper-case-scheme-x": true,
	} {
		got, msg := runStringValidator(httpsOnlyValidator{why: "callbacks"}, types.StringValue(in))
		if got != ok {
			t.Errorf("%q: valid=%v (%s), want %v", in, got, msg, ok)
		}
		if strings.Contains(msg, "hunter2") {
			t.Errorf("%q: the message echoes the password: %s", in, msg)
		}
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		if ok, msg := runStringValidator(httpsOnlyValidator{why: "callbacks"}, v); !ok {
			t.Errorf("null/unknown must pass: %s", msg)
		}
	}
}

func TestNotBlankValidator(t *testing.T) {
	for in, ok := range map[string]bool{"abc": true, "": false, "   ": false, "\t\n": false} {
		if got, _ := runStringValidator(notBlankValidator{}, types.StringValue(in)); got != ok {
			t.Errorf("%q: valid=%v, want %v", in, got, ok)
		}
	}
}

func TestBaseURLValidator(t *testing.T) {
	for in, ok := range map[string]bool{
		"https://api.argil.ai/v1":  true,
		"http://127.0.0.1:8787/v1": true,
		"http://localhost/v1":      true,
		"http://api.argil.ai/v1":   false,
		"http://192.168.1.5/v1":    false,
	} {
		if got, msg := runStringValidator(baseURLValidator{}, types.StringValue(in)); got != ok {
			t.Errorf("%q: valid=%v (%s), want %v", in, got, msg, ok)
		}
	}
}

func TestDurationValidator(t *testing.T) {
	v := durationValidator{min: time.Second}
	for in, ok := range map[string]bool{"30s": true, "2m": true, "1h30m": true, "500ms": false, "soon": false, "10": false, "-5s": false} {
		if got, msg := runStringValidator(v, types.StringValue(in)); got != ok {
			t.Errorf("%q: valid=%v (%s), want %v", in, got, msg, ok)
		}
	}
}
