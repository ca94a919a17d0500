package emulator

import "maps"

// SeedMoment is a moment of a SeedVideo. Give Transcript or AudioURL.
type SeedMoment struct {
	Transcript string `json:"transcript,omitempty"`
	AvatarID   string `json:"avatarId,omitempty"`
	VoiceID    string `json:"voiceId,omitempty"`
	AudioURL   string `json:"audioUrl,omitempty"`
}

// SeedVideo describes a video to put into the emulator directly, without the API.
type SeedVideo struct {
	// Name is the video name; "" means "Seeded video".
	Name string `json:"name,omitempty"`
	// Moments are the video's moments; none means one moment reading a short sentence.
	Moments []SeedMoment `json:"moments,omitempty"`
	// Subtitles is subtitles.enable.
	Subtitles bool `json:"subtitles,omitempty"`
	// AspectRatio is "16:9" (default) or "9:16".
	AspectRatio string `json:"aspectRatio,omitempty"`
	// Extras is the video's extras.
	Extras map[string]string `json:"extras,omitempty"`
	// Status is the starting point: "" or IDLE for a new video; DONE or FAILED for a render
	// that already ended (no event is sent for it); GENERATING_AUDIO or GENERATING_VIDEO
	// for a render in flight that started just now (or AudioPhase ago), which ends and sends
	// its events to the registered webhooks as usual. Any other value (CONTENT_MODERATED,
	// ...) is reported as is until the video is rendered again.
	Status string `json:"status,omitempty"`
}

// SeedVideo stores a video as described and returns its id (a UUID v4). Seeding does not
// count as a render in Renders or TotalRenders.
func (e *Emulator) SeedVideo(s SeedVideo) string {
	now := e.now()
	v := &video{
		name:        s.Name,
		subtitles:   map[string]any{"enable": s.Subtitles},
		aspectRatio: s.AspectRatio,
		extras:      maps.Clone(s.Extras),
		createdAt:   now,
		updatedAt:   now,
	}
	if v.name == "" {
		v.name = "Seeded video"
	}
	if v.aspectRatio == "" {
		v.aspectRatio = "16:9"
	}
	if v.extras == nil {
		v.extras = map[string]string{}
	}
	for _, m := range s.Moments {
		v.moments = append(v.moments, moment{Transcript: m.Transcript, AvatarID: m.AvatarID, VoiceID: m.VoiceID, AudioURL: m.AudioURL})
	}
	if len(v.moments) == 0 {
		v.moments = []moment{{Transcript: "Hello from the Argil emulator.", AvatarID: defaultSeedAvatarID}}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	v.seq = e.nextSeq()
	v.id = newUUID()
	skip := v.allAudioURL() && !e.opts.AlwaysGenerateAudio
	r := &render{skipAudio: skip, baseURL: e.baseURL}
	audio := e.opts.AudioPhase
	if skip {
		audio = 0
	}
	switch s.Status {
	case "", StatusIdle:
		r = nil
	case StatusGeneratingAudio:
		r.start = now
	case StatusGeneratingVideo:
		r.start = now.Add(-audio)
	case StatusDone, StatusFailed:
		r.start = now.Add(-audio - e.opts.VideoPhase)
		r.fail = s.Status == StatusFailed
		r.notified = true
	default:
		r = nil
		v.fixed = s.Status
	}
	if r != nil {
		v.render = r
		v.createdAt = r.start
		v.updatedAt = r.start
	}
	e.videos[v.id] = v
	return v.id
}

// defaultSeedAvatarID is the avatar of the default moment of a seeded video.
const defaultSeedAvatarID = AvatarEmmaID
