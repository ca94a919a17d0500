package argil_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// loss is what the lossy front does to a POST /v1/videos.
type loss int

const (
	passThrough     loss = iota
	forwardThenDrop      // the emulator creates the video, then the connection is closed without an answer
	forwardThen502       // the emulator creates the video, then a gateway answers 502
	forwardThenHang      // the emulator creates the video, then nothing is answered until the client gives up
	dropBefore           // the body is read, the connection closed: the emulator never sees the request
)

// lossyFront is an HTTP front for an emulator that can lose POST /v1/videos requests or their
// answers, and records the bodies of the POSTs it received.
type lossyFront struct {
	emu *emulator.Emulator

	// ignoreExtrasFilter makes GET /v1/videos ignore extrasFilter, like a server that does not
	// support it.
	ignoreExtrasFilter bool

	mu     sync.Mutex
	next   []loss // applied to the next POSTs, in order; passThrough afterwards
	bodies [][]byte
}

func (f *lossyFront) lose(l ...loss) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next = append(f.next, l...)
}

func (f *lossyFront) posts() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]byte(nil), f.bodies...)
}

func (f *lossyFront) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/videos" {
		if f.ignoreExtrasFilter && r.URL.Path == "/v1/videos" {
			q := r.URL.Query()
			q.Del("extrasFilter")
			r.URL.RawQuery = q.Encode()
		}
		f.emu.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.bodies = append(f.bodies, body)
	mode := passThrough
	if len(f.next) > 0 {
		mode, f.next = f.next[0], f.next[1:]
	}
	f.mu.Unlock()
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	if mode == passThrough {
		f.emu.ServeHTTP(w, r)
		return
	}
	if mode != dropBefore {
		rec := httptest.NewRecorder()
		f.emu.ServeHTTP(rec, r)
	}
	switch mode {
	case forwardThen502:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body>502 Bad Gateway</body></html>"))
	case forwardThenHang:
		<-r.Context().Done()
	default:
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		_ = conn.Close()
	}
}

// startLossyEmulator starts an emulator behind a lossy front and a client for it.
func startLossyEmulator(t *testing.T, mod func(*argil.Config)) (*emulator.Emulator, *lossyFront, *argil.Client) {
	t.Helper()
	e := emulator.New(emulator.Options{APIKey: emuKey, Seed: 1})
	front := &lossyFront{emu: e}
	srv := httptest.NewServer(front)
	t.Cleanup(func() { srv.Close(); e.Close() })
	cfg := argil.Config{BaseURL: srv.URL + "/v1", APIKey: emuKey, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond,
		ReadBackWindow: 150 * time.Millisecond}
	if mod != nil {
		mod(&cfg)
	}
	c, err := argil.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e, front, c
}

func ptr[T any](v T) *T { return &v }

// isNotSeen tells whether err is a *argil.CreateNotSeenError.
func isNotSeen(err error) bool {
	var e *argil.CreateNotSeenError
	return errors.As(err, &e)
}

// fullArgs uses every documented field of VideoCreateArgs.
func fullArgs() argil.VideoCreateArgs {
	return argil.VideoCreateArgs{
		Name: "Quarterly update",
		Moments: []argil.MomentCreateArgs{
			{AvatarID: "avatar-1", Transcript: "Hello, here is our quarter.", VoiceID: "voice-1", GestureSlug: "gesture-2", Zoom: &argil.Zoom{Level: 1.5}},
			{AvatarID: "avatar-1", AudioURL: "https://cdn.example.com/outro.mp3"},
		},
		Subtitles:       &argil.SubtitlesArgs{Enable: true, StyleID: "style-1", Position: "Bottom", Size: "Large"},
		AspectRatio:     "9:16",
		AutoBrolls:      &argil.AutoBrollsArgs{Enable: true, Source: "STOCKS_VIDEO", Intensity: "MEDIUM", Layout: "SPLIT_AVATAR_TOP"},
		BackgroundMusic: &argil.BackgroundMusicArgs{AssetID: "asset-music-1", Volume: ptr(0.3)},
		Model:           "ARGIL_ATOM",
		Extras:          map[string]string{"team": "growth", "campaign": "q3"},
		RequestID:       "3f0c2a4e-8b1d-4c6f-9a2e-5d7b9c1e0f42",
	}
}

