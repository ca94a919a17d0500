package argil_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

const emuKey = "wait-test-key"

// startEmu serves an emulator configured by opts (its API key set to emuKey) in-process,
// through wrap when not nil, and returns a client of it (retries 10 to 50 ms apart) that mod
// adjusts. In-process means no socket: a test may run in a synctest bubble, where the client's
// waits and the emulator's renders share the bubble's fake time.
func startEmu(t *testing.T, opts emulator.Options, mod func(*argil.Config), wrap func(http.Handler) http.Handler) (*emulator.Emulator, *argil.Client) {
	t.Helper()
	opts.APIKey = emuKey
	e := emulator.New(opts)
	t.Cleanup(e.Close)
	var h http.Handler = e
	if wrap != nil {
		h = wrap(e)
	}
	cfg := argil.Config{BaseURL: "http://127.0.0.1/v1", APIKey: emuKey, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond,
		HTTPClient: argil.InProcess(h)}
	if mod != nil {
		mod(&cfg)
	}
	c, err := argil.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e, c
}

// startEmulator starts an emulator whose renders take audio+video, and a client of it.
func startEmulator(t *testing.T, audio, video time.Duration) (*emulator.Emulator, *argil.Client) {
	return startEmu(t, emulator.Options{AudioPhase: audio, VideoPhase: video, Seed: 1}, nil, nil)
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
	synctest.Test(t, func(t *testing.T) {
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
	})
}

func TestWaitForRenderReportsFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
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
	})
}

func TestWaitForRenderRidesOutServerErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
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
	})
}

// Every wait ends with a *WaitTimeoutError wrapping DeadlineExceeded when ctx ends first, and
// returns the last observation.
func TestEveryWaitStopsAtTheDeadline(t *testing.T) {
	type waited struct {
		status string
		err    error
	}
	for _, tc := range []struct {
		kind, want string
		wait       func(t *testing.T, ctx context.Context) waited
	}{
		{argil.KindVideo, argil.StatusGeneratingAudio, func(t *testing.T, ctx context.Context) waited {
			e, c := startEmulator(t, 5*time.Second, 5*time.Second)
			id := e.SeedVideo(emulator.SeedVideo{Name: "slow"})
			first, err := c.RenderVideo(context.Background(), id, argil.RenderArgs{})
			if err != nil {
				t.Fatal(err)
			}
			v, err := c.WaitForRender(ctx, id, first, argil.WaitOptions{Schedule: fastSchedule()})
			if v == nil {
				return waited{err: err}
			}
			return waited{v.Status, err}
		}},
		{argil.KindAvatar, argil.AvatarStatusTraining, func(t *testing.T, ctx context.Context) waited {
			_, c := startEmu(t, emulator.Options{AvatarTraining: 10 * time.Second}, nil, nil)
			a, err := c.CreateAvatar(context.Background(), argil.AvatarCreateArgs{Name: "slow", ImageURL: "https://example.com/x.png"})
			if err != nil {
				t.Fatal(err)
			}
			last, err := c.WaitForAvatar(ctx, a.ID, a, argil.WaitOptions{Schedule: fastSchedule()})
			if last == nil {
				return waited{err: err}
			}
			return waited{last.Status, err}
		}},
		{argil.KindAsset, argil.AssetStatusProcessing, func(t *testing.T, ctx context.Context) waited {
			_, c := startEmu(t, emulator.Options{AssetProcessing: 10 * time.Second}, nil, nil)
			created, err := c.CreateAsset(context.Background(), argil.AssetCreateArgs{Name: "slow", Type: argil.AssetTypeVideo, URL: "https://cdn.example.com/slow.mp4"})
			if err != nil {
				t.Fatal(err)
			}
			a, err := c.WaitForAsset(ctx, created.ID, nil, argil.WaitOptions{Schedule: fastSchedule()})
			if a == nil {
				return waited{err: err}
			}
			return waited{a.Status, err}
		}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
				defer cancel()
				got := tc.wait(t, ctx)
				var timeout *argil.WaitTimeoutError
				if !errors.As(got.err, &timeout) || !errors.Is(got.err, context.DeadlineExceeded) {
					t.Fatalf("err = %v, want a WaitTimeoutError wrapping DeadlineExceeded", got.err)
				}
				if got.status != tc.want || timeout.Kind != tc.kind || timeout.Status != tc.want {
					t.Errorf("last %s status %q, error %+v; want the last observation (%s)", tc.kind, got.status, timeout, tc.want)
				}
			})
		})
	}
}

func TestWaitForRenderFailsWhenTheVideoIsDeleted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
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
	})
}
