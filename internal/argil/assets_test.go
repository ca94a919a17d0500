package argil_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// startEmulatorWith starts an emulator with opts (APIKey is set here) and a client for it.
func startEmulatorWith(t *testing.T, opts emulator.Options) (*emulator.Emulator, *argil.Client) {
	return startEmu(t, opts, func(cfg *argil.Config) { cfg.RequestsPerSecond = -1 }, nil)
}

func TestAssetLifecycleAgainstTheEmulator(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startEmulatorWith(t, emulator.Options{AssetProcessing: 300 * time.Millisecond})
		ctx := context.Background()

		created, err := c.CreateAsset(ctx, argil.AssetCreateArgs{Name: "Office b-roll", Type: argil.AssetTypeVideo, URL: "https://cdn.example.com/office.mp4"})
		if err != nil {
			t.Fatal(err)
		}
		if created.ID == "" || created.Status != argil.AssetStatusProcessing || created.Name != "Office b-roll" || created.Type != "VIDEO" {
			t.Fatalf("created = %+v, want a PROCESSING VIDEO named Office b-roll with an id", created)
		}
		if created.FileURL != "" || created.ThumbnailURL != "" {
			t.Errorf("URLs while processing = %q, %q; want empty (null in the API)", created.FileURL, created.ThumbnailURL)
		}
		if _, err := time.Parse(time.RFC3339, created.CreatedAt); err != nil {
			t.Errorf("createdAt %q is not RFC 3339: %v", created.CreatedAt, err)
		}

		var changes []string
		ready, err := c.WaitForAsset(ctx, created.ID, created, argil.WaitOptions{
			Schedule: fastSchedule(),
			OnChange: func(_ context.Context, e argil.WaitEvent) { changes = append(changes, e.Status) },
		})
		if err != nil {
			t.Fatal(err)
		}
		if ready.Status != argil.AssetStatusReady || !strings.HasSuffix(ready.FileURL, created.ID+".mp4") || ready.ThumbnailURL == "" {
			t.Errorf("ready = %+v, want READY with a file and a thumbnail URL", ready)
		}
		if strings.Join(changes, ",") != "PROCESSING,READY" {
			t.Errorf("status changes = %v, want PROCESSING then READY", changes)
		}

		got, err := c.GetAsset(ctx, created.ID)
		if err != nil || got.Status != argil.AssetStatusReady || got.CreatedAt != created.CreatedAt {
			t.Errorf("GetAsset = %+v, %v; want the READY asset", got, err)
		}

		if err := c.DeleteAsset(ctx, created.ID); err != nil {
			t.Fatal(err)
		}
		if n := e.Count("DELETE /assets/{id}"); n != 1 {
			t.Errorf("DELETE /assets/{id} reached the emulator %d times, want 1", n)
		}
		if _, err := c.GetAsset(ctx, created.ID); !argil.IsNotFound(err) {
			t.Errorf("GetAsset after delete: err = %v, want a 404", err)
		}
		if err := c.DeleteAsset(ctx, created.ID); err != nil {
			t.Errorf("deleting a deleted asset: err = %v, want nil (404 is fine)", err)
		}
		all, _, err := c.ListAllAssets(ctx, argil.ListAssetsParams{Types: []string{"VIDEO"}})
		if err != nil || len(all) != 0 {
			t.Errorf("VIDEO assets after delete = %+v (err %v), want none", all, err)
		}
	})
}

func TestAssetCreateRefusesAudio(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, c := startEmulatorWith(t, emulator.Options{})
		_, err := c.CreateAsset(context.Background(), argil.AssetCreateArgs{Name: "song", Type: argil.AssetTypeAudio, URL: "https://cdn.example.com/a.mp3"})
		if argil.StatusCode(err) != http.StatusBadRequest || argil.IsAmbiguous(err) {
			t.Errorf("err = %v, want a plain HTTP 400 (not ambiguous: a 400 means nothing was created)", err)
		}
	})
}

