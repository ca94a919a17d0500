package provider

import (
	"fmt"
	"net/http/httptest"
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
)

// testAPIKey is the key the test emulators accept. It doubles as a canary: it must never show
// up in logs, state or errors.
const testAPIKey = "canary-4d1f7e-do-not-log"

// testAccProtoV6ProviderFactories serves the provider in-process to the Terraform CLI.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"argil": providerserver.NewProtocol6WithError(New("test")()),
}

func TestMain(m *testing.M) {
	// Acceptance tests use the terraform on PATH and never download one.
	if os.Getenv("TF_ACC") != "" && os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
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
	os.Exit(code)
}

// testAccPreCheck refuses to run acceptance tests that would make the test harness download
// Terraform.
func testAccPreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC_TERRAFORM_VERSION") != "" {
		t.Fatal("TF_ACC_TERRAFORM_VERSION is set: it makes terraform-plugin-testing download Terraform. Unset it; the tests use the terraform on PATH or TF_ACC_TERRAFORM_PATH.")
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Fatal("no terraform found: put terraform on PATH or set TF_ACC_TERRAFORM_PATH")
	}
}

// testEmulator is an Argil emulator on loopback for one test.
type testEmulator struct {
	*emulator.Emulator
	BaseURL string
}

// newTestEmulator starts an emulator whose renders take audio+video phases.
func newTestEmulator(t *testing.T, audio, video time.Duration) *testEmulator {
	t.Helper()
	e := emulator.New(emulator.Options{APIKey: testAPIKey, AudioPhase: audio, VideoPhase: video})
	srv := httptest.NewServer(e)
	t.Cleanup(func() {
		srv.Close()
		e.Close()
	})
	return &testEmulator{Emulator: e, BaseURL: srv.URL + "/v1"}
}

// totalRequests counts every API request the emulator received.
func (e *testEmulator) totalRequests() int {
	n := 0
	for _, c := range e.Counts() {
		n += c
	}
	return n
}

// providerConfig points the provider at the emulator.
func (e *testEmulator) providerConfig() string {
	return fmt.Sprintf(`
provider "argil" {
  api_key  = %q
  base_url = %q
}
`, testAPIKey, e.BaseURL)
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
