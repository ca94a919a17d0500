package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccProvider_baseURLMustBeHTTPSOrLoopback(t *testing.T) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
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
		}},
	})
}

func TestAccProvider_missingKeyNamesBothWaysToSetIt(t *testing.T) {
	t.Setenv(EnvAPIKey, "")
	e := newTestEmulator(t, time.Second, time.Second)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "argil" {
  base_url = %q
}
data "argil_video" "x" {
  id = "abc"
}
`, e.BaseURL),
			ExpectError: errorPattern("Missing Argil API key", "ARGIL_API_KEY", "api_key"),
		}},
	})
}

func TestAccProvider_environmentVariables(t *testing.T) {
	e := newTestEmulator(t, 100*time.Millisecond, 100*time.Millisecond)
	id := e.seedIdleVideo("From env")
	t.Setenv(EnvAPIKey, testAPIKey)
	t.Setenv(EnvBaseURL, e.BaseURL)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
data "argil_video" "x" {
  id = %q
}
`, id),
			Check: resource.TestCheckResourceAttr("data.argil_video.x", "name", "From env"),
		}},
	})
}
