package emulator

import (
	"math"
	"sort"
	"time"
	"unicode/utf8"
)

// Video statuses as the API reports them.
const (
	StatusIdle            = "IDLE"
	StatusGeneratingAudio = "GENERATING_AUDIO"
	StatusGeneratingVideo = "GENERATING_VIDEO"
	StatusDone            = "DONE"
	StatusFailed          = "FAILED"
)

// Event names of v1 webhook payloads.
const (
	EventVideoSuccess = "VIDEO_GENERATION_SUCCESS"
	EventVideoFailed  = "VIDEO_GENERATION_FAILED"
)

// ordered is a stored object (avatar, voice, asset, webhook, video): order is when it was
// created, in the emulator's sequence.
type ordered interface{ order() int }

func (v *video) order() int   { return v.seq }
func (a *avatar) order() int  { return a.seq }
func (v *voice) order() int   { return v.seq }
func (a *asset) order() int   { return a.seq }
func (h *webhook) order() int { return h.seq }

// nextSeq numbers a new object in creation order, the order of inOrder. The caller holds e.mu.
func (e *Emulator) nextSeq() int {
	e.seq++
	return e.seq
}

// inOrder returns the objects of m that keep accepts (every one when keep is nil), oldest
// first. The caller holds e.mu.
func inOrder[T ordered](m map[string]T, keep func(T) bool) []T {
	list := make([]T, 0, len(m))
	for _, x := range m {
		if keep == nil || keep(x) {
			list = append(list, x)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].order() < list[j].order() })
	return list
}

// video is the stored form of a Video.
type video struct {
	seq         int
	id          string
	name        string
	createdAt   time.Time
	updatedAt   time.Time
	moments     []moment
	subtitles   map[string]any // as sent; "enable" always present
	aspectRatio string
	extras      map[string]string
	render      *render
	failNext    bool
	fixed       string // a status that never changes (seeded CONTENT_MODERATED, ...)
}

type moment struct {
	Transcript  string
	AvatarID    string
	VoiceID     string
	AudioURL    string
	GestureSlug string
	Zoom        map[string]any
	Broll       map[string]any
}

// render is one generation of a video. Its status is computed from start and the phase
// lengths at every read, so it is exact for any clock.
type render struct {
	// start is when the render leaves the queue (Options.RenderQueue after it was accepted).
	start       time.Time
	skipAudio   bool
	fail        bool
	callbackURL string
	baseURL     string // scheme://host of the render request, for URLs in events
	notified    bool   // the end events were handed to the delivery goroutine
}

func (v *video) subtitlesEnabled() bool {
	b, _ := v.subtitles["enable"].(bool)
	return b
}

// allAudioURL reports whether every moment brings its own audio (so there is no audio to
// generate). A video without moments does not count as such.
func (v *video) allAudioURL() bool {
	if len(v.moments) == 0 {
		return false
	}
	for _, m := range v.moments {
		if m.AudioURL == "" {
			return false
		}
	}
	return true
}

// phase is the state of a video at one instant.
type phase struct {
	status    string
	changedAt time.Time // when status was entered
	audioDone bool      // duration and moment audio URLs are known
	videoDone bool      // final URLs exist (DONE)
	ended     bool      // DONE or FAILED: the render is over
	endAt     time.Time // when the render ends (only with a render)
}

// audioEnd and end are the instants a render leaves GENERATING_AUDIO and ends.
func (e *Emulator) renderTimes(r *render) (audioEnd, end time.Time) {
	audioEnd = r.start
	if !r.skipAudio {
		audioEnd = r.start.Add(e.opts.AudioPhase)
	}
	return audioEnd, audioEnd.Add(e.opts.VideoPhase)
}

// phaseAt computes the status of v at now, as reported (Options.FinishedReadsIdle, then
// Faults.ForceStatus apply). A forced failure replaces DONE at the instant DONE would have
// been reached, so the video goes through GENERATING_VIDEO first.
func (e *Emulator) phaseAt(v *video, now time.Time) phase {
	ph := e.realPhaseAt(v, now)
	if ph.status == StatusDone && e.opts.FinishedReadsIdle {
		ph.status = StatusIdle
	}
	if s, ok := e.faults.ForceStatus[v.id]; ok && s != "" {
		ph.status = s
	}
	return ph
}

// realPhaseAt is phaseAt without Faults.ForceStatus.
func (e *Emulator) realPhaseAt(v *video, now time.Time) phase {
	if v.fixed != "" {
		return phase{status: v.fixed, changedAt: v.updatedAt}
	}
	r := v.render
	if r == nil {
		return phase{status: StatusIdle, changedAt: v.updatedAt}
	}
	audioEnd, end := e.renderTimes(r)
	switch {
	case now.Before(r.start):
		// Accepted, waiting in the queue: nothing shows it yet.
		return phase{status: StatusIdle, changedAt: v.updatedAt, endAt: end}
	case now.Before(audioEnd):
		return phase{status: StatusGeneratingAudio, changedAt: r.start, endAt: end}
	case now.Before(end):
		return phase{status: StatusGeneratingVideo, changedAt: audioEnd, audioDone: true, endAt: end}
	case r.fail:
		return phase{status: StatusFailed, changedAt: end, audioDone: true, ended: true, endAt: end}
	default:
		return phase{status: StatusDone, changedAt: end, audioDone: true, videoDone: true, ended: true, endAt: end}
	}
}

// generating reports whether status is one of the GENERATING_* statuses.
func generating(status string) bool {
	return status == StatusGeneratingAudio || status == StatusGeneratingVideo
}

// charsPerSecond is the speaking rate used to derive a duration from transcripts.
const charsPerSecond = 15.0

// audioURLSeconds is the duration assumed for a moment that brings its own audio.
const audioURLSeconds = 5.0

// momentSeconds is the duration of one moment: its transcript read at 15 characters per
// second (at least 1s), or 5s for a moment with its own audioUrl.
func momentSeconds(m moment) float64 {
	if m.AudioURL != "" && m.Transcript == "" {
		return audioURLSeconds
	}
	s := float64(utf8.RuneCountInString(m.Transcript)) / charsPerSecond
	return math.Max(1, s)
}

// videoDuration is the duration a Video reports once its audio is generated: the total of
// the moments' durations, rounded to 2 decimals (at least 1s). It follows the script, not the
// render phases: with test phases of a few seconds a render ends sooner than its video plays,
// which a waiter must survive (the real API's renders take minutes).
func videoDuration(v *video) float64 {
	total := 0.0
	for _, m := range v.moments {
		total += momentSeconds(m)
	}
	total = math.Max(1, total)
	return math.Round(total*100) / 100
}