func TestCreateVideoSendsTheDocumentedBody(t *testing.T) {
	e, front, c := startLossyEmulator(t, nil)
	ctx := context.Background()
	args := fullArgs()
	v, err := c.CreateVideo(ctx, args)
	if err != nil {
		t.Fatal(err)
	}

	posts := front.posts()
	if len(posts) != 1 {
		t.Fatalf("%d POST /videos, want 1", len(posts))
	}
	var got map[string]any
	if err := json.Unmarshal(posts[0], &got); err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal([]byte(`{
		"name": "Quarterly update",
		"moments": [
			{"avatarId": "avatar-1", "transcript": "Hello, here is our quarter.", "voiceId": "voice-1", "gestureSlug": "gesture-2", "zoom": {"level": 1.5}},
			{"avatarId": "avatar-1", "audioUrl": "https://cdn.example.com/outro.mp3"}
		],
		"subtitles": {"enable": true, "styleId": "style-1", "position": "Bottom", "size": "Large"},
		"aspectRatio": "9:16",
		"autoBrolls": {"enable": true, "source": "STOCKS_VIDEO", "intensity": "MEDIUM", "layout": "SPLIT_AVATAR_TOP"},
		"backgroundMusic": {"assetId": "asset-music-1", "volume": 0.3},
		"model": "ARGIL_ATOM",
		"extras": {"team": "growth", "campaign": "q3", "tf_request_id": "3f0c2a4e-8b1d-4c6f-9a2e-5d7b9c1e0f42"}
	}`), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("POST /videos body =\n%s\nwant the documented VideoCreateArgs with the token in extras", posts[0])
	}

	if v.ID == "" || v.Status != argil.StatusIdle || v.Name != "Quarterly update" || v.AspectRatio != "9:16" {
		t.Errorf("created video = %+v, want an IDLE video named as sent, 9:16", v)
	}
	if v.RequestID() != args.RequestID {
		t.Errorf("RequestID() = %q, want %q", v.RequestID(), args.RequestID)
	}
	if u := argil.UserExtras(v.Extras); !reflect.DeepEqual(u, args.Extras) {
		t.Errorf("UserExtras = %v, want %v (the token stripped)", u, args.Extras)
	}
	if len(v.Moments) != 2 || v.Moments[0].Zoom == nil || v.Moments[0].Zoom.Level != 1.5 || v.Moments[0].GestureSlug != "gesture-2" ||
		v.Moments[1].AudioURL != "https://cdn.example.com/outro.mp3" || v.Subtitles == nil || !v.Subtitles.Enable {
		t.Errorf("created video moments/subtitles = %+v / %+v", v.Moments, v.Subtitles)
	}
	again, err := c.GetVideo(ctx, v.ID)
	if err != nil || again.ID != v.ID || again.RequestID() != args.RequestID {
		t.Errorf("GET the created video = %+v, %v", again, err)
	}
	if n := e.Count("GET /videos"); n != 0 {
		t.Errorf("%d lookups after a create that was answered, want 0", n)
	}
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestCreateVideoDrawsARandomTokenPerCreate(t *testing.T) {
	_, _, c := startLossyEmulator(t, nil)
	args := argil.VideoCreateArgs{Name: "n", Moments: []argil.MomentCreateArgs{{AvatarID: "a", Transcript: "Hi."}}}
	a, err := c.CreateVideo(context.Background(), args)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.CreateVideo(context.Background(), args)
	if err != nil {
		t.Fatal(err)
	}
	if !uuidV4.MatchString(a.RequestID()) || !uuidV4.MatchString(b.RequestID()) || a.RequestID() == b.RequestID() {
		t.Errorf("tokens %q and %q, want two different random UUIDs", a.RequestID(), b.RequestID())
	}
	if argil.UserExtras(a.Extras) != nil {
		t.Errorf("UserExtras = %v, want nil when only the token is there", argil.UserExtras(a.Extras))
	}
}

func TestCreateVideoValidationErrorIsNotAmbiguous(t *testing.T) {
	for name, mutate := range map[string]func(*argil.VideoCreateArgs){
		"zoom 3":                  func(a *argil.VideoCreateArgs) { a.Moments[0].Zoom = &argil.Zoom{Level: 3} },
		"transcript and audioUrl": func(a *argil.VideoCreateArgs) { a.Moments[1].Transcript = "Also text." },
		"501-character transcript": func(a *argil.VideoCreateArgs) {
			a.Moments[0].Transcript = strings.Repeat("é", argil.MaxTranscriptChars+1)
		},
		"aspect ratio not documented": func(a *argil.VideoCreateArgs) { a.AspectRatio = "4:3" },
	} {
		t.Run(name, func(t *testing.T) {
			e, front, c := startLossyEmulator(t, nil)
			args := fullArgs()
			mutate(&args)
			_, err := c.CreateVideo(context.Background(), args)
			if argil.StatusCode(err) != http.StatusBadRequest || argil.IsAmbiguous(err) || isNotSeen(err) {
				t.Fatalf("err = %v, want the emulator's HTTP 400 as it is", err)
			}
			if len(front.posts()) != 1 || e.Count("GET /videos") != 0 {
				t.Errorf("%d POST, %d lookups; want 1 POST and no lookup after a 400", len(front.posts()), e.Count("GET /videos"))
			}
			page, err := c.ListVideos(context.Background(), argil.ListVideosParams{})
			if err != nil || page.TotalItems != 0 {
				t.Errorf("videos after a 400: %+v, %v; want none", page, err)
			}
		})
	}
}

func TestCreateVideoChecksExtrasWithoutARequest(t *testing.T) {
	ten := map[string]string{}
	for _, k := range strings.Split("a b c d e f g h i j", " ") {
		ten[k] = "v"
	}
	for name, tc := range map[string]struct {
		extras map[string]string
		want   string
	}{
		"reserved key":  {map[string]string{argil.RequestIDExtraKey: "mine"}, `extras key "tf_request_id" is reserved`},
		"ten extras":    {ten, "10 extras given, at most 9"},
		"long value":    {map[string]string{"note": strings.Repeat("ü", argil.MaxExtraValueChars+1)}, `extras["note"] has 257 characters, at most 256`},
		"nine are fine": {nil, ""},
	} {
		t.Run(name, func(t *testing.T) {
			e, front, c := startLossyEmulator(t, nil)
			args := fullArgs()
			args.Extras = tc.extras
			if tc.want == "" {
				nine := map[string]string{}
				for k, v := range ten {
					if k != "j" {
						nine[k] = v
					}
				}
				args.Extras = nine
				if _, err := c.CreateVideo(context.Background(), args); err != nil {
					t.Fatalf("9 extras: %v, want them accepted (the token makes 10)", err)
				}
				return
			}
			_, err := c.CreateVideo(context.Background(), args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if len(front.posts()) != 0 || len(e.Counts()) != 0 {
				t.Errorf("requests sent for extras refused locally: %v", e.Counts())
			}
		})
	}
}

func TestCreateVideoLostAnswerAdoptsTheCreatedVideo(t *testing.T) {
	for name, lose := range map[string]func(*emulator.Emulator, *lossyFront){
		"emulator's CreateDropAfterAccept": func(e *emulator.Emulator, _ *lossyFront) {
			e.SetFaults(emulator.Faults{CreateDropAfterAccept: 1})
		},
		"connection dropped after the create": func(_ *emulator.Emulator, f *lossyFront) { f.lose(forwardThenDrop) },
		"502 after the create":                func(_ *emulator.Emulator, f *lossyFront) { f.lose(forwardThen502) },
	} {
		t.Run(name, func(t *testing.T) {
			e, front, c := startLossyEmulator(t, nil)
			e.SeedVideo(emulator.SeedVideo{Name: "someone else's", Extras: map[string]string{argil.RequestIDExtraKey: "another-token"}})
			lose(e, front)
			args := fullArgs()
			v, err := c.CreateVideo(context.Background(), args)
			if err != nil {
				t.Fatalf("err = %v, want the created video adopted", err)
			}
			if len(front.posts()) != 1 || e.Count("POST /videos") != 1 {
				t.Errorf("%d POST at the front, %d at the emulator; want exactly 1 (never posted again)", len(front.posts()), e.Count("POST /videos"))
			}
			mine, err := c.ListAllVideos(context.Background(), argil.ListVideosParams{NameSearchQuery: "Quarterly"})
			if err != nil || len(mine) != 1 || mine[0].ID != v.ID {
				t.Fatalf("videos named Quarterly = %+v (err %v); want exactly the adopted one, %s", mine, err, v.ID)
			}
			if v.RequestID() != args.RequestID || v.Name != "Quarterly update" {
				t.Errorf("adopted video = %+v, want the one carrying token %s", v, args.RequestID)
			}
		})
	}
}

func TestCreateVideoNeverAdoptsAStrangerWhenTheServerIgnoresTheFilter(t *testing.T) {
	e, front, c := startLossyEmulator(t, nil)
	front.ignoreExtrasFilter = true
	stranger := e.SeedVideo(emulator.SeedVideo{Name: "someone else's", Extras: map[string]string{argil.RequestIDExtraKey: "another-token"}})
	e.SeedVideo(emulator.SeedVideo{Name: "no extras"})

	front.lose(dropBefore)
	if _, err := c.CreateVideo(context.Background(), fullArgs()); !isNotSeen(err) {
		t.Fatalf("err = %v, want a *CreateNotSeenError: the listed videos carry other tokens", err)
	}

	front.lose(forwardThenDrop)
	v, err := c.CreateVideo(context.Background(), fullArgs())
	if err != nil || v.ID == stranger || v.Name != "Quarterly update" {
		t.Fatalf("adopted %+v (err %v), want the video just created, not %s", v, err, stranger)
	}
}

func TestCreateVideoLostRequestSaysNoVideoWasCreated(t *testing.T) {
	e, front, c := startLossyEmulator(t, nil)
	front.lose(dropBefore)
	args := fullArgs()
	_, err := c.CreateVideo(context.Background(), args)
	var nc *argil.CreateNotSeenError
	if !errors.As(err, &nc) {
		t.Fatalf("err = %v, want a *CreateNotSeenError", err)
	}
	if nc.Key != args.RequestID || nc.Looks < 3 || nc.Waited < 150*time.Millisecond || !argil.IsAmbiguous(nc.Err) {
		t.Errorf("error = %+v, want the token, lookups over the whole 150ms window and the POST's ambiguous error", nc)
	}
	// The provider cannot know that nothing was created: the message must not claim it.
	for _, part := range []string{"no video seen", "tf_request_id=" + args.RequestID, "later"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not say %q", err, part)
		}
	}
	if len(front.posts()) != 1 || e.Count("POST /videos") != 0 {
		t.Errorf("%d POST at the front, %d at the emulator; want 1 and 0 (never posted again)", len(front.posts()), e.Count("POST /videos"))
	}
	if n := e.Count("GET /videos"); n != nc.Looks {
		t.Errorf("%d lookups at the emulator, the error says %d", n, nc.Looks)
	}
	if strings.Contains(err.Error(), "no video was created") || strings.Contains(err.Error(), "safe to try again") {
		t.Errorf("error %q claims what the client cannot know", err)
	}
}

func TestCreateVideoLookupFailureLeavesTheOutcomeUnknown(t *testing.T) {
	e, front, c := startLossyEmulator(t, func(cfg *argil.Config) { cfg.MaxRetries = 2 })
	front.lose(forwardThenDrop)
	e.SetFaults(emulator.Faults{ErrorRate: 1}) // every GET answers 5xx
	args := fullArgs()
	_, err := c.CreateVideo(context.Background(), args)
	var unknown *argil.CreateUnknownError
	if !errors.As(err, &unknown) || !argil.IsAmbiguous(err) || isNotSeen(err) {
		t.Fatalf("err = %v, want a *CreateUnknownError that is ambiguous", err)
	}
	if unknown.Key != args.RequestID || !strings.Contains(err.Error(), `extrasFilter {"tf_request_id":"`+args.RequestID+`"}`) {
		t.Errorf("error %q does not tell how to find the video", err)
	}
	if len(front.posts()) != 1 {
		t.Errorf("%d POST, want 1", len(front.posts()))
	}
}

func TestCreateVideoInterruptedAfterTheServerActedAdoptsTheVideo(t *testing.T) {
	e, front, c := startLossyEmulator(t, nil)
	front.lose(forwardThenHang)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	v, err := c.CreateVideo(ctx, fullArgs())
	if err != nil {
		t.Fatalf("err = %v, want the video found by its token despite the cancelled context", err)
	}
	if e.Count("POST /videos") != 1 || len(front.posts()) != 1 {
		t.Errorf("%d POST, want 1", e.Count("POST /videos"))
	}
	if _, err := c.GetVideo(context.Background(), v.ID); err != nil {
		t.Errorf("the adopted video %s: %v", v.ID, err)
	}
}

func TestZoomDecodingIsTolerant(t *testing.T) {
	var v argil.Video
	if err := json.Unmarshal([]byte(`{"moments":[{"zoom":{}},{"zoom":{"level":1.5}},{"zoom":2},{"zoom":"big"},{"zoom":null},{}]}`), &v); err != nil {
		t.Fatal(err)
	}
	var levels []float64
	for _, m := range v.Moments {
		if m.Zoom == nil {
			levels = append(levels, -1)
		} else {
			levels = append(levels, m.Zoom.Level)
		}
	}
	if want := []float64{0, 1.5, 2, 0, -1, -1}; !reflect.DeepEqual(levels, want) {
		t.Errorf("zoom levels = %v, want %v (-1: no zoom)", levels, want)
	}
}
