package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// The money rule (DESIGN.md): once Argil accepted a render, the provider never requests
// another render of that video on its own unless Argil reports that render failed. A video
// that reads IDLE may be a render waiting in Argil's queue, so "a render was accepted" must
// be remembered outside the video. This file holds that memory:
//
//   - the resource's computed attribute render_accepted_at, with the last observation of the
//     video (status, updated_at, video_url), in the Terraform state (also a remote one);
//   - an in-process registry, filled by Delete: in the default destroy-then-create order of a
//     replacement, the old object's Delete runs just before the new object's Create, in the
//     same provider instance, and hands it what the old object's state says (a replacement's
//     Create gets no prior state of its own, and Terraform gives the Delete of a replaced
//     object no private state, only its attributes);
//   - a local journal (one small file per video, with the video as it read just before the
//     request), which survives a crash of the provider (Terraform then saves no state at all)
//     and serves create_before_destroy (the new object is created before the old one's
//     Delete).

// EnvRenderJournalDir overrides the directory of the local render journal; "off" disables the
// journal (the records in the Terraform state still apply).
const EnvRenderJournalDir = "ARGIL_RENDER_JOURNAL_DIR"

// Record states.
const (
	// recordPosting: the render request is being sent (written before it leaves, so that a
	// crash during the request is not forgotten).
	recordPosting = "posting"
	// recordAccepted: Argil accepted the render (a 2xx, or the video showed it after an
	// answer that was lost).
	recordAccepted = "accepted"
)

// journalTTL is how long a journal record is honoured. A render Argil accepted and never
// started within a week is treated as lost: the state's record still holds it, until the
// resource is removed from the state.
const journalTTL = 7 * 24 * time.Hour

// renderRecord remembers a render request of this provider: when, how far it got, and the
// video as it read just before the request (what later reads are compared with, see
// argil.RenderEvidence).
type renderRecord struct {
	VideoID string    `json:"video_id"`
	State   string    `json:"state"`
	At      time.Time `json:"at"`
	Before  videoSnap `json:"before"`
}

// videoSnap is what a record keeps of the video before the request.
type videoSnap struct {
	Status    string `json:"status"`
	UpdatedAt string `json:"updated_at,omitempty"`
	VideoURL  string `json:"video_url,omitempty"`
}

func snapOf(v *argil.Video) videoSnap {
	return videoSnap{Status: v.Status, UpdatedAt: v.UpdatedAt, VideoURL: v.VideoURL}
}

// video returns the snapshot as a Video, for argil.RenderEvidence and WaitOptions.Before.
func (s videoSnap) video(id string) *argil.Video {
	return &argil.Video{ID: id, Status: s.Status, UpdatedAt: s.UpdatedAt, VideoURL: s.VideoURL}
}

func (r *renderRecord) encode() []byte {
	b, _ := json.Marshal(r) // a struct of strings and a time: cannot fail
	return b
}

func decodeRecord(b []byte) *renderRecord {
	if len(b) == 0 {
		return nil
	}
	var r renderRecord
	if json.Unmarshal(b, &r) != nil || r.VideoID == "" {
		return nil
	}
	return &r
}

// released is what Delete hands to a Create of the same video in the same provider instance.
type released struct {
	// record is the old object's accepted render that had not ended by its last observation
	// (Before is that last observation); nil when it requested none, or it ended.
	record *renderRecord
	// finished: the old object completed (finished_at set: its apply saw the render finished).
	// A tainted object never has it, even when a refresh saw its video finished since: only a
	// completed object's replacement is a request for a new render (terraform apply -replace).
	finished bool
}

// releasedFrom derives what Delete hands over from the old object's attributes: acceptedAt
// (render_accepted_at, zero when none), completed (finished_at set) and its last observation of
// the video.
func releasedFrom(id string, acceptedAt time.Time, completed bool, last videoSnap) released {
	v := last.video(id)
	r := released{finished: completed}
	if !acceptedAt.IsZero() && !completed && !argil.Finished(v) && argil.Classify(v.Status) != argil.Failed {
		r.record = &renderRecord{VideoID: id, State: recordAccepted, At: acceptedAt, Before: last}
	}
	return r
}

// renderMemory is the registry and the journal of one provider instance.
type renderMemory struct {
	dir     string // "" when the journal is off
	baseURL string

	mu       sync.Mutex
	released map[string]released
}

// newRenderMemory opens the journal for the API at baseURL: in $ARGIL_RENDER_JOURNAL_DIR, or
// in the user's cache directory (terraform-provider-argil/renders).
func newRenderMemory(baseURL string) *renderMemory {
	m := &renderMemory{baseURL: baseURL, released: map[string]released{}}
	dir := os.Getenv(EnvRenderJournalDir)
	switch dir {
	case "off":
		dir = ""
	case "":
		if cache, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(cache, "terraform-provider-argil", "renders")
		}
	}
	m.dir = dir
	return m
}

