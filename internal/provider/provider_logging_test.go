package provider

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// Issue 11: the pages shared by concurrent render waits were read on a context without the
// provider's logger, so tflog dropped their lines: "pages turned off" and the HTTP lines of
// the pages never reached TF_LOG. They go to the provider's logs like every other line.
func TestSharedPageLinesReachTheProviderLogs(t *testing.T) {
	e := startEmulator(t, phases(100*time.Millisecond, 200*time.Millisecond))
	e.SetFaults(emulator.Faults{BadRequest: map[string]string{"GET /videos": "limit must not exceed 50"}})
	c, err := argil.New(argil.Config{BaseURL: e.BaseURL, APIKey: testAPIKey, RequestsPerSecond: -1,
		ListRefresh: true, Logger: tflogLogger{secret: testAPIKey}})
	if err != nil {
		t.Fatal(err)
	}

	var logs syncBuffer
	ctx, cancel := context.WithTimeout(tflogtest.RootLogger(context.Background(), &logs), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for i := range 2 {
		id := e.SeedVideo(emulator.SeedVideo{Name: "shared " + string(rune('a'+i))})
		first, err := c.RenderVideo(ctx, id, argil.RenderArgs{})
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			sched := poll.NewSchedule(poll.Config{MinInterval: 100 * time.Millisecond, MaxInterval: 200 * time.Millisecond, Growth: 0.25}, nil)
			if _, err := c.WaitForRender(ctx, id, first, argil.WaitOptions{Schedule: sched}); err != nil {
				t.Errorf("wait %s: %v", id, err)
			}
		})
	}
	wg.Wait()

	entries, err := tflogtest.MultilineJSONDecode(strings.NewReader(logs.String()))
	if err != nil {
		t.Fatal(err)
	}
	var turnedOff, pageRequest bool
	for _, l := range entries {
		msg, _ := l["@message"].(string)
		if strings.Contains(msg, "refused the video list") && l["@level"] == "warn" {
			turnedOff = true
		}
		if l["path"] == "/videos" && l["method"] == "GET" {
			pageRequest = true
		}
	}
	if !turnedOff {
		t.Errorf("no warning that pages were turned off in the provider's logs:\n%s", logs.String())
	}
	if !pageRequest {
		t.Errorf("no HTTP line of the GET /videos page in the provider's logs:\n%s", logs.String())
	}
	if e.Count("GET /videos") == 0 {
		t.Fatal("no page was requested: the test did not exercise shared pages")
	}
	if strings.Contains(logs.String(), testAPIKey) {
		t.Error("the API key is in the logs")
	}
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
