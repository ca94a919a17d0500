package provider

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/emulator/emulatortest"
	"github.com/argil-community/terraform-provider-argil/internal/tfcli"
)

// testAPIKey is the key the test emulators accept. It doubles as a canary: it must never show
// up in logs, state or errors.
const testAPIKey = "canary-4d1f7e-do-not-log"

// testAccProtoV6ProviderFactories serves the provider in-process to the Terraform CLI.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"argil": providerserver.NewProtocol6WithError(New("test")()),
}

func TestMain(m *testing.M) {
	// Acceptance tests (and the unit tests that run terraform) use the terraform on PATH and
	// never download one, nor ask HashiCorp's checkpoint service for news.
	if os.Getenv("CHECKPOINT_DISABLE") == "" {
		_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if p, err := exec.LookPath("terraform"); err == nil {
			_ = os.Setenv("TF_ACC_TERRAFORM_PATH", p)
		}
	}
	// The in-process provider keeps its render journal in a directory of this run, never in
	// the developer's cache.
	journal, err := os.MkdirTemp("", "argil-render-journal-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_ = os.Setenv(EnvRenderJournalDir, journal)
	code := m.Run()
	_ = os.RemoveAll(journal)
	tfcli.RemoveBuilt()
	os.Exit(code)
}

// testAccPreCheck refuses to run acceptance tests that would make the test harness download
// Terraform.
func testAccPreCheck(t *testing.T) {
	t.Helper()
	if !terraformFound(t) {
		t.Fatal("no terraform found: put terraform on PATH or set TF_ACC_TERRAFORM_PATH")
	}
}

// terraformCLIPreCheck is the PreCheck of a resource.UnitTest, which runs without TF_ACC: it
// skips the test when no terraform is on PATH.
func terraformCLIPreCheck(t *testing.T) {
	t.Helper()
	if !terraformFound(t) {
		t.Skip("no terraform CLI on PATH and TF_ACC_TERRAFORM_PATH is not set")
	}
}

// terraformFound reports whether terraform-plugin-testing has a terraform to run
// (TF_ACC_TERRAFORM_PATH, which TestMain sets from PATH); it fails the test when
// TF_ACC_TERRAFORM_VERSION is set, which would make terraform-plugin-testing download one.
func terraformFound(t *testing.T) bool {
	t.Helper()
	if os.Getenv("TF_ACC_TERRAFORM_VERSION") != "" {
		t.Fatal("TF_ACC_TERRAFORM_VERSION is set: it makes terraform-plugin-testing download Terraform. Unset it; the tests use the terraform on PATH or TF_ACC_TERRAFORM_PATH.")
	}
	return os.Getenv("TF_ACC_TERRAFORM_PATH") != ""
}

// testEmulator is an Argil emulator on loopback for one test (emulatortest.Server), with the
// helpers of these tests.
type testEmulator struct{ *emulatortest.Server }

// startEmulator starts an emulator configured by opts, with the tests' API key (testAPIKey)
// and fault seed (7) unless opts sets them.
func startEmulator(t *testing.T, opts emulator.Options) *testEmulator {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = testAPIKey
	}
	if opts.Seed == 0 {
		opts.Seed = 7
	}
	return &testEmulator{emulatortest.Start(t, opts)}
}

// phases is emulator options whose renders take audio+video.
func phases(audio, video time.Duration) emulator.Options {
	return emulator.Options{AudioPhase: audio, VideoPhase: video}
}

// providerConfig points the provider at the emulator with the tests' key (testAPIKey, even
// when the emulator accepts another one), with extra provider arguments.
func (e *testEmulator) providerConfig(extra string) string { return providerBlock(e.BaseURL, extra) }

// providerBlock is a provider "argil" block for the API at baseURL, with the tests' key and
// extra provider arguments.
func providerBlock(baseURL, extra string) string {
	return fmt.Sprintf(`
provider "argil" {
  api_key  = %q
  base_url = %q
%s
}
`, testAPIKey, baseURL, extra)
}

// seedIdleVideo adds an IDLE video with subtitles and returns its id.
func (e *testEmulator) seedIdleVideo(name string) string {
	return e.SeedVideo(emulator.SeedVideo{
		Name:        name,
		AspectRatio: "16:9",
		Subtitles:   true,
		Extras:      map[string]string{"team": "growth"},
		Moments: []emulator.SeedMoment{
			{Transcript: "Hello from the Argil emulator. This is a test render.", AvatarID: "avatar-1", VoiceID: "voice-1"},
		},
	})
}

// errorPattern matches an error output that contains each phrase, in order. Terraform wraps
// long diagnostic lines, so the spaces in a phrase match any run of white space.
func errorPattern(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		quoted[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, `.*`))
}

// apiClient is a client of the emulator for test set-up and for checks, without a rate limit.
func (e *testEmulator) apiClient(t *testing.T) *argil.Client {
	t.Helper()
	c, err := argil.New(argil.Config{BaseURL: e.BaseURL, APIKey: testAPIKey, RequestsPerSecond: -1, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
