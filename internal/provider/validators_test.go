package provider

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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

func validateImage(value string) (errs, warns []string) {
	var resp validator.StringResponse
	imageDataURIValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("image_base64"), ConfigValue: types.StringValue(value)}, &resp)
	for _, d := range resp.Diagnostics.Errors() {
		errs = append(errs, d.Summary()+": "+d.Detail())
	}
	for _, d := range resp.Diagnostics.Warnings() {
		warns = append(warns, d.Summary()+": "+d.Detail())
	}
	return errs, warns
}

func TestImageDataURIValidator(t *testing.T) {
	big := "data:image/webp;base64," + base64.StdEncoding.EncodeToString(make([]byte, 10<<20+1))
	cases := []struct {
		name      string
		value     string
		err, warn string // expected substrings; "" means none
	}{
		{"16:9 720p PNG", pngDataURI(t, 1280, 720), "", ""},
		{"9:16 PNG", pngDataURI(t, 720, 1280), "", ""},
		{"square PNG", pngDataURI(t, 1000, 1000), "", "1000x1000: its aspect ratio is neither 16:9 nor 9:16"},
		{"tiny PNG", pngDataURI(t, 320, 180), "", "smaller than 720p"},
		{"webp is not decoded", "data:image/webp;base64,UklGRg==", "", ""},
		{"jpeg label on PNG bytes is still read", strings.Replace(pngDataURI(t, 1280, 720), "image/png", "image/jpeg", 1), "", ""},
		{"not an image", "data:image/png;base64," + base64.StdEncoding.EncodeToString([]byte("hello")), "", "could not be read as PNG or JPEG"},
		{"gif", "data:image/gif;base64,R0lGODlh", "data:image/png;base64,", ""},
		{"no prefix", "iVBORw0KGgo=", "starts with", ""},
		{"bad base64", "data:image/png;base64,@@@", "not valid base64", ""},
		{"empty", "data:image/png;base64,", "no image data", ""},
		{"over 10 MB", big, "Argil accepts at most 10 MB", ""},
		{"unpadded base64", "data:image/webp;base64,UklGRg", "", ""},
	}
	for _, tc := range cases {
		errs, warns := validateImage(tc.value)
		check := func(kind string, got []string, want string) {
			if want == "" {
				if len(got) != 0 {
					t.Errorf("%s: unexpected %s %q", tc.name, kind, got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], want) {
				t.Errorf("%s: %s %q, want one containing %q", tc.name, kind, got, want)
			}
		}
		check("errors", errs, tc.err)
		check("warnings", warns, tc.warn)
	}
}

func TestHTTPSSourceURLValidator(t *testing.T) {
	cases := map[string]string{
		"https://cdn.example.com/a.mp3":             "",
		"http://cdn.example.com/a.mp3":              "must use https://, not http:// (http://cdn.example.com/…): Argil downloads the audio over HTTPS only",
		"https:///a.mp3":                            "not an absolute URL (it needs https:// and a host)",
		"https://cdn.example.com/my file.mp3":       "white space",
		"https://user:secret@cdn.example.com/a.mp3": "",
		"ftp://user:secret@cdn.example.com/a.mp3":   "must use https://",
		"%zz": "not a valid absolute URL",
	}
	for value, want := range cases {
		var resp validator.StringResponse
		httpsSourceURL("the audio").ValidateString(context.Background(), validator.StringRequest{Path: path.Root("audio_url"), ConfigValue: types.StringValue(value)}, &resp)
		var got string
		for _, d := range resp.Diagnostics.Errors() {
			got += d.Detail()
		}
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%q: error %q, want %q", value, got, want)
		}
		if strings.Contains(got, "secret") {
			t.Errorf("%q: the error %q shows the URL's password", value, got)
		}
	}
}

func TestAvatarImageDimensionProblem(t *testing.T) {
	cases := map[[2]int]string{
		{1280, 720}: "", {720, 1280}: "", {3840, 2160}: "", {2160, 3840}: "", {1920, 1080}: "",
		{1024, 768}: "neither 16:9 nor 9:16", {640, 360}: "smaller than 720p", {7680, 4320}: "larger than 4K",
	}
	for wh, want := range cases {
		got := avatarImageDimensionProblem(wh[0], wh[1])
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%dx%d: %q, want %q", wh[0], wh[1], got, want)
		}
	}
}
