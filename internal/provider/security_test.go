package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// secretURLs carry the password "hunter2" in places where a careless error message would
// quote it: user information, URLs that do not parse (a parse error quotes the whole
// input), a password with "/", "?", "@" or ":" in it.
var secretURLs = []string{
	"http://user:hunter2@hooks.example.com/argil",
	"ftp://user:hunter2@hooks.example.com/argil",
	"https://user:hunter2@exa mple.com/argil",
	"https://user:hunter2@[::1/argil",
	"http://user:hunter2@hooks.example.com:port/argil",
	"https://user:p@ss:hunter2/argil",
	"https://user:pa/hunter2@hooks.example.com/argil",
	"http://user:hunter2?x@hooks.example.com/argil",
	"user:hunter2@hooks.example.com/argil",
	"https://user:hunter2@/argil",
	"https://user:hunter2@hooks.example.com/a b",
}

func TestSecurity_validatorsNeverQuoteSecrets(t *testing.T) {
	for _, in := range secretURLs {
		for name, v := range map[string]validator.String{"callback URL": httpsOnlyValidator{why: "Argil only delivers render callbacks over HTTPS"}, "base_url": baseURLValidator{}} {
			ok, msg := runStringValidator(v, types.StringValue(in))
			if ok {
				t.Errorf("%s validator accepts %q", name, in)
			}
			if strings.Contains(msg, "hunter2") {
				t.Errorf("%s validator on %q quotes the password: %s", name, in, msg)
			}
		}
	}
}

func TestSecurity_noProviderSettingTurnsTLSOff(t *testing.T) {
	resp := &provider.SchemaResponse{}
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, resp)
	insecure := regexp.MustCompile(`(?i)insecure|skip|verify|tls|ssl|cert`)
	for name := range resp.Schema.Attributes {
		if insecure.MatchString(name) {
			t.Errorf("provider attribute %q looks like a way to weaken TLS: there must be none", name)
		}
	}
	for _, name := range []string{"max_retries", "request_timeout", "max_requests_per_second"} {
		attr, ok := resp.Schema.Attributes[name]
		if !ok {
			t.Errorf("provider attribute %q is missing", name)
			continue
		}
		if !attr.IsOptional() || !strings.Contains(attr.GetMarkdownDescription(), "Defaults to") {
			t.Errorf("%s must be optional with a documented default", name)
		}
	}
}

// errorWithout returns a TestCase.ErrorCheck that accepts a step's error when it matches
// want and quotes none of the secrets (it is called only for steps without ExpectError), and
// a function that fails the test unless it accepted exactly n errors.
func errorWithout(t *testing.T, want *regexp.Regexp, secrets ...string) (func(error) error, func(n int)) {
	seen := 0
	check := func(err error) error {
		msg := err.Error()
		for _, s := range secrets {
			if strings.Contains(msg, s) {
				return fmt.Errorf("the error quotes %q: %w", s, err)
			}
		}
		if !want.MatchString(msg) {
			return fmt.Errorf("the error does not match %s: %w", want, err)
		}
		seen++
		return nil
	}
	return check, func(n int) {
		t.Helper()
		if seen != n {
			t.Errorf("%d step(s) failed as expected, want %d", seen, n)
		}
	}
}

func TestAccSecurity_callbackURLHTTPSOnlyWithoutCredentialsInErrors(t *testing.T) {
	t.Parallel()
	f := startEmulator(t, shortRender)
	id := f.seedIdle("Callback")
	check, expect := errorWithout(t, errorPattern("Invalid URL", "must use https://"), "hunter2", "s3cr3t-token")
	steps := []resource.TestStep{}
	for _, hook := range []string{"http://user:hunter2@hooks.example.com/argil", "http://hooks.example.com/argil/s3cr3t-token"} {
		// The URL comes from a sensitive variable, as a secret webhook URL should: Terraform
		// hides its value, and the provider's message must not give it away.
		steps = append(steps, resource.TestStep{
			Config: f.providerConfig("") + fmt.Sprintf(`
variable "hook" {
  type      = string
  sensitive = true
  default   = %q
}

resource "argil_video_render" "test" {
  video_id     = %q
  callback_url = var.hook
}
`, hook, id),
			PlanOnly: true,
		})
	}
	accTestCase(t, resource.TestCase{
		ErrorCheck: check,
		Steps:      steps,
	})
	expect(len(steps))
	if n := f.Received(""); n != 0 {
		t.Errorf("%d request(s) reached the API for a configuration refused at plan time", n)
	}
}

func TestAccSecurity_errorBodiesTruncatedInDiagnostics(t *testing.T) {
	t.Parallel()
	f := startEmulator(t, shortRender)
	id := f.seedIdle("Verbose proxy")
	long := "The upstream said: " + strings.Repeat("blah ", 4000) + "END-OF-BODY"
	// Argil (or a proxy) answers the render POST with a 20 KB error message.
	f.SetFaults(emulator.Faults{BadRequest: map[string]string{renderRoute: long}})
	check, expect := errorWithout(t, errorPattern("Cannot start the render", id, "HTTP 400", "…(truncated)"), "END-OF-BODY")
	maxLen := 0
	accTestCase(t, resource.TestCase{
		ErrorCheck: func(err error) error {
			maxLen = max(maxLen, len(err.Error()))
			return check(err)
		},
		Steps: []resource.TestStep{{Config: f.renderConfig("", id, "")}},
	})
	expect(1)
	if maxLen > 4000 {
		t.Errorf("the error output is %d bytes long for a 20 KB body: not truncated", maxLen)
	}
	if r := f.Renders(id); r != 0 {
		t.Errorf("%d render(s) started, want 0", r)
	}
}

func TestAccSecurity_htmlErrorPageTruncatedInDiagnostics(t *testing.T) {
	t.Parallel()
	// Not Argil: a proxy that answers every request with a 20 KB HTML page.
	page := "<html><body>" + strings.Repeat("<p>Bad gateway</p>", 1200) + "END-OF-PAGE</body></html>"
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(page))
	}))
	t.Cleanup(proxy.Close)

	check, expect := errorWithout(t, errorPattern("Cannot read the video to render", "HTTP 502", "<html>", "…(truncated)"), "END-OF-PAGE")
	accTestCase(t, resource.TestCase{
		ErrorCheck: check,
		Steps:      []resource.TestStep{{Config: renderConfigAt(proxy.URL+"/v1", "  max_retries = 0", "vid-1", "")}},
	})
	expect(1)
}
