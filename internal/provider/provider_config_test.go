package provider

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

func TestAccProvider_baseURLMustBeHTTPSOrLoopback(t *testing.T) {
	t.Parallel()
	accTest(t, tfresource.TestStep{
		Config: `
provider "argil" {
  api_key  = "k"
  base_url = "http://api.argil.ai/v1"
}
data "argil_video" "x" {
  id = "abc"
}
`,
		PlanOnly:    true,
		ExpectError: errorPattern("Invalid base_url", "plain http", "loopback"),
	})
}

func TestAccProvider_missingKeyNamesBothWaysToSetIt(t *testing.T) {
	t.Setenv(EnvAPIKey, "")
	e := startEmulator(t, phases(time.Second, time.Second))
	accTest(t, tfresource.TestStep{
		Config: fmt.Sprintf(`
provider "argil" {
  base_url = %q
}
data "argil_video" "x" {
  id = "abc"
}
`, e.BaseURL),
		ExpectError: errorPattern("Missing Argil API key", "ARGIL_API_KEY", "api_key"),
	})
}

func TestAccProvider_environmentVariables(t *testing.T) {
	e := startEmulator(t, phases(100*time.Millisecond, 100*time.Millisecond))
	id := e.seedIdleVideo("From env")
	t.Setenv(EnvAPIKey, testAPIKey)
	t.Setenv(EnvBaseURL, e.BaseURL)
	accTest(t, tfresource.TestStep{
		Config: fmt.Sprintf(`
data "argil_video" "x" {
  id = %q
}
`, id),
		Check: tfresource.TestCheckResourceAttr("data.argil_video.x", "name", "From env"),
	})
}

// unknownKeyProvider is a provider block whose api_key comes from a resource of the same apply
// (as a key read from a secrets manager would), so it is unknown at plan time.
func unknownKeyProvider(e *testEmulator) string {
	return fmt.Sprintf(`
resource "terraform_data" "key" {
  input = %q
}

provider "argil" {
  api_key  = terraform_data.key.output
  base_url = %q
}
`, testAPIKey, e.BaseURL)
}

// Issue 11: a key known only at apply crashed the plugin in every data source read during plan.
// A resource plans without the API and applies once the key is known.
func TestAccProvider_apiKeyKnownOnlyAtApply_resource(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	accTest(t, tfresource.TestStep{
		Config: unknownKeyProvider(e) + `
resource "argil_webhook" "test" {
  callback_url = "https://hooks.example.com/argil"
  events       = ["VIDEO_GENERATION_SUCCESS"]
}
`,
		Check: tfresource.ComposeAggregateTestCheckFunc(
			tfresource.TestCheckResourceAttrSet("argil_webhook.test", "id"),
			func(*terraform.State) error {
				if n := e.Count("POST /webhooks"); n != 1 {
					return fmt.Errorf("POST /webhooks received %d times, want 1", n)
				}
				return nil
			},
		),
	})
}

// A data source needs the API during plan: with the key unknown, the plan fails with an error
// that names api_key and the ways out, instead of crashing the plugin.
func TestAccProvider_apiKeyKnownOnlyAtApply_dataSource(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	accTest(t, tfresource.TestStep{
		Config: unknownKeyProvider(e) + `
data "argil_voices" "all" {}
`,
		ExpectError: errorPattern("configuration not known yet", "api_key", "known only after apply",
			"data.argil_voices", "ARGIL_API_KEY", "apply the resource it comes from first"),
	})
	if n := e.TotalRequests(); n != 0 {
		t.Errorf("the emulator received %d requests, want none: %v", n, e.Counts())
	}
}

