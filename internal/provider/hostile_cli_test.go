//go:build unix

package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/argil-community/terraform-provider-argil/internal/tfcli"
)

// Issue 14: a server that echoes its input (the key, the callback URL with its token) and
// puts terminal tricks in its error message. What terraform prints and what TF_LOG=TRACE
// records of the provider show neither the key nor the token, nor a control or bidi character
// from the server, nor a forged "Apply complete!" line.
func TestAccSecurity_echoingServerLeaksNothing(t *testing.T) {
	t.Parallel()
	const token = "t0k3n-8f2a91c7"
	const tricks = "\x1b[2K\x1b[1A\r\nApply complete! Resources: 1 added, 0 changed, 0 destroyed.\n\u202egnp.exe\u200b"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet && r.URL.Path == "/v1/videos/vid-1" {
			_, _ = w.Write([]byte(`{"id":"vid-1","name":"Echo","status":"IDLE","moments":[]}`))
			return
		}
		body, _ := io.ReadAll(r.Body)
		var args struct {
			CallbackURL string `json:"callbackUrl"`
		}
		_ = json.Unmarshal(body, &args)
		u, _ := url.Parse(args.CallbackURL)
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"code": 400, "message": fmt.Sprintf(
			"key %s refused for %s (token %s) %s", r.Header.Get("x-api-key"), args.CallbackURL, u.Query().Get("token"), tricks)})
	}))
	defer srv.Close()
	logPath := filepath.Join(t.TempDir(), "trace.log")
	config := fmt.Sprintf(`terraform {
  required_providers {
    argil = {
      source = %q
    }
  }
}

provider "argil" {}

resource "argil_video_render" "test" {
  video_id     = "vid-1"
  callback_url = "https://hooks.example.com/argil?token=%s"
}
`, tfcli.Source(), token)
	cli := newTerraformCLI(t, config, "ARGIL_BASE_URL="+srv.URL+"/v1", "ARGIL_API_KEY="+testAPIKey, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
	apply := cli.Apply()
	if apply.Code == 0 || !strings.Contains(apply.Stderr, "HTTP 400") || !strings.Contains(apply.Stderr, "***") {
		t.Fatalf("want the echoed 400 in the diagnostics, masked; exit %d:\n%s", apply.Code, apply.Output())
	}
	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	// The provider's lines in the log (terraform's own lines quote the configuration, which
	// holds the callback URL as written).
	var providerLines []string
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.Contains(line, "provider.terraform-provider-argil") {
			providerLines = append(providerLines, line)
		}
	}
	if !strings.Contains(strings.Join(providerLines, "\n"), "Argil API request") {
		t.Fatalf("the TRACE log holds no HTTP line of the provider")
	}
	for what, text := range map[string]string{"the diagnostics": apply.Stderr, "the provider's TRACE lines": strings.Join(providerLines, "\n")} {
		for _, secret := range []string{testAPIKey, token} {
			if strings.Contains(text, secret) {
				t.Errorf("%s show %q", what, secret)
			}
		}
		for _, r := range text {
			if r != '\n' && r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) {
				t.Errorf("%s hold the control or format character %U", what, r)
				break
			}
		}
	}
	for _, line := range strings.Split(apply.Output(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "Apply complete!") {
			t.Errorf("a forged line reached the terminal: %q", line)
		}
	}
}
