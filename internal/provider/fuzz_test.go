package provider

// Fuzz tests of every plan-time validator: each accepts exactly what its rule says, never
// panics, and never quotes a secret that a URL carries in its user information or query.
// `go test` runs the seeds and the corpora under testdata/fuzz/.

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// urlCanary stands for a password or a token; every "%s" of a fuzzed pattern becomes it.
const urlCanary = "Zq9canaryPW"

var urlPatterns = []string{
	"https://example.com/hooks/argil", "https://u:%s@example.com/h", "http://u:%s@example.com/h", "ftp://u:%s@h/x",
	"https://u:%s@exa mple.com/", "https://u:%s@[::1/", "http://u:%s@h:port/", "https://u:p@ss:%s/x", "https://u:pa/%s@h/x",
	"http://u:%s?x@h/x", "u:%s@h/x", "https://h/x?token=%s", "http://h/x?token=%s", "https://h/x#%s", "%s", "https://%s@/x",
	"HTTPS://EXAMPLE.COM/%s", "https://h/a b?%s", "http://127.0.0.1:8787/v1", "javascript:%s", "https:%s", "//h/%s",
}

func addURLPatterns(f *testing.F) {
	for _, p := range urlPatterns {
		f.Add(p)
	}
}

// validate runs a string validator on s and returns whether it passed and its messages.
func validate(v validator.String, s string) (bool, string) {
	return runStringValidator(v, types.StringValue(s))
}

// secretOK tells whether a message may contain the canary of in: when the canary sits in the
// scheme or host of a URL that parses (or its path, with pathOK), which messages may show;
// never when it sits only in the user information, query, fragment or opaque part, nor in a
// value that does not parse. Webhook and signed URLs carry their secrets in the path and
// query. (An input with the canary in both kinds of places is inconclusive; other inputs
// cover the secret places alone.)
func secretOK(in string, pathOK bool) bool {
	u, err := url.Parse(in)
	if err != nil || u.Opaque != "" {
		return false
	}
	shown := u.Scheme + u.Host
	if pathOK {
		shown += u.Path
	}
	return strings.Contains(shown, urlCanary)
}

// fuzzURLValidator checks a URL validator: accepted values satisfy accept, and messages never
// quote the canary from a secret place.
func fuzzURLValidator(f *testing.F, v validator.String, pathOK bool, accept func(*url.URL, string) bool) {
	addURLPatterns(f)
	f.Fuzz(func(t *testing.T, pattern string) {
		in := strings.ReplaceAll(pattern, "%s", urlCanary)
		ok, msg := validate(v, in)
		if strings.Contains(msg, urlCanary) && !secretOK(in, pathOK) {
			t.Fatalf("the message for %q quotes the secret: %s", in, msg)
		}
		if !ok {
			return
		}
		u, err := url.Parse(in)
		if err != nil || !accept(u, in) {
			t.Fatalf("accepted %q (parse error %v)", in, err)
		}
	})
}

func absoluteHTTPS(u *url.URL, in string) bool {
	return strings.EqualFold(u.Scheme, "https") && u.Hostname() != "" && !strings.ContainsAny(in, " \t\r\n")
}

func FuzzHTTPSOnlyValidator(f *testing.F) {
	fuzzURLValidator(f, httpsOnlyValidator{why: "Argil only delivers render callbacks over HTTPS"}, false, absoluteHTTPS)
}

func FuzzHTTPSSourceURLValidator(f *testing.F) {
	fuzzURLValidator(f, httpsSourceURL("the image"), false, absoluteHTTPS)
}

func FuzzAudioURLValidator(f *testing.F) {
	fuzzURLValidator(f, audioURLValidator{}, false, func(u *url.URL, in string) bool {
		return (u.Scheme == "https" || u.Scheme == "http") && u.Hostname() != "" && !strings.ContainsAny(in, " \t\r\n")
	})
}

