package argil_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// bodyRecorder keeps the body of every request to one route, then hands the request to next.
type bodyRecorder struct {
	next   http.Handler
	method string
	path   string

	mu     sync.Mutex
	bodies []map[string]any
}

func (b *bodyRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == b.method && r.URL.Path == b.path {
		raw, _ := io.ReadAll(r.Body)
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		b.mu.Lock()
		b.bodies = append(b.bodies, m)
		b.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(raw))
	}
	b.next.ServeHTTP(w, r)
}

func (b *bodyRecorder) last(t *testing.T) map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.bodies) == 0 {
		t.Fatalf("no %s %s request was sent", b.method, b.path)
	}
	return b.bodies[len(b.bodies)-1]
}

// startCatalogEmulator starts an emulator with opts (its API key set to emuKey) behind an
// optional body recorder of method+path, and a client for it.
func startCatalogEmulator(t *testing.T, opts emulator.Options, method, path string) (*emulator.Emulator, *argil.Client, *bodyRecorder) {
	var rec *bodyRecorder
	e, c := startEmu(t, opts, nil, func(next http.Handler) http.Handler {
		rec = &bodyRecorder{next: next, method: method, path: path}
		return rec
	})
	return e, c, rec
}

func avatarIDs(list []argil.Avatar) []string {
	ids := make([]string, 0, len(list))
	for _, a := range list {
		ids = append(ids, a.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestListAvatarsReadsTheCatalogAndFilters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, c, _ := startCatalogEmulator(t, emulator.Options{}, "", "")
		ctx := context.Background()
		all, err := c.ListAvatars(ctx, argil.ListAvatarsParams{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{emulator.AvatarEmmaID, emulator.AvatarLiamID, emulator.AvatarSofiaID, emulator.AvatarNoahID}
		if got := avatarIDs(all); !slices.Equal(got, want) {
			t.Fatalf("avatars = %v, want the catalog %v", got, want)
		}
		var emma argil.Avatar
		for _, a := range all {
			if a.ID == emulator.AvatarEmmaID {
				emma = a
			}
		}
		if emma.Name != "Emma (office)" || emma.ActorName != "Emma" || emma.Status != argil.AvatarStatusIdle ||
			emma.Orientation != argil.AvatarOrientationLandscape || emma.Model != argil.AvatarModelV1 ||
			emma.CreatedAt != "2024-01-15T09:00:00Z" || emma.UpdatedAt == "" || emma.ThumbnailURL == "" || emma.CoverImageURL == "" {
			t.Errorf("Emma = %+v", emma)
		}
		if emma.Width == nil || emma.Height == nil || *emma.Width != 1920 || *emma.Height != 1080 {
			t.Errorf("Emma's size = %v x %v, want 1920 x 1080", emma.Width, emma.Height)
		}
		wantGestures := []argil.Gesture{{"Wave", "gesture-1", 0}, {"Point", "gesture-2", 120}, {"Nod", "gesture-3", 240}, {"Open hands", "gesture-4", 360}}
		if !slices.Equal(emma.Gestures, wantGestures) {
			t.Errorf("Emma's gestures = %+v, want %+v", emma.Gestures, wantGestures)
		}

		cases := []struct {
			p    argil.ListAvatarsParams
			want []string
		}{
			{argil.ListAvatarsParams{Orientation: argil.AvatarOrientationPortrait}, []string{emulator.AvatarLiamID, emulator.AvatarNoahID}},
			{argil.ListAvatarsParams{Model: argil.AvatarModelAtom}, []string{emulator.AvatarSofiaID, emulator.AvatarNoahID}},
			{argil.ListAvatarsParams{Orientation: argil.AvatarOrientationLandscape, Model: argil.AvatarModelAtom}, []string{emulator.AvatarSofiaID}},
			{argil.ListAvatarsParams{Visibility: "public"}, want},
			{argil.ListAvatarsParams{Visibility: "private"}, []string{}},
		}
		for _, tc := range cases {
			got, err := c.ListAvatars(ctx, tc.p)
			if err != nil {
				t.Fatalf("%+v: %v", tc.p, err)
			}
			w := slices.Clone(tc.want)
			slices.Sort(w)
			if ids := avatarIDs(got); !slices.Equal(ids, w) {
				t.Errorf("ListAvatars(%+v) = %v, want %v", tc.p, ids, w)
			}
		}
		if _, err := c.ListAvatars(ctx, argil.ListAvatarsParams{Model: "ARGIL_V9"}); argil.StatusCode(err) != 400 {
			t.Errorf("an unknown model filter: err = %v, want the API's HTTP 400", err)
		}
	})
}

func TestGetAvatarAndNotFound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, c, _ := startCatalogEmulator(t, emulator.Options{}, "", "")
		a, err := c.GetAvatar(context.Background(), emulator.AvatarLiamID)
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != emulator.AvatarLiamID || a.Orientation != argil.AvatarOrientationPortrait || *a.Width != 1080 || *a.Height != 1920 {
			t.Errorf("Liam = %+v", a)
		}
		if _, err := c.GetAvatar(context.Background(), "00000000-0000-4000-8000-000000000000"); !argil.IsNotFound(err) {
			t.Errorf("unknown avatar: err = %v, want a 404", err)
		}
	})
}

