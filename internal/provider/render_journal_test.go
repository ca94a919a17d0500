package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

func TestDecideRenderFollowsTheMoneyRule(t *testing.T) {
	at := time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)
	accepted := func(status, updated, url string) *renderRecord {
		return &renderRecord{VideoID: "v", State: recordAccepted, At: at, Before: videoSnap{Status: status, UpdatedAt: updated, VideoURL: url}}
	}
	v := func(status, updated, url string) *argil.Video {
		return &argil.Video{ID: "v", Status: status, UpdatedAt: updated, VideoURL: url}
	}
	for _, c := range []struct {
		name     string
		video    *argil.Video
		rec      *renderRecord
		replaced bool
		want     renderAction
	}{
		{"a new video", v("IDLE", "t1", ""), nil, false, actRender},
		{"a render in flight", v("GENERATING_AUDIO", "t1", ""), nil, false, actWait},
		{"an undocumented status", v("QUEUED", "t1", ""), nil, false, actWait},
		{"a finished render", v("DONE", "t1", "u"), nil, false, actAdopt},
		{"a finished render that reads IDLE", v("IDLE", "t1", "u"), nil, false, actAdopt},
		{"a failed render", v("FAILED", "t1", ""), nil, false, actRender},
		{"moderated", v("CONTENT_MODERATED", "t1", ""), nil, false, actRender},
		{"an accepted render, queued (IDLE, nothing new)", v("IDLE", "t1", ""), accepted("IDLE", "t1", ""), false, actWait},
		{"an accepted render, queued after a failure (still the old FAILED)", v("FAILED", "t1", ""), accepted("FAILED", "t1", ""), false, actWait},
		{"an accepted render that failed since", v("FAILED", "t2", ""), accepted("IDLE", "t1", ""), false, actRender},
		{"an accepted render that finished", v("IDLE", "t2", "u"), accepted("IDLE", "t1", ""), false, actAdopt},
		{"an accepted render generating", v("GENERATING_VIDEO", "t2", ""), accepted("IDLE", "t1", ""), false, actWait},
		{"an accepted render, IDLE again without a result", v("IDLE", "t2", ""), accepted("IDLE", "t1", ""), false, actWait},
		{"-replace of a finished render", v("DONE", "t1", "u"), nil, true, actRender},
		{"-replace of a finished render that reads IDLE", v("IDLE", "t1", "u"), nil, true, actRender},
		{"-replace of a render in flight: no second render", v("GENERATING_AUDIO", "t1", ""), nil, true, actWait},
	} {
		d := decideRender(c.video, c.rec, c.replaced)
		if d.action != c.want {
			t.Errorf("%s: action %d (%s), want %d", c.name, d.action, d.reason, c.want)
		}
		if d.reason == "" {
			t.Errorf("%s: no reason for the logs", c.name)
		}
		if d.action == actWait && c.rec != nil && d.before == nil {
			t.Errorf("%s: waiting on an accepted render must compare with the video before it", c.name)
		}
	}
}

func TestReleasedFromTheOldObjectsState(t *testing.T) {
	at := time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name         string
		at           time.Time
		completed    bool
		last         videoSnap
		stillInQueue bool
	}{
		{"queued, timed out", at, false, videoSnap{Status: "IDLE", UpdatedAt: "t1"}, true},
		{"generating, interrupted", at, false, videoSnap{Status: "GENERATING_VIDEO", UpdatedAt: "t2"}, true},
		{"completed (DONE)", at, true, videoSnap{Status: "DONE", VideoURL: "u"}, false},
		{"completed (IDLE with a URL)", at, true, videoSnap{Status: "IDLE", VideoURL: "u"}, false},
		{"tainted, refreshed since: finished", at, false, videoSnap{Status: "DONE", VideoURL: "u"}, false},
		{"failed", at, false, videoSnap{Status: "FAILED"}, false},
		{"adopted or imported, completed", time.Time{}, true, videoSnap{Status: "DONE", VideoURL: "u"}, false},
		{"adopted in flight, tainted", time.Time{}, false, videoSnap{Status: "GENERATING_AUDIO"}, false},
	} {
		r := releasedFrom("v", c.at, c.completed, c.last)
		if r.finished != c.completed || (r.record != nil) != c.stillInQueue {
			t.Errorf("%s: finished %v, record %+v; want finished %v, record %v", c.name, r.finished, r.record, c.completed, c.stillInQueue)
		}
		if r.record != nil && (r.record.At != c.at || r.record.Before != c.last || r.record.State != recordAccepted) {
			t.Errorf("%s: record %+v", c.name, r.record)
		}
	}
}

