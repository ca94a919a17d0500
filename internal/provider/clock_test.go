package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// fastClock runs factor times faster than real time from its creation: Now grows by factor
// seconds per real second, and After(d) fires after d/factor. An emulator (Options.Now) and
// the provider (fastProviderFactories) that share one see renders and polls keep their
// proportions in a fraction of the real time. Terraform's and the requests' own timeouts stay
// real, and so does the rate limit's meaning: factor times the configured rate in real time.
//
// Terraform runs the provider in another process's requests, so testing/synctest cannot fake
// its time; this is the one clock the tests add.
type fastClock struct {
	start  time.Time
	factor float64
}

func newFastClock(factor float64) fastClock { return fastClock{start: time.Now(), factor: factor} }

func (c fastClock) Now() time.Time {
	return c.start.Add(time.Duration(float64(time.Since(c.start)) * c.factor))
}

func (c fastClock) After(d time.Duration) <-chan time.Time {
	return time.After(time.Duration(float64(d) / c.factor))
}

// fastProviderFactories serves, like testAccProtoV6ProviderFactories, a provider whose client
// runs on clock.
func fastProviderFactories(clock poll.Clock) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"argil": providerserver.NewProtocol6WithError(&argilProvider{version: "test", clock: clock}),
	}
}

// A render of 20 minutes on a clock 2,000 times faster than real time: the provider, on the
// same clock, polls it on its schedule (about T/10 s + 13 GETs, far more than the one or two
// GETs the same 0.6 real seconds allow on the real clock) and records render_accepted_at and
// finished_at in the clock's time, 20 minutes apart.
func TestAccVideoRender_injectedClockDrivesTheWait(t *testing.T) {
	t.Parallel()
	clock := newFastClock(2000)
	opts := phases(2*time.Minute, 18*time.Minute)
	opts.Now = clock.Now
	e := startEmulator(t, opts)
	id := e.seedIdleVideo("On a fast clock")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: fastProviderFactories(clock),
		Steps: []resource.TestStep{{
			Config: e.renderConfig("", id, ""),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("argil_video_render.test", "status", "DONE"),
				func(s *terraform.State) error {
					a := s.RootModule().Resources["argil_video_render.test"].Primary.Attributes
					accepted, err1 := time.Parse(time.RFC3339Nano, a["render_accepted_at"])
					finished, err2 := time.Parse(time.RFC3339Nano, a["finished_at"])
					if err1 != nil || err2 != nil {
						return fmt.Errorf("render_accepted_at %q, finished_at %q: %v %v", a["render_accepted_at"], a["finished_at"], err1, err2)
					}
					if d := finished.Sub(accepted); d < 20*time.Minute || d > 30*time.Minute {
						return fmt.Errorf("finished_at - render_accepted_at = %s, want the 20-minute render in the clock's time", d)
					}
					if gets := e.Count("GET /videos/{id}"); gets < 20 {
						return fmt.Errorf("%d GET /videos/{id} during a 20-minute render: the provider did not poll on the injected clock", gets)
					}
					return nil
				},
			),
		}},
	})
}