// Every resource and data source, handed the provider data of a configuration whose api_key is
// unknown, refuses to call the API with an error naming api_key (no nil dereference), and the
// methods that need no API (removal from state of what the API cannot delete, import) still work.
func TestProvider_unknownConfigurationNeverCrashes(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	pending := &providerData{unknown: []string{"api_key"}}
	wantErr := func(t *testing.T, what string, diags diag.Diagnostics) {
		t.Helper()
		if !diags.HasError() {
			t.Fatalf("%s: no error", what)
		}
		d := diags.Errors()[0].Detail()
		if !strings.Contains(d, "api_key") || !strings.Contains(d, EnvAPIKey) {
			t.Errorf("%s: the error does not name api_key and %s: %s", what, EnvAPIKey, d)
		}
	}
	for _, newDS := range p.DataSources(ctx) {
		ds := newDS()
		var meta datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "argil"}, &meta)
		t.Run("data."+meta.TypeName, func(t *testing.T) {
			var sch datasource.SchemaResponse
			ds.Schema(ctx, datasource.SchemaRequest{}, &sch)
			var conf datasource.ConfigureResponse
			withConf, ok := ds.(datasource.DataSourceWithConfigure)
			if !ok {
				t.Fatal("the data source has no Configure")
			}
			withConf.Configure(ctx, datasource.ConfigureRequest{ProviderData: pending}, &conf)
			typ := sch.Schema.Type().TerraformType(ctx)
			resp := datasource.ReadResponse{State: tfsdk.State{Schema: sch.Schema, Raw: nullObject(t, typ)}}
			ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: sch.Schema, Raw: nullObject(t, typ)}}, &resp)
			wantErr(t, "Read", resp.Diagnostics)
		})
	}
	for _, newRes := range p.Resources(ctx) {
		r := newRes()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "argil"}, &meta)
		t.Run(meta.TypeName, func(t *testing.T) {
			var sch resource.SchemaResponse
			r.Schema(ctx, resource.SchemaRequest{}, &sch)
			var conf resource.ConfigureResponse
			withConf, ok := r.(resource.ResourceWithConfigure)
			if !ok {
				t.Fatal("the resource has no Configure")
			}
			withConf.Configure(ctx, resource.ConfigureRequest{ProviderData: pending}, &conf)
			typ := sch.Schema.Type().TerraformType(ctx)
			state := func() tfsdk.State { return tfsdk.State{Schema: sch.Schema, Raw: nullObject(t, typ)} }
			plan := tfsdk.Plan{Schema: sch.Schema, Raw: nullObject(t, typ)}

			read := resource.ReadResponse{State: state()}
			r.Read(ctx, resource.ReadRequest{State: state()}, &read)
			wantErr(t, "Read", read.Diagnostics)

			create := resource.CreateResponse{State: state()}
			r.Create(ctx, resource.CreateRequest{Plan: plan, Config: tfsdk.Config{Schema: sch.Schema, Raw: plan.Raw}}, &create)
			wantErr(t, "Create", create.Diagnostics)

			// Update and Delete either need the API (and say so) or not (and must not crash).
			update := resource.UpdateResponse{State: state()}
			r.Update(ctx, resource.UpdateRequest{Plan: plan, State: state(), Config: tfsdk.Config{Schema: sch.Schema, Raw: plan.Raw}}, &update)
			del := resource.DeleteResponse{State: state()}
			r.Delete(ctx, resource.DeleteRequest{State: state()}, &del)

			if imp, ok := r.(resource.ResourceWithImportState); ok {
				resp := resource.ImportStateResponse{State: state()}
				imp.ImportState(ctx, resource.ImportStateRequest{ID: "some-id"}, &resp)
				// (Private state cannot be initialised outside the framework: only the
				// configuration error is checked for.)
				for _, d := range resp.Diagnostics.Errors() {
					if strings.Contains(d.Summary(), "not known yet") {
						t.Errorf("ImportState needs no API but failed: %s", d.Detail())
					}
				}
			}
		})
	}
	withLists, ok := p.(provider.ProviderWithListResources)
	if !ok {
		t.Fatal("the provider has no list resources")
	}
	for _, newList := range withLists.ListResources(ctx) {
		l := newList()
		var meta resource.MetadataResponse
		l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "argil"}, &meta)
		t.Run("list."+meta.TypeName, func(t *testing.T) {
			var sch list.ListResourceSchemaResponse
			l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &sch)
			withConf, ok := l.(list.ListResourceWithConfigure)
			if !ok {
				t.Fatalf("%s cannot be configured", meta.TypeName)
			}
			var conf resource.ConfigureResponse
			withConf.Configure(ctx, resource.ConfigureRequest{ProviderData: pending}, &conf)
			typ := sch.Schema.Type().TerraformType(ctx)
			var stream list.ListResultsStream
			l.List(ctx, list.ListRequest{Config: tfsdk.Config{Schema: sch.Schema, Raw: nullObject(t, typ)}}, &stream)
			var diags diag.Diagnostics
			for result := range stream.Results {
				diags.Append(result.Diagnostics...)
			}
			wantErr(t, "List", diags)
		})
	}
}

