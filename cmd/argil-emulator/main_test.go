package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// start runs the emulator binary's run() on a free loopback port and returns its base URL.
func start(t *testing.T, args ...string) string {
	t.Helper()
	portFile := filepath.Join(t.TempDir(), "port")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-port-file", portFile}, args...)) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run returned %v after shutdown", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("run did not stop")
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("run stopped early: %v", err)
		default:
		}
		if b, err := os.ReadFile(portFile); err == nil && strings.HasSuffix(string(b), "\n") {
			addr := strings.TrimSpace(string(b))
			if !strings.HasPrefix(addr, "127.0.0.1:") || strings.HasSuffix(addr, ":0") {
				t.Fatalf("port file holds %q", addr)
			}
			return "http://" + addr
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("port file never written")
	return ""
}

func get(t *testing.T, url, key string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if key != "" {
		req.Header.Set("x-api-key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func TestServesTheAPI(t *testing.T) {
	t.Setenv("ARGIL_API_KEY", "from-env")
	seed := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(seed, []byte(`[{"name":"Seeded one","status":"DONE"},{"name":"Seeded two"}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	base := start(t, "-api-key", "k1", "-seed-file", seed, "-created-at-key", "createAt")
	if code, _ := get(t, base+"/v1/videos", "from-env"); code != http.StatusUnauthorized {
		t.Errorf("ARGIL_API_KEY must be ignored, got %d", code)
	}
	code, body := get(t, base+"/v1/videos?nameSearchQuery=seeded", "k1")
	var page struct {
		TotalItems int `json:"totalItems"`
		Videos     []struct {
			Name, Status string
		} `json:"videos"`
	}
	if code != 200 || json.Unmarshal(body, &page) != nil || page.TotalItems != 2 {
		t.Fatalf("list: %d %s", code, body)
	}
	if page.Videos[1].Status != "DONE" || page.Videos[0].Status != "IDLE" {
		t.Errorf("seeded statuses: %+v", page.Videos)
	}
	code, body = get(t, base+"/v1/avatars", "k1")
	var avatars []map[string]any
	if code != 200 || json.Unmarshal(body, &avatars) != nil || len(avatars) == 0 {
		t.Fatalf("avatars: %d %s", code, body)
	}
	if _, ok := avatars[0]["createAt"]; !ok {
		t.Errorf("-created-at-key createAt: avatar %v", avatars[0])
	}
}

func TestFaultFlags(t *testing.T) {
	base := start(t, "-error-rate", "1")
	code, _ := get(t, base+"/v1/videos", "emulator-key")
	if code < 500 {
		t.Errorf("-error-rate 1 gave %d", code)
	}
	base = start(t, "-forbidden-rate", "1")
	if code, _ := get(t, base+"/v1/videos", "emulator-key"); code != http.StatusForbidden {
		t.Errorf("-forbidden-rate 1 gave %d", code)
	}
	base = start(t, "-rate-limit", "1")
	get(t, base+"/v1/videos", "emulator-key")
	if code, _ := get(t, base+"/v1/videos", "emulator-key"); code != http.StatusTooManyRequests {
		t.Errorf("-rate-limit 1: second request got %d", code)
	}
}

func TestRefusesRemoteAddr(t *testing.T) {
	err := run(context.Background(), []string{"-addr", "0.0.0.0:0"})
	if err == nil || !strings.Contains(err.Error(), "allow-remote") {
		t.Fatalf("non-loopback -addr: %v", err)
	}
	if err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-seed-file", "/does/not/exist"}); err == nil {
		t.Errorf("a missing seed file should fail")
	}
	for _, bad := range [][]string{{"-error-rate", "2"}, {"-hang-rate", "-1"}, {"-forbidden-rate", "1.5"}, {"-rate-limit", "-1"}} {
		if err := run(context.Background(), append([]string{"-addr", "127.0.0.1:0"}, bad...)); err == nil {
			t.Errorf("%v should be refused", bad)
		}
	}
	if err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-created-at-key", "created"}); err == nil {
		t.Errorf("a bad -created-at-key should fail")
	}
	for host, want := range map[string]bool{"127.0.0.1": true, "::1": true, "localhost": true, "0.0.0.0": false, "": false, "10.0.0.1": false} {
		if isLoopback(host) != want {
			t.Errorf("isLoopback(%q) = %v", host, !want)
		}
	}
}

// TestNodeReadingFlags checks the switches for the readings of Argil its n8n node allows.
func TestNodeReadingFlags(t *testing.T) {
	seed := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(seed, []byte(`[{"name":"Finished","status":"DONE"}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	base := start(t, "-seed-file", seed, "-finished-reads-idle", "-short-list-items", "-bare-array-list")
	code, body := get(t, base+"/v1/videos", "emulator-key")
	var items []map[string]any
	if code != 200 || json.Unmarshal(body, &items) != nil || len(items) != 1 {
		t.Fatalf("-bare-array-list: %d %s", code, body)
	}
	if items[0]["status"] != "IDLE" || items[0]["videoUrl"] == nil {
		t.Errorf("-finished-reads-idle: a finished render reads %v with videoUrl %v", items[0]["status"], items[0]["videoUrl"])
	}
	for _, k := range []string{"previewUrl", "duration", "aspectRatio"} {
		if _, ok := items[0][k]; ok {
			t.Errorf("-short-list-items: list item has %s", k)
		}
	}
	for _, bad := range [][]string{{"-render-queue", "-1s"}, {"-slow-accept", "-1s"}} {
		if err := run(context.Background(), append([]string{"-addr", "127.0.0.1:0"}, bad...)); err == nil {
			t.Errorf("%v should be refused", bad)
		}
	}
}