func TestListAssetsReadsThePaginationHeaders(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startEmulatorWith(t, emulator.Options{AssetProcessing: time.Millisecond})
		ctx := context.Background()
		for i := range 5 {
			if _, err := c.CreateAsset(ctx, argil.AssetCreateArgs{Name: "img " + strconv.Itoa(i), Type: argil.AssetTypeImage, URL: "https://cdn.example.com/" + strconv.Itoa(i) + ".png"}); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(20 * time.Millisecond) // past the processing time: every asset is READY

		page, err := c.ListAssets(ctx, argil.ListAssetsParams{Types: []string{"IMAGE"}, Page: 2, PageSize: 2})
		if err != nil {
			t.Fatal(err)
		}
		want := argil.Pagination{TotalCount: 5, Page: 2, PageSize: 2, TotalPages: 3}
		if page.Pagination != want || len(page.Assets) != 2 {
			t.Errorf("page 2 = %d assets, %+v; want 2 assets, %+v", len(page.Assets), page.Pagination, want)
		}
		if page.Assets[0].Name != "img 2" {
			t.Errorf("first asset of page 2 = %q, want img 2", page.Assets[0].Name)
		}

		before := e.Count("GET /assets")
		all, total, err := c.ListAllAssets(ctx, argil.ListAssetsParams{Types: []string{"IMAGE"}, PageSize: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 5 || total != 5 {
			t.Errorf("ListAllAssets = %d assets, total %d; want 5 and 5", len(all), total)
		}
		if n := e.Count("GET /assets") - before; n != 3 {
			t.Errorf("ListAllAssets made %d requests for 3 pages, want 3", n)
		}

		// The music library is AUDIO; the default status filter (READY) applies to it too.
		audio, total, err := c.ListAllAssets(ctx, argil.ListAssetsParams{Types: []string{"AUDIO"}})
		if err != nil || len(audio) == 0 || total != len(audio) {
			t.Errorf("AUDIO assets = %d, total %d (err %v); want the music library", len(audio), total, err)
		}
		for _, a := range audio {
			if a.Type != "AUDIO" || a.Status != "READY" {
				t.Errorf("asset %+v in an AUDIO listing", a)
			}
		}
		processing, _, err := c.ListAllAssets(ctx, argil.ListAssetsParams{Status: argil.AssetStatusProcessing})
		if err != nil || len(processing) != 0 {
			t.Errorf("PROCESSING assets = %+v (err %v), want none", processing, err)
		}
	})
}

// TestListAllAssetsWithoutPaginationHeaders covers an answer without the documented headers:
// the walk stops at the first short page, and total counts what was returned.
func TestListAllAssetsWithoutPaginationHeaders(t *testing.T) {
	var pages []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pages = append(pages, r.URL.Query().Get("page"))
		n := 2
		if r.URL.Query().Get("page") == "2" {
			n = 1
		}
		var out []map[string]any
		for i := range n {
			out = append(out, map[string]any{"id": r.URL.Query().Get("page") + "-" + strconv.Itoa(i), "name": nil, "type": "IMAGE", "status": "READY", "extra": 1})
		}
		_ = json.NewEncoder(w).Encode(out)
	}))
	t.Cleanup(srv.Close)
	c, err := argil.New(argil.Config{BaseURL: srv.URL + "/v1", APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	all, total, err := c.ListAllAssets(context.Background(), argil.ListAssetsParams{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || total != 3 || strings.Join(pages, ",") != "1,2" {
		t.Errorf("got %d assets, total %d after pages %v; want 3, 3 after pages 1,2", len(all), total, pages)
	}
	page, err := c.ListAssets(context.Background(), argil.ListAssetsParams{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Pagination != (argil.Pagination{TotalCount: -1, Page: -1, PageSize: -1, TotalPages: -1}) {
		t.Errorf("pagination without headers = %+v, want every field -1", page.Pagination)
	}
}

func TestAssetDecodingTolerance(t *testing.T) {
	var a argil.Asset
	err := json.Unmarshal([]byte(`{"id":"a1","name":null,"type":"VIDEO","status":"TRANSCODING","fileUrl":null,"thumbnailUrl":7,"createdAt":"2026-01-02T03:04:05Z","size":123}`), &a)
	if err != nil {
		t.Fatal(err)
	}
	want := argil.Asset{ID: "a1", Type: "VIDEO", Status: "TRANSCODING", CreatedAt: "2026-01-02T03:04:05Z"}
	if a != want {
		t.Errorf("decoded %+v, want %+v", a, want)
	}
	for status, outcome := range map[string]argil.Outcome{
		"READY": argil.Succeeded, "PROCESSING": argil.Pending, "FAILED": argil.Failed,
		"DOWNLOAD_ERROR": argil.Failed, "TRANSCODING": argil.Unknown,
	} {
		if got := argil.ClassifyAsset(status); got != outcome {
			t.Errorf("ClassifyAsset(%q) = %v, want %v", status, got, outcome)
		}
	}
}

func TestWaitForAssetReportsFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e, c := startEmulatorWith(t, emulator.Options{AssetProcessing: 200 * time.Millisecond})
		e.FailNextAsset()
		ctx := context.Background()
		created, err := c.CreateAsset(ctx, argil.AssetCreateArgs{Name: "broken", Type: argil.AssetTypeImage, URL: "https://cdn.example.com/broken.png"})
		if err != nil {
			t.Fatal(err)
		}
		a, err := c.WaitForAsset(ctx, created.ID, created, argil.WaitOptions{Schedule: fastSchedule()})
		var failed *argil.WaitFailedError
		if !errors.As(err, &failed) || a == nil || a.Status != argil.AssetStatusFailed {
			t.Fatalf("err = %v, asset = %+v; want an AssetFailedError with the FAILED asset", err, a)
		}
		if !strings.Contains(err.Error(), "upload a new asset") {
			t.Errorf("error %q does not say what to do", err)
		}
	})
}

func TestWaitForAssetStopsOnNotFound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, c := startEmulatorWith(t, emulator.Options{})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := c.WaitForAsset(ctx, "00000000-0000-4000-8000-000000000000", nil, argil.WaitOptions{Schedule: fastSchedule()})
		if !argil.IsNotFound(err) {
			t.Errorf("err = %v, want the 404 at once", err)
		}
	})
}

// TestAssetCreateAcceptsAnySuccessStatus: the status of POST /assets is not documented (201 is
// inferred); a 200 must work the same.
func TestAssetCreateAcceptsAnySuccessStatus(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, c := startEmulatorWith(t, emulator.Options{AssetCreateStatus: http.StatusOK})
		a, err := c.CreateAsset(context.Background(), argil.AssetCreateArgs{Name: "ok", Type: argil.AssetTypeImage, URL: "https://cdn.example.com/ok.png"})
		if err != nil || a.ID == "" || a.Status != argil.AssetStatusProcessing {
			t.Errorf("CreateAsset with a 200 answer = %+v, %v; want the PROCESSING asset", a, err)
		}
	})
}