// release records what Delete knew of an object of video id.
func (m *renderMemory) release(id string, r released) {
	if m == nil {
		return // the provider is not configured (its arguments are not known yet)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.released[id] = r
}

// take returns (and forgets) what a Delete released for video id in this provider instance.
func (m *renderMemory) take(id string) (released, bool) {
	if m == nil {
		return released{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.released[id]
	delete(m.released, id)
	return r, ok
}

// path is the journal file of video id: a hash of the API root and the id, so that two
// accounts or an emulator never share records and no id reaches the file system as a name.
func (m *renderMemory) path(id string) string {
	sum := sha256.Sum256([]byte(m.baseURL + "\n" + id))
	return filepath.Join(m.dir, hex.EncodeToString(sum[:16])+".json")
}

// write stores rec in the journal. A journal that cannot be written is logged, not fatal:
// the record in the Terraform state still applies.
func (m *renderMemory) write(ctx context.Context, rec *renderRecord) {
	if m == nil || m.dir == "" {
		return
	}
	err := os.MkdirAll(m.dir, 0o700)
	if err == nil {
		tmp := m.path(rec.VideoID) + ".tmp"
		if err = os.WriteFile(tmp, rec.encode(), 0o600); err == nil {
			err = os.Rename(tmp, m.path(rec.VideoID))
		}
	}
	if err != nil {
		tflog.Warn(ctx, "Cannot write the local render journal; the record in the Terraform state still protects against a second render, a provider crash would not", map[string]any{"error": err.Error(), "dir": m.dir})
	}
}

// read returns the journal's record of video id, nil when there is none (or it expired).
func (m *renderMemory) read(ctx context.Context, id string, now time.Time) *renderRecord {
	if m == nil || m.dir == "" {
		return nil
	}
	b, err := os.ReadFile(m.path(id))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			tflog.Warn(ctx, "Cannot read the local render journal", map[string]any{"error": err.Error(), "dir": m.dir})
		}
		return nil
	}
	rec := decodeRecord(b)
	if rec == nil || rec.VideoID != id || now.Sub(rec.At) > journalTTL {
		return nil
	}
	return rec
}

// forget removes the journal's record of video id (the render ended, or was refused).
func (m *renderMemory) forget(ctx context.Context, id string) {
	if m == nil || m.dir == "" {
		return
	}
	if err := os.Remove(m.path(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		tflog.Warn(ctx, "Cannot remove a record from the local render journal", map[string]any{"error": err.Error(), "dir": m.dir})
	}
}

// renderAction is what Create does with a video.
type renderAction int

const (
	actRender renderAction = iota // request a render (costs credits)
	actWait                       // wait on the render in flight (or queued), no request
	actAdopt                      // the video is a finished render: adopt it, no request
)

// decision is the outcome of decideRender.
type decision struct {
	action renderAction
	// reason explains the decision, for the logs.
	reason string
	// before, for actWait on a render this provider requested: the video as it read before
	// that request (see argil.WaitOptions.Before).
	before *argil.Video
}

// decideRender applies the money rule to the video as Create reads it. rec is the record of
// an accepted render of this video (from the journal or from the Delete of the previous
// object), nil when none is known; replacedFinished tells that the previous object of this
// video, destroyed in this apply just before, showed a finished render (terraform apply
// -replace: a new render is wanted).
func decideRender(v *argil.Video, rec *renderRecord, replacedFinished bool) decision {
	if rec != nil {
		before := rec.Before.video(v.ID)
		if changed, _ := argil.RenderEvidence(before, v); !changed {
			return decision{action: actWait, before: before, reason: "Argil accepted a render of this video at " +
				rec.At.UTC().Format(time.RFC3339) + " and the video shows nothing new since: the render is waiting in Argil's queue; waiting on it, no new render"}
		}
	}
	var before *argil.Video
	if rec != nil {
		before = rec.Before.video(v.ID)
	}
	switch o := argil.Classify(v.Status); {
	case argil.Finished(v):
		if replacedFinished {
			return decision{action: actRender, reason: "the previous render of this video was replaced in this apply (terraform apply -replace): rendering it again"}
		}
		return decision{action: actAdopt, reason: "the video is already rendered (status " + v.Status + " with its videoUrl): adopting it, no new render"}
	case o == argil.Pending || o == argil.Unknown:
		return decision{action: actWait, before: before, reason: "the video is already rendering (status " + v.Status + "): waiting on the render in flight, no new render"}
	case o == argil.Failed:
		return decision{action: actRender, reason: "the video's last render ended " + v.Status + ": rendering it again"}
	case rec != nil:
		// IDLE without a result, but something changed since the accepted request: still
		// no sign that the render ended, so no new render.
		return decision{action: actWait, before: before, reason: "Argil accepted a render of this video and it has not ended: waiting on it, no new render"}
	}
	return decision{action: actRender, reason: "the video has not been rendered (status " + v.Status + ")"}
}