// Issue 14: a name that only looks like loopback is not loopback. With HTTP_PROXY set, such a
// base_url used to send the key in clear text to the proxy; it is refused at plan, and
// nothing is sent anywhere.
func TestAccProvider_namesThatLookLikeLoopbackAreRefusedAtPlan(t *testing.T) {
	var received atomic.Int32
	spy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		received.Add(1)
		w.WriteHeader(http.StatusNotFound)
	}))
	defer spy.Close()
	t.Setenv("HTTP_PROXY", spy.URL)
	t.Setenv("http_proxy", spy.URL)
	_, port, err := net.SplitHostPort(spy.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"evil.localhost", "localhost."} {
		accTest(t, tfresource.TestStep{
			Config: fmt.Sprintf(`
provider "argil" {
  api_key  = %q
  base_url = "http://%s:%s/v1"
}
data "argil_voices" "all" {}
`, testAPIKey, host, port),
			PlanOnly:    true,
			ExpectError: errorPattern("Invalid base_url", "plain http", "exactly localhost"),
		})
	}
	if n := received.Load(); n != 0 {
		t.Errorf("%d request(s) reached the proxy or the server, want none", n)
	}
}

// Issue 14: ids go into URL paths. A dot segment, a slash or a control character in any id
// argument is refused at plan time, before any request; so is such an import id.
func TestAccIDs_dotSegmentsAndControlCharactersRefusedAtPlan(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, phases(time.Second, time.Second))
	for _, body := range []string{
		`data "argil_video" "x" { id = ".." }`,
		`data "argil_asset" "x" { id = "../assets" }`,
		`data "argil_avatar" "x" { id = "." }`,
		`data "argil_voice" "x" { id = "v\u001b[2J" }`,
		`data "argil_video_subtitles" "x" { video_id = "a/b" }`,
		`data "argil_videos" "x" { avatar_id = "..\\videos" }`,
		`resource "argil_video_render" "x" { video_id = "..\n" }`,
		`resource "argil_avatar" "x" {
  name      = "a"
  image_url = "https://example.com/a.png"
  voice_id  = "\u202eevil"
}`,
		`resource "argil_video" "x" {
  name = "v"
  moments = [{ avatar_id = "..", transcript = "Hello." }]
}`,
	} {
		accTest(t, tfresource.TestStep{
			Config:      e.providerConfig("") + body,
			PlanOnly:    true,
			ExpectError: errorPattern("Invalid id", "cannot be an Argil id"),
		})
	}
	accTest(t, tfresource.TestStep{
		Config: e.providerConfig("") + `resource "argil_webhook" "x" {
  callback_url = "https://hooks.example.com/argil"
  events       = ["VIDEO_GENERATION_SUCCESS"]
}`,
		ResourceName:  "argil_webhook.x",
		ImportState:   true,
		ImportStateId: "../webhooks",
		ExpectError:   errorPattern("Invalid import id", "contains a slash"),
	})
	if n := e.TotalRequests(); n != 0 {
		t.Errorf("the emulator received %d requests, want none: %v", n, e.Counts())
	}
}

// Issue 13: a base_url where nothing listens fails within seconds with an error that names
// base_url and the attempts; a base_url without /v1 says so, and a refresh through it does not
// take the 404 for a deleted object (which would plan a new one).
func TestAccProvider_wrongBaseURLsAreExplained(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/v1"
	l.Close()
	accTest(t, tfresource.TestStep{
		Config: fmt.Sprintf(`
provider "argil" {
  api_key  = %q
  base_url = %q
}
data "argil_voices" "all" {}
`, testAPIKey, closed),
		ExpectError: errorPattern("nothing answers at base_url "+closed, "connection refused", "3 attempts", "Check base_url"),
	})

	e := startEmulator(t, phases(100*time.Millisecond, 100*time.Millisecond))
	render := fmt.Sprintf(`
resource "argil_video_render" "x" {
  video_id = %q
}
`, e.seedIdleVideo("Wrong root"))
	noVersion := fmt.Sprintf(`
provider "argil" {
  api_key  = %q
  base_url = %q
}
`, testAPIKey, strings.TrimSuffix(e.BaseURL, "/v1"))
	accTest(t,
		tfresource.TestStep{Config: e.providerConfig("") + render},
		// The refresh reads GET /videos/{id} at the wrong root: an error, not a
		// render gone from state (which would plan, and pay for, a new one).
		planFails(noVersion+render, "HTTP 404", "has no version suffix", "the API root ends with /v1"),
		tfresource.TestStep{Config: e.providerConfig("") + render, PlanOnly: true}, // still in state, nothing to do
	)
	if n := e.Count("POST /videos/{id}/render"); n != 1 {
		t.Errorf("POST /videos/{id}/render received %d times, want 1", n)
	}
}