func TestRenderMemory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv(EnvRenderJournalDir, dir)
	now := time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)
	m := newRenderMemory("https://api.argil.ai/v1")
	rec := &renderRecord{VideoID: "video-1", State: recordAccepted, At: now, Before: videoSnap{Status: "IDLE", UpdatedAt: "t1"}}
	m.write(ctx, rec)
	got := m.read(ctx, "video-1", now.Add(time.Hour))
	if got == nil || *got != *rec {
		t.Fatalf("read = %+v, want %+v", got, rec)
	}
	// One file per video, named by a hash: no id reaches the file system as a name.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || strings.Contains(entries[0].Name(), "video-1") || !strings.HasSuffix(entries[0].Name(), ".json") {
		t.Errorf("journal files: %v", entries)
	}
	if info, err := os.Stat(filepath.Join(dir, entries[0].Name())); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("journal file mode: %v %v", info.Mode(), err)
	}
	// Another API root (another account, an emulator) never sees the record.
	if other := newRenderMemory("http://127.0.0.1:8787/v1").read(ctx, "video-1", now); other != nil {
		t.Errorf("a record leaked to another base URL: %+v", other)
	}
	if expired := m.read(ctx, "video-1", now.Add(journalTTL+time.Minute)); expired != nil {
		t.Errorf("a record older than %s must be ignored", journalTTL)
	}
	m.forget(ctx, "video-1")
	if gone := m.read(ctx, "video-1", now); gone != nil {
		t.Errorf("after forget: %+v", gone)
	}
	m.forget(ctx, "video-1") // forgetting twice is fine

	// The registry hands a Delete's knowledge to one Create.
	m.release("video-2", released{finished: true})
	if r, ok := m.take("video-2"); !ok || !r.finished {
		t.Errorf("take = %+v %v", r, ok)
	}
	if _, ok := m.take("video-2"); ok {
		t.Errorf("a released record must be taken once")
	}

	// "off" disables the journal; an unwritable directory is not fatal.
	t.Setenv(EnvRenderJournalDir, "off")
	off := newRenderMemory("https://api.argil.ai/v1")
	off.write(ctx, rec)
	if off.read(ctx, "video-1", now) != nil || off.dir != "" {
		t.Errorf("the journal is off but kept a record")
	}
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvRenderJournalDir, filepath.Join(file, "sub"))
	broken := newRenderMemory("https://api.argil.ai/v1")
	broken.write(ctx, rec) // logs a warning, does not panic or fail
	if broken.read(ctx, "video-1", now) != nil {
		t.Errorf("an unwritable journal returned a record")
	}
}

func TestRenderMemoryOfAnUnconfiguredProviderIsANoOp(t *testing.T) {
	var m *renderMemory // Configure did not create one: api_key or base_url not known yet
	m.release("v", released{finished: true})
	if _, ok := m.take("v"); ok {
		t.Errorf("a nil memory returned a record")
	}
	m.write(context.Background(), &renderRecord{VideoID: "v"})
	if m.read(context.Background(), "v", time.Now()) != nil {
		t.Errorf("a nil memory read a record")
	}
	m.forget(context.Background(), "v")
}