func FuzzBaseURLValidator(f *testing.F) {
	// base_url errors show the path (a base URL's path is /v1, not a secret).
	fuzzURLValidator(f, baseURLValidator{}, true, func(u *url.URL, _ string) bool {
		return u.User == nil && u.RawQuery == "" && (u.Scheme == "https" || (u.Scheme == "http" && argil.IsLoopbackHost(u.Hostname())))
	})
}

func FuzzNotBlankValidator(f *testing.F) {
	for _, s := range []string{"abc", "", " ", "\t\n", "\u00a0", "\u2003x", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok, _ := validate(notBlankValidator{}, s)
		if ok != (strings.TrimSpace(s) != "") {
			t.Fatalf("notBlank(%q) = %v", s, ok)
		}
	})
}

func FuzzDurationValidator(f *testing.F) {
	for _, s := range []string{"30s", "2m", "1h30m", "500ms", "soon", "10", "-5s", "1s", "999ms", "9223372036854775807ns", "1e3s", ".5m", "1µs"} {
		f.Add(s)
	}
	v := durationValidator{min: time.Second}
	f.Fuzz(func(t *testing.T, s string) {
		ok, msg := validate(v, s)
		d, err := time.ParseDuration(s)
		if want := err == nil && d >= time.Second; ok != want {
			t.Fatalf("duration(%q) = %v (%s), want %v", s, ok, msg, want)
		}
	})
}

func FuzzTranscriptLengthValidator(f *testing.F) {
	for _, s := range []string{"Hello.", "", "   ", strings.Repeat("a", argil.MaxTranscriptChars), strings.Repeat("é", argil.MaxTranscriptChars+1), "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok, _ := validate(transcriptLengthValidator{}, s)
		if want := strings.TrimSpace(s) != "" && utf8.RuneCountInString(s) <= argil.MaxTranscriptChars; ok != want {
			t.Fatalf("transcript of %d runes %q: valid=%v, want %v", utf8.RuneCountInString(s), s, ok, want)
		}
	})
}

func FuzzRegexValidator(f *testing.F) {
	for _, s := range []string{"^Emma", "(", "[a-z]+", `\p{L}`, "(?i)x", "a{1001}", "(?P<n>x)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok, _ := validate(regexValidator{}, s)
		_, err := regexp.Compile(s)
		if ok != (err == nil) {
			t.Fatalf("regex(%q) = %v, compile error %v", s, ok, err)
		}
	})
}

func FuzzImageDataURIValidator(f *testing.F) {
	for _, s := range []string{
		"data:image/png;base64,iVBORw0KGgo=", "data:image/png;base64,", "data:image/webp;base64,UklGRg==",
		"data:image/jpeg;base64,/9j/4AAQSkZJRg", "data:image/gif;base64,R0lGOD", "data:image/png;base64,***", "https://x/y.png",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok, _ := validate(imageDataURIValidator{}, s)
		if ok && !imageDataURIPrefix.MatchString(s) {
			t.Fatalf("accepted %q without the data:image/...;base64, prefix", s)
		}
	})
}

func FuzzVideoExtrasValidator(f *testing.F) {
	f.Add("team", "growth")
	f.Add(argil.RequestIDExtraKey, "x")
	f.Add("k", strings.Repeat("v", argil.MaxExtraValueChars+1))
	f.Add("", "")
	f.Fuzz(func(t *testing.T, key, value string) {
		m, diags := types.MapValue(types.StringType, map[string]attr.Value{key: types.StringValue(value)})
		if diags.HasError() {
			t.Fatal(diags)
		}
		resp := &validator.MapResponse{}
		videoExtrasValidator{}.ValidateMap(context.Background(), validator.MapRequest{Path: path.Root("extras"), ConfigValue: m}, resp)
		want := key != argil.RequestIDExtraKey && utf8.RuneCountInString(value) <= argil.MaxExtraValueChars
		if ok := !resp.Diagnostics.HasError(); ok != want {
			t.Fatalf("extras {%q: %d runes}: valid=%v, want %v", key, utf8.RuneCountInString(value), ok, want)
		}
	})
}