func TestAvatarAndVoiceReadTheOldCreateAtSpelling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, c, _ := startCatalogEmulator(t, emulator.Options{CreatedAtKey: "createAt"}, "", "")
		ctx := context.Background()
		a, err := c.GetAvatar(ctx, emulator.AvatarEmmaID)
		if err != nil || a.CreatedAt != "2024-01-15T09:00:00Z" {
			t.Errorf("avatar with createAt: CreatedAt = %q (err %v), want 2024-01-15T09:00:00Z", a.CreatedAt, err)
		}
		v, err := c.GetVoice(ctx, emulator.VoiceEmmaID)
		if err != nil || v.CreatedAt != "2024-01-15T09:00:00Z" {
			t.Errorf("voice with createAt: CreatedAt = %q (err %v), want 2024-01-15T09:00:00Z", v.CreatedAt, err)
		}
		list, err := c.ListAvatars(ctx, argil.ListAvatarsParams{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			if a.CreatedAt == "" {
				t.Errorf("listed avatar %s has no CreatedAt with the createAt spelling", a.ID)
			}
		}
	})
}

func TestAvatarDecodingIsTolerant(t *testing.T) {
	raw := `{"id":"a1","name":null,"createAt":"2023-11-07T05:31:56Z","status":"QUEUED_FOR_REVIEW","width":1080.0,"height":null,
		"gestures":[{"label":"Wave","slug":"wave","startFrame":null},{"slug":7}],"extras":{"n":3,"s":"x"},"brandNew":{"x":1},
		"thumbnailUrl":null,"orientation":"ASPECT_RATIO_9_16"}`
	var a argil.Avatar
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		t.Fatal(err)
	}
	if a.ID != "a1" || a.Name != "" || a.CreatedAt != "2023-11-07T05:31:56Z" || a.Status != "QUEUED_FOR_REVIEW" || a.ThumbnailURL != "" {
		t.Errorf("avatar = %+v", a)
	}
	if a.Width == nil || *a.Width != 1080 || a.Height != nil {
		t.Errorf("width/height = %v/%v, want 1080/nil", a.Width, a.Height)
	}
	if len(a.Gestures) != 2 || a.Gestures[0] != (argil.Gesture{Label: "Wave", Slug: "wave"}) || a.Gestures[1].Slug != "7" {
		t.Errorf("gestures = %+v", a.Gestures)
	}
	if a.Extras["n"] != "3" || a.Extras["s"] != "x" {
		t.Errorf("extras = %v, want n=3 (its JSON text) and s=x", a.Extras)
	}
	var both argil.Avatar
	if err := json.Unmarshal([]byte(`{"createdAt":"2024-01-01T00:00:00Z","createAt":"1999-01-01T00:00:00Z"}`), &both); err != nil || both.CreatedAt != "2024-01-01T00:00:00Z" {
		t.Errorf("with both spellings CreatedAt = %q (err %v), want the createdAt value", both.CreatedAt, err)
	}
	if argil.ClassifyAvatar(a.Status) != argil.Unknown {
		t.Errorf("an undocumented, non-failure status is %v, want unknown (keep waiting)", argil.ClassifyAvatar(a.Status))
	}
}

func TestClassifyAvatar(t *testing.T) {
	cases := map[string]argil.Outcome{
		"IDLE": argil.Succeeded, "TRAINING": argil.Pending, "NOT_TRAINED": argil.Pending,
		"TRAINING_FAILED": argil.Failed, "REFUSED": argil.Failed, "MODERATION_REJECTED": argil.Failed,
		"UPLOAD_ERROR": argil.Failed, "QUEUED": argil.Unknown, "": argil.Unknown,
	}
	for status, want := range cases {
		if got := argil.ClassifyAvatar(status); got != want {
			t.Errorf("ClassifyAvatar(%q) = %v, want %v", status, got, want)
		}
	}
}

