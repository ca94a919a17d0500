package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

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

func TestDurationValidatorWithMaximum(t *testing.T) {
	v := durationValidator{min: time.Second, max: 10 * time.Minute}
	for in, ok := range map[string]bool{"1s": true, "10m": true, "3s": true, "999ms": false, "10m1s": false, "1h": false} {
		if got, msg := runStringValidator(v, types.StringValue(in)); got != ok {
			t.Errorf("%q: valid=%v (%s), want %v", in, got, msg, ok)
		}
	}
	if got, msg := runStringValidator(v, types.StringValue("1h")); got || !strings.Contains(msg, "above the maximum of 10m0s") {
		t.Errorf("1h: valid=%v, message %q, want an error naming the maximum", got, msg)
	}
}

func TestIDValidator(t *testing.T) {
	for in, ok := range map[string]bool{
		"3f0c2b9e-8a4d-4a77-9d1e-2c6b1f0e7a55": true,
		"avatar-1":                             true,
		"wh_01HZX":                             true,
		"":                                     true, // left to notBlankValidator
		".":                                    false,
		"..":                                   false,
		"../avatars":                           false,
		"a/b":                                  false,
		`a\b`:                                  false,
		"abc\n":                                false,
		"abc\x1b[2J":                           false,
		"abc\u202e":                            false,
		" abc":                                 false,
		strings.Repeat("a", maxIDLength):       true,
		strings.Repeat("a", maxIDLength+1):     false,
	} {
		got, msg := runStringValidator(idValidator{}, types.StringValue(in))
		if got != ok {
			t.Errorf("%q: ok = %v (%s), want %v", in, got, msg, ok)
		}
		if !ok && (!strings.Contains(msg, "cannot be an Argil id") || strings.ContainsAny(msg, "\n\x1b\u202e")) {
			t.Errorf("%q: message %q should explain, with the id escaped", in, msg)
		}
	}
}
