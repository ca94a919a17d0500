package provider

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

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
		httpsSourceURLValidator{what: "the audio"}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("audio_url"), ConfigValue: types.StringValue(value)}, &resp)
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