func TestCreateAvatarFromURLThenWaitUntilIdle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c, rec := startCatalogEmulator(t, emulator.Options{AvatarTraining: 500 * time.Millisecond}, http.MethodPost, "/v1/avatars")
		ctx := context.Background()
		created, err := c.CreateAvatar(ctx, argil.AvatarCreateArgs{
			Name:     "Founder",
			ImageURL: "https://cdn.example.com/founder.jpg",
			VoiceID:  emulator.VoiceLiamID,
			Extras:   map[string]string{"team": "growth"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if created.Status != argil.AvatarStatusTraining || created.ID == "" || created.CreatedAt == "" || created.Extras["team"] != "growth" {
			t.Errorf("created = %+v, want a TRAINING avatar with its id, createdAt and extras", created)
		}
		body := rec.last(t)
		want := map[string]any{
			"type": "IMAGE", "name": "Founder", "datasetImage": map[string]any{"url": "https://cdn.example.com/founder.jpg"},
			"voiceId": emulator.VoiceLiamID, "extras": map[string]any{"team": "growth"},
		}
		if got, _ := json.Marshal(body); string(got) != string(mustJSON(t, want)) {
			t.Errorf("request body = %s, want %s", got, mustJSON(t, want))
		}
		var log statusLog
		done, err := c.WaitForAvatar(ctx, created.ID, created, argil.WaitOptions{Schedule: fastSchedule(), OnChange: log.onChange})
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != argil.AvatarStatusIdle || done.ID != created.ID {
			t.Errorf("after the wait: %+v, want IDLE", done)
		}
		if want := []string{"TRAINING", "IDLE"}; !slices.Equal(log.statuses, want) {
			t.Errorf("status changes = %v, want %v", log.statuses, want)
		}
		if n := e.Count("POST /avatars"); n != 1 {
			t.Errorf("POST /avatars sent %d times, want 1", n)
		}
		private, err := c.ListAvatars(ctx, argil.ListAvatarsParams{Visibility: "private"})
		if err != nil || len(private) != 1 || private[0].ID != created.ID {
			t.Errorf("private avatars = %v (err %v), want only the new one", avatarIDs(private), err)
		}
	})
}

func TestCreateAvatarFromBase64WithoutVoice(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, c, rec := startCatalogEmulator(t, emulator.Options{}, http.MethodPost, "/v1/avatars")
		img := "data:image/png;base64,iVBORw0KGgo="
		a, err := c.CreateAvatar(context.Background(), argil.AvatarCreateArgs{Name: "Inline", ImageBase64: img})
		if err != nil {
			t.Fatal(err)
		}
		body := rec.last(t)
		if got, _ := json.Marshal(body); string(got) != `{"datasetImage":{"base64":"`+img+`"},"name":"Inline","type":"IMAGE"}` {
			t.Errorf("request body = %s: want datasetImage.base64 and no voiceId or extras", got)
		}
		if a.Status != argil.AvatarStatusTraining {
			t.Errorf("status = %q, want TRAINING", a.Status)
		}
	})
}

func TestCreateAvatarNeedsExactlyOneImage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c, _ := startCatalogEmulator(t, emulator.Options{}, "", "")
		for _, args := range []argil.AvatarCreateArgs{
			{Name: "none"},
			{Name: "both", ImageURL: "https://example.com/a.png", ImageBase64: "data:image/png;base64,AAAA"},
		} {
			if _, err := c.CreateAvatar(context.Background(), args); err == nil {
				t.Errorf("%s: no error", args.Name)
			}
		}
		if n := e.Count("POST /avatars"); n != 0 {
			t.Errorf("%d request(s) sent for invalid arguments, want 0", n)
		}
	})
}

func TestWaitForAvatarReportsFailureAndRefusal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c, _ := startCatalogEmulator(t, emulator.Options{AvatarTraining: 300 * time.Millisecond}, "", "")
		ctx := context.Background()
		for _, tc := range []struct {
			knob    func()
			status  string
			refused bool
		}{
			{e.FailNextAvatar, argil.AvatarStatusTrainingFailed, false},
			{e.RefuseNextAvatar, argil.AvatarStatusRefused, true},
		} {
			tc.knob()
			a, err := c.CreateAvatar(ctx, argil.AvatarCreateArgs{Name: "doomed " + tc.status, ImageURL: "https://example.com/x.png"})
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.WaitForAvatar(ctx, a.ID, a, argil.WaitOptions{Schedule: fastSchedule()})
			var failed *argil.WaitFailedError
			if !errors.As(err, &failed) || got == nil || got.Status != tc.status || failed.Refused() != tc.refused {
				t.Errorf("%s: err = %v, avatar = %+v; want an AvatarTrainingError with status %s (refused %v)", tc.status, err, got, tc.status, tc.refused)
			}
		}
	})
}

func TestWaitForAvatarGivesUpOnNotFound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, c, _ := startCatalogEmulator(t, emulator.Options{}, "", "")
		_, err := c.WaitForAvatar(context.Background(), "00000000-0000-4000-8000-000000000000", nil, argil.WaitOptions{Schedule: fastSchedule()})
		if !argil.IsNotFound(err) {
			t.Errorf("err = %v, want the 404 at once", err)
		}
	})
}

func TestListAvatarsAcceptsAWrappedArray(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"avatars":[{"id":"x","name":"X","status":"IDLE"}]}`))
	}))
	defer srv.Close()
	c, err := argil.New(argil.Config{BaseURL: srv.URL + "/v1", APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	list, err := c.ListAvatars(context.Background(), argil.ListAvatarsParams{})
	if err != nil || len(list) != 1 || list[0].ID != "x" {
		t.Errorf("ListAvatars = %+v, %v; want the one wrapped avatar", list, err)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
