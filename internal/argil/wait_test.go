package argil_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

const emuKey = "wait-test-key"

func startEmulator(t *testing.T, audio, video time.Duration) (*emulator.Emulator, *argil.Client) {
	t.Helper()
	e := emulator.New(emulator.Options{APIKey: emuKey, AudioPhase: audio, VideoPhase: video, Seed: 1})
	srv := httptest.NewServer(e)
	t.Cleanup(func() { srv.Close(); e.Close() })
	c, err := argil.New(argil.Config{BaseURL: srv.URL + "/v1", APIKey: emuKey, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return e, c
}

// fastSchedule polls every 100-200ms so that waits on short emulator renders stay short.
func fastSchedule() *poll.Schedule {
	return poll.NewSchedule(poll.Config{MinInterval: 100 * time.Millisecond, MaxInterval: 200 * time.Millisecond, Growth: 0.25}, nil)
}

type statusLog struct {
	mu       sync.Mutex
	statuses []string
}

func (l *statusLog) onChange(_ context.Context, e argil.WaitEvent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.statuses = append(l.statuses, e.Status)
}

func TestWaitForRenderSeesEveryPhaseThenDone(t *testing.T) {
	e, c := startEmulator(t, 300*time.Millisecond, 500*time.Millisecond)
	id := e.SeedVideo(emulator.SeedVideo{Name: "w", Subtitles: true})
	ctx := context.Background()
	first, err := c.RenderVideo(ctx, id, argil.RenderArgs{})
	if err != nil {
		t.Fatal(err)
	}
	var log statusLog
	v, err := c.WaitForRender(ctx, id, first, argil.WaitOptions{Schedule: fastSchedule(), OnChange: log.onChange})
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != argil.StatusDone || v.VideoURL == "" || v.VideoURLSubtitled == "" || v.Duration == nil {
		t.Errorf("final video = %+v, want DONE with both URLs and a duration", v)
	}
	want := []string{"GENERATING_AUDIO", "GENERATING_VIDEO", "DONE"}
	if !slices.Equal(log.statuses, want) {
		t.Errorf("status changes = %v, want %v", log.statuses, want)
	}
	if e.Renders(id) != 1 {
		t.Errorf("renders = %d, want 1", e.Renders(id))
	}
}

func TestWaitForRenderReportsFailure(t *testing.T) {
	e, c := startEmulator(t, 100*time.Millisecond, 200*time.Millisecond)
	id := e.SeedVideo(emulator.SeedVideo{Name: "doomed"})
	e.FailNextRender(id)
	first, err := c.RenderVideo(context.Background(), id, argil.RenderArgs{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.WaitForRender(context.Background(), id, first, argil.WaitOptions{Schedule: fastSchedule()})
	var failed *argil.WaitFailedError
	if !errors.As(err, &failed) || v == nil || v.Status != argil.StatusFailed {
		t.Fatalf("err = %v, video = %+v; want a RenderFailedError with the FAILED video", err, v)
	}
}

func TestWaitForRenderRidesOutServerErrors(t *testing.T) {
	e, c := startEmulator(t, 200*time.Millisecond, 300*time.Millisecond)
	id := e.SeedVideo(emulator.SeedVideo{Name: "flaky"})
	first, err := c.RenderVideo(context.Background(), id, argil.RenderArgs{})
	if err != nil {
		t.Fatal(err)
	}
	e.SetFaults(emulator.Faults{ErrorRate: 0.5})
	v, err := c.WaitForRender(context.Background(), id, first, argil.WaitOptions{Schedule: fastSchedule()})
	if err != nil || v.Status != argil.StatusDone {
		t.Fatalf("err = %v, video = %+v; want DONE despite 50%% of GETs failing", err, v)
	}
	if e.Renders(id) != 1 || e.Count("POST /videos/{id}/render") != 1 {
		t.Errorf("renders = %d, posts = %d; want 1 and 1", e.Renders(id), e.Count("POST /videos/{id}/render"))
	}
}

func TestWaitForRenderStopsAtTheDeadline(t *testing.T) {
	e, c := startEmulator(t, 5*time.Second, 5*time.Second)
	id := e.SeedVideo(emulator.SeedVideo{Name: "slow"})
	first, err := c.RenderVideo(context.Background(), id, argil.RenderArgs{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	v, err := c.WaitForRender(ctx, id, first, argil.WaitOptions{Schedule: fastSchedule()})
	var timeout *argil.WaitTimeoutError
	if !errors.As(err, &timeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a WaitTimeoutError wrapping DeadlineExceeded", err)
	}
	if v == nil || v.Status != argil.StatusGeneratingAudio {
		t.Errorf("last video = %+v, want the last observation (GENERATING_AUDIO)", v)
	}
}

func TestWaitForRenderFailsWhenTheVideoIsDeleted(t *testing.T) {
	e, c := startEmulator(t, time.Second, time.Second)
	id := e.SeedVideo(emulator.SeedVideo{Name: "gone"})
	first, err := c.RenderVideo(context.Background(), id, argil.RenderArgs{})
	if err != nil {
		t.Fatal(err)
	}
	e.DeleteVideo(id)
	_, err = c.WaitForRender(context.Background(), id, first, argil.WaitOptions{Schedule: fastSchedule()})
	if !argil.IsNotFound(err) {
		t.Fatalf("err = %v, want a 404", err)
	}
}
