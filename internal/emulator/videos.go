package emulator

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Enumerations of VideoCreateArgs.
var (
	aspectRatios       = []string{"16:9", "9:16"}
	subtitlePositions  = []string{"Top", "Middle", "Bottom"}
	subtitleSizes      = []string{"Small", "Medium", "Large"}
	autoBrollSources   = []string{"GENERATION", "GOOGLE_IMAGES", "STOCKS_VIDEO", "AVATAR_ACTION"}
	autoBrollIntensity = []string{"LOW", "MEDIUM", "HIGH"}
	autoBrollLayouts   = []string{"FULLSCREEN", "AVATAR_BOTTOM_LEFT", "AVATAR_BOTTOM_RIGHT", "AVATAR_TOP_LEFT",
		"AVATAR_TOP_RIGHT", "SPLIT_AVATAR_LEFT", "SPLIT_AVATAR_RIGHT", "SPLIT_AVATAR_TOP", "SPLIT_AVATAR_BOTTOM", "BACKGROUND"}
	videoModels = []string{"ARGIL_V1", "ARGIL_ATOM"}

	// nodeLayouts are the layout values Argil's n8n node sends, as autoBrolls.layout and as
	// a moment's layout; nodeSubtitlePositions the extra subtitles.position it offers.
	// Accepted with Options.AcceptNodeValues.
	nodeLayouts           = []string{"NORMAL", "BOTTOM_LEFT", "BOTTOM_RIGHT", "SPLIT_LEFT", "SPLIT_RIGHT", "SPLIT_TOP", "SPLIT_BOTTOM", "BACKGROUND"}
	nodeSubtitlePositions = []string{"Centered"}
)

// momentFields are the fields of MomentCreateArgs.
var momentFields = []string{"transcript", "avatarId", "voiceId", "gestureSlug", "audioUrl", "zoom", "broll"}

// parseVideoCreate validates a VideoCreateArgs body and returns the video it describes
// (without id, timestamps or sequence number).
func (e *Emulator) parseVideoCreate(body any) (*video, error) {
	m, err := object(body, "body")
	if err != nil {
		return nil, err
	}
	v := &video{subtitles: map[string]any{"enable": false}, extras: map[string]string{}}
	if v.name, err = reqString(m, "", "name"); err != nil {
		return nil, err
	}
	rawMoments, ok := m["moments"]
	if !ok {
		return nil, invalid("moments is required")
	}
	list, ok := rawMoments.([]any)
	if !ok {
		return nil, invalid("moments must be an array")
	}
	for i, item := range list {
		mo, err := e.parseMoment(item, "moments["+strconv.Itoa(i)+"]")
		if err != nil {
			return nil, err
		}
		v.moments = append(v.moments, mo)
	}
	if raw, ok := m["subtitles"]; ok {
		if v.subtitles, err = e.parseSubtitles(raw); err != nil {
			return nil, err
		}
	}
	if v.aspectRatio, _, err = optEnum(m, "", "aspectRatio", aspectRatios...); err != nil {
		return nil, err
	}
	if _, _, err = optBool(m, "", "enableAutoBrolls"); err != nil {
		return nil, err
	}
	if raw, ok := m["autoBrolls"]; ok {
		if err := e.parseAutoBrolls(raw); err != nil {
			return nil, err
		}
	}
	if raw, ok := m["extras"]; ok {
		if v.extras, err = stringMap(raw, "extras", 10, 256); err != nil {
			return nil, err
		}
	}
	if raw, ok := m["backgroundMusic"]; ok {
		bm, err := object(raw, "backgroundMusic")
		if err != nil {
			return nil, err
		}
		if _, err := reqString(bm, "backgroundMusic", "assetId"); err != nil {
			return nil, err
		}
		if vol, ok, err := optNumber(bm, "backgroundMusic", "volume"); err != nil {
			return nil, err
		} else if ok && (vol < 0 || vol > 1) {
			return nil, invalid("backgroundMusic.volume must be between 0 and 1")
		}
	}
	if _, _, err = optEnum(m, "", "model", videoModels...); err != nil {
		return nil, err
	}
	return v, nil
}

func (e *Emulator) parseMoment(item any, path string) (moment, error) {
	var mo moment
	m, err := object(item, path)
	if err != nil {
		return mo, err
	}
	if !e.opts.AllowUnknownMomentFields {
		known := momentFields
		if e.opts.AcceptNodeValues {
			known = append(slices.Clone(momentFields), "layout")
		}
		if err := onlyKeys(m, path, known...); err != nil {
			return mo, err
		}
	}
	if e.opts.AcceptNodeValues {
		if _, _, err := optEnum(m, path, "layout", nodeLayouts...); err != nil {
			return mo, err
		}
	}
	if mo.AvatarID, err = reqString(m, path, "avatarId"); err != nil {
		return mo, err
	}
	var hasTranscript, hasAudio bool
	if mo.Transcript, hasTranscript, err = optString(m, path, "transcript"); err != nil {
		return mo, err
	}
	if mo.AudioURL, hasAudio, err = optString(m, path, "audioUrl"); err != nil {
		return mo, err
	}
	if hasTranscript == hasAudio {
		return mo, invalid("%s: exactly one of transcript or audioUrl must be provided", path)
	}
	if limit := e.opts.MaxTranscriptChars; limit > 0 && utf8.RuneCountInString(mo.Transcript) > limit {
		return mo, invalid("%s.transcript must be at most %d characters", path, limit)
	}
	if mo.VoiceID, _, err = optString(m, path, "voiceId"); err != nil {
		return mo, err
	}
	if mo.GestureSlug, _, err = optString(m, path, "gestureSlug"); err != nil {
		return mo, err
	}
	if raw, ok := m["zoom"]; ok {
		z, err := object(raw, path+".zoom")
		if err != nil {
			return mo, err
		}
		if err := onlyKeys(z, path+".zoom", "level"); err != nil {
			return mo, err
		}
		level, ok, err := optNumber(z, path+".zoom", "level")
		if err != nil {
			return mo, err
		}
		if !ok {
			return mo, invalid("%s.zoom.level is required", path)
		}
		if level < 1 || level > 2 {
			return mo, invalid("%s.zoom.level must be between 1 and 2", path)
		}
		mo.Zoom = map[string]any{"level": level}
	}
	if raw, ok := m["broll"]; ok {
		b, err := object(raw, path+".broll")
		if err != nil {
			return mo, err
		}
		for _, k := range []string{"type", "assetId"} {
			if _, _, err := optString(b, path+".broll", k); err != nil {
				return mo, err
			}
		}
		if z, ok := b["zoom"]; ok {
			if _, err := object(z, path+".broll.zoom"); err != nil {
				return mo, err
			}
		}
		mo.Broll = b
	}
	return mo, nil
}

func (e *Emulator) parseSubtitles(raw any) (map[string]any, error) {
	s, err := object(raw, "subtitles")
	if err != nil {
		return nil, err
	}
	if err := onlyKeys(s, "subtitles", "enable", "styleId", "position", "size"); err != nil {
		return nil, err
	}
	out := map[string]any{}
	enable, ok, err := optBool(s, "subtitles", "enable")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, invalid("subtitles.enable is required")
	}
	out["enable"] = enable
	if id, ok, err := optString(s, "subtitles", "styleId"); err != nil {
		return nil, err
	} else if ok {
		out["styleId"] = id
	}
	positions := subtitlePositions
	if e.opts.AcceptNodeValues {
		positions = append(slices.Clone(positions), nodeSubtitlePositions...)
	}
	if p, ok, err := optEnum(s, "subtitles", "position", positions...); err != nil {
		return nil, err
	} else if ok {
		out["position"] = p
	}
	if sz, ok, err := optEnum(s, "subtitles", "size", subtitleSizes...); err != nil {
		return nil, err
	} else if ok {
		out["size"] = sz
	}
	return out, nil
}

func (e *Emulator) parseAutoBrolls(raw any) error {
	a, err := object(raw, "autoBrolls")
	if err != nil {
		return err
	}
	if _, ok, err := optBool(a, "autoBrolls", "enable"); err != nil {
		return err
	} else if !ok {
		return invalid("autoBrolls.enable is required")
	}
	if _, ok, err := optEnum(a, "autoBrolls", "source", autoBrollSources...); err != nil {
		return err
	} else if !ok {
		return invalid("autoBrolls.source is required")
	}
	if _, ok, err := optEnum(a, "autoBrolls", "intensity", autoBrollIntensity...); err != nil {
		return err
	} else if !ok {
		return invalid("autoBrolls.intensity is required")
	}
	layouts := autoBrollLayouts
	if e.opts.AcceptNodeValues {
		for _, l := range nodeLayouts {
			if !slices.Contains(layouts, l) { // BACKGROUND is in both
				layouts = append(slices.Clone(layouts), l)
			}
		}
	}
	_, _, err = optEnum(a, "autoBrolls", "layout", layouts...)
	return err
}

// checkReferences refuses ids that the emulator does not know (Options.ValidateReferences).
// The caller holds e.mu.
func (e *Emulator) checkReferences(v *video, body map[string]any) error {
	for i, m := range v.moments {
		a := e.avatars[m.AvatarID]
		if a == nil {
			return invalid("moments[%d].avatarId: avatar not found", i)
		}
		if m.VoiceID != "" && e.voices[m.VoiceID] == nil {
			return invalid("moments[%d].voiceId: voice not found", i)
		}
		if m.GestureSlug != "" && !slices.ContainsFunc(a.gestures, func(g gesture) bool { return g.Slug == m.GestureSlug }) {
			return invalid("moments[%d].gestureSlug: the avatar has no gesture %q", i, m.GestureSlug)
		}
		if id, _ := m.Broll["assetId"].(string); id != "" && e.liveAsset(id) == nil {
			return invalid("moments[%d].broll.assetId: asset not found", i)
		}
	}
	if id, _ := v.subtitles["styleId"].(string); id != "" && !slices.ContainsFunc(e.styles, func(s subtitleStyle) bool { return s.ID == id }) {
		return invalid("subtitles.styleId: subtitle style not found")
	}
	if bm, ok := body["backgroundMusic"].(map[string]any); ok {
		id, _ := bm["assetId"].(string)
		if a := e.liveAsset(id); a == nil || a.typ != "AUDIO" {
			return invalid("backgroundMusic.assetId: audio asset not found")
		}
	}
	return nil
}

func (e *Emulator) createVideo(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	v, err := e.parseVideoCreate(body)
	if err != nil {
		badRequest(w, err)
		return
	}
	now := e.now()
	e.mu.Lock()
	if e.opts.ValidateReferences {
		fields, _ := body.(map[string]any) // an object: parseVideoCreate checked it
		if err := e.checkReferences(v, fields); err != nil {
			e.mu.Unlock()
			badRequest(w, err)
			return
		}
	}
	if v.aspectRatio == "" {
		// "Optional, default depends on used avatar."
		v.aspectRatio = "16:9"
		if len(v.moments) > 0 {
			if a := e.avatars[v.moments[0].AvatarID]; a != nil && a.orientation == "ASPECT_RATIO_9_16" {
				v.aspectRatio = "9:16"
			}
		}
	}
	v.seq = e.nextSeq()
	v.id = newUUID()
	v.createdAt, v.updatedAt = now, now
	e.videos[v.id] = v
	out := e.videoJSON(v, baseURL(r), now)
	drop := take(&e.faults.CreateDropAfterAccept)
	e.mu.Unlock()
	if drop {
		dropConnection(w)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

func (e *Emulator) getVideo(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	v := e.videos[r.PathValue("id")]
	var out map[string]any
	if v != nil {
		out = e.oddShape(e.videoJSON(v, baseURL(r), e.now()), false)
	}
	e.mu.Unlock()
	if !found(w, v, "Video") {
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) deleteVideoHandler(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	e.mu.Lock()
	v := e.videos[id]
	if v == nil {
		e.mu.Unlock()
		writeError(w, http.StatusNotFound, "Video not found")
		return
	}
	delete(e.videos, id)
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"message": "Video deleted successfully"})
}

// DeleteVideo removes a video as DELETE /videos/{id} would (its pending events are never
// sent). It reports whether the video existed.
func (e *Emulator) DeleteVideo(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.videos[id]
	delete(e.videos, id)
	return ok
}

// VideoIDs returns the id of every video, oldest first.
func (e *Emulator) VideoIDs() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	all := inOrder(e.videos, nil)
	ids := make([]string, len(all))
	for i, v := range all {
		ids[i] = v.id
	}
	return ids
}

func (e *Emulator) listVideos(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, err := intParam(q.Get("page"), "page", 1, 0)
	if err != nil {
		badRequest(w, err)
		return
	}
	limit, err := intParam(q.Get("limit"), "limit", 10, 0)
	if err != nil {
		badRequest(w, err)
		return
	}
	var extras map[string]any
	if f := q.Get("extrasFilter"); f != "" && !e.CurrentFaults().IgnoreExtrasFilter {
		if err := json.Unmarshal([]byte(f), &extras); err != nil || extras == nil {
			badRequest(w, invalid("extrasFilter must be a valid JSON object"))
			return
		}
	}
	name := strings.ToLower(q.Get("nameSearchQuery"))
	avatarID, voiceID := q.Get("avatarId"), q.Get("voiceId")

	now := e.now()
	base := baseURL(r)
	e.mu.Lock()
	var match []*video
	for _, v := range e.videos {
		if name != "" && !strings.Contains(strings.ToLower(v.name), name) {
			continue
		}
		if avatarID != "" && !v.usesMoment(func(m moment) bool { return m.AvatarID == avatarID }) {
			continue
		}
		if voiceID != "" && !v.usesMoment(func(m moment) bool { return m.VoiceID == voiceID }) {
			continue
		}
		if !extrasMatch(v.extras, extras) {
			continue
		}
		match = append(match, v)
	}
	sort.Slice(match, func(i, j int) bool { return match[i].seq > match[j].seq })
	total := len(match)
	from := min((page-1)*limit, total)
	to := min(from+limit, total)
	videos := make([]map[string]any, 0, to-from)
	for _, v := range match[from:to] {
		item := e.videoJSON(v, base, now)
		if e.opts.ShortListItems {
			delete(item, "previewUrl")
			delete(item, "duration")
			delete(item, "aspectRatio")
		}
		videos = append(videos, e.oddShape(item, false))
	}
	e.mu.Unlock()
	if e.opts.BareArrayList {
		writeJSON(w, http.StatusOK, videos)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"totalItems":   total,
		"totalPages":   int(math.Ceil(float64(total) / float64(limit))),
		"currentPage":  page,
		"itemsPerPage": limit,
		"videos":       videos,
	})
}

func (v *video) usesMoment(pred func(moment) bool) bool {
	for _, m := range v.moments {
		if pred(m) {
			return true
		}
	}
	return false
}

// extrasMatch reports whether every key of filter is in extras with an equal value (a
// non-string filter value is compared by its JSON text).
func extrasMatch(extras map[string]string, filter map[string]any) bool {
	for k, want := range filter {
		got, ok := extras[k]
		if !ok {
			return false
		}
		s, isStr := want.(string)
		if !isStr {
			b, _ := json.Marshal(want)
			s = string(b)
		}
		if got != s {
			return false
		}
	}
	return true
}

// intParam parses a positive integer query parameter with a default and a maximum (0: none).
func intParam(raw, name string, def, hi int) (int, error) {
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return 0, invalid("%s must be an integer", name)
	}
	if n < 1 || (hi > 0 && n > hi) {
		if hi > 0 {
			return 0, invalid("%s must be between 1 and %d", name, hi)
		}
		return 0, invalid("%s must be at least 1", name)
	}
	return n, nil
}

func (e *Emulator) renderVideo(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	e.mu.Lock()
	if take(&e.faults.RenderVideoGone) {
		delete(e.videos, id)
	}
	if take(&e.faults.RenderErrorBeforeAccept) {
		e.mu.Unlock()
		writeServerError(w, http.StatusServiceUnavailable)
		return
	}
	_, exists := e.videos[id]
	e.mu.Unlock()
	if !exists {
		writeError(w, http.StatusNotFound, "Video not found")
		return
	}

	var callbackURL string
	body, err := readJSON(w, r)
	switch {
	case errors.Is(err, errEmptyBody):
	case err != nil:
		badRequest(w, err)
		return
	default:
		m, err := object(body, "body")
		if err != nil {
			badRequest(w, err)
			return
		}
		s, ok, err := optString(m, "", "callbackUrl")
		if err != nil {
			badRequest(w, err)
			return
		}
		if ok {
			if err := absoluteURL(s, "callbackUrl", !e.opts.AllowHTTPCallbackURL); err != nil {
				badRequest(w, err)
				return
			}
			callbackURL = s
		}
	}

	now := e.now()
	base := baseURL(r)
	e.mu.Lock()
	v := e.videos[id]
	if v == nil { // deleted meanwhile
		e.mu.Unlock()
		writeError(w, http.StatusNotFound, "Video not found")
		return
	}
	status := e.phaseAt(v, now).status
	done := e.realPhaseAt(v, now).status == StatusDone
	start := true
	switch {
	case generating(status):
		switch e.opts.RenderWhileGenerating {
		case "ignore":
			start = false
		case "restart":
		default:
			e.mu.Unlock()
			writeError(w, http.StatusBadRequest, "Video is already being generated")
			return
		}
	case done && e.opts.RejectRerenderDone:
		e.mu.Unlock()
		writeError(w, http.StatusBadRequest, "Video has already been generated")
		return
	}
	drop, errAfter := false, false
	if start {
		e.startRender(v, now, callbackURL, base)
		drop = take(&e.faults.RenderDropAfterAccept)
		errAfter = !drop && take(&e.faults.RenderErrorAfterAccept)
	}
	out := e.oddShape(e.videoJSON(v, base, now), true)
	e.mu.Unlock()

	switch {
	case drop:
		dropConnection(w)
	case errAfter:
		writeHTMLError(w, http.StatusBadGateway)
	default:
		writeJSON(w, http.StatusOK, out)
	}
}

// startRender begins a generation of v at now (it leaves the queue Options.RenderQueue
// later). The caller holds e.mu.
func (e *Emulator) startRender(v *video, now time.Time, callbackURL, base string) {
	if e.opts.RenderQueue > 0 {
		// A queued render does not move updatedAt: keep the time the video last showed.
		if ch := e.realPhaseAt(v, now).changedAt; ch.After(v.updatedAt) {
			v.updatedAt = ch
		}
	} else {
		v.updatedAt = now
	}
	v.render = &render{
		start:       now.Add(e.opts.RenderQueue),
		skipAudio:   v.allAudioURL() && !e.opts.AlwaysGenerateAudio,
		fail:        v.failNext,
		callbackURL: callbackURL,
		baseURL:     base,
	}
	v.failNext = false
	v.fixed = ""
	e.renders[v.id]++
	e.total++
}

// dropConnection closes the client connection without writing a response.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 or a recorder: abort the handler, which resets the stream.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// FailNextRender makes the next render of the video end FAILED: it goes through
// GENERATING_AUDIO and GENERATING_VIDEO as usual, then reports FAILED (and sends
// VIDEO_GENERATION_FAILED) when it would have reached DONE. A render already in flight is
// not affected.
func (e *Emulator) FailNextRender(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if v := e.videos[id]; v != nil {
		v.failNext = true
	}
}

// VideoStatus returns the video's current status as GET /videos/{id} would report it.
func (e *Emulator) VideoStatus(id string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	v := e.videos[id]
	if v == nil {
		return "", false
	}
	return e.phaseAt(v, e.now()).status, true
}

// videoJSON renders v as the API's Video object at now, with media URLs under base.
// The caller holds e.mu.
func (e *Emulator) videoJSON(v *video, base string, now time.Time) map[string]any {
	ph := e.phaseAt(v, now)
	updated := v.updatedAt
	if ph.changedAt.After(updated) {
		updated = ph.changedAt
	}
	out := map[string]any{
		"id":          v.id,
		"name":        v.name,
		"createdAt":   formatTime(v.createdAt),
		"updatedAt":   formatTime(updated),
		"status":      ph.status,
		"duration":    nil,
		"aspectRatio": v.aspectRatio,
		"subtitles":   v.subtitles,
		"extras":      v.extras,
	}
	if ph.audioDone {
		out["duration"] = videoDuration(v)
	}
	moments := make([]map[string]any, 0, len(v.moments))
	for i, m := range v.moments {
		mj := map[string]any{"avatarId": m.AvatarID}
		if m.AudioURL == "" {
			mj["transcript"] = m.Transcript
		}
		if m.VoiceID != "" {
			mj["voiceId"] = m.VoiceID
		}
		if m.GestureSlug != "" {
			mj["gestureSlug"] = m.GestureSlug
		}
		if m.Zoom != nil {
			mj["zoom"] = m.Zoom
		}
		if m.Broll != nil {
			mj["broll"] = m.Broll
		}
		switch {
		case m.AudioURL != "":
			mj["audioUrl"] = m.AudioURL
		case ph.audioDone:
			mj["audioUrl"] = momentMediaURL(base, v.id, i, "mp3")
		}
		if ph.videoDone {
			mj["videoUrl"] = momentMediaURL(base, v.id, i, "mp4")
		}
		if e.faults.UnknownField {
			mj["layout"] = "NORMAL"
		}
		moments = append(moments, mj)
	}
	out["moments"] = moments

	e.setURL(out, "videoUrl", ph.videoDone, videoMediaURL(base, v.id, false))
	e.setURL(out, "videoUrlSubtitled", ph.videoDone && v.subtitlesEnabled(), videoMediaURL(base, v.id, true))
	if e.opts.NullPreviewURL {
		e.setURL(out, "previewUrl", ph.videoDone, previewURL(base, v.id))
	} else {
		out["previewUrl"] = previewURL(base, v.id)
	}
	if e.faults.UnknownField {
		// Fields a newer API might send; clients must ignore them.
		out["projectType"] = "AVATAR_VIDEO"
		out["credits"] = map[string]any{"used": 12.5, "currency": "credits"}
		out["thumbnailUrls"] = []string{previewURL(base, v.id) + "/thumbnail.jpg"}
	}
	return out
}

// oddShape applies the odd-shape faults (LowercaseStatus, VideoFields and, for the answer of a
// render POST, RenderVideoFields) to a Video answered by a read or a render. The caller
// holds e.mu.
func (e *Emulator) oddShape(out map[string]any, render bool) map[string]any {
	if e.faults.LowercaseStatus {
		if s, ok := out["status"].(string); ok {
			out["status"] = strings.ToLower(s)
		}
	}
	replaceFields(out, e.faults.VideoFields)
	if render {
		replaceFields(out, e.faults.RenderVideoFields)
	}
	return out
}

// replaceFields sets each key of fields ("name" or "moments.N.name") that v carries with a
// value that is not null.
func replaceFields(v map[string]any, fields map[string]any) {
	for key, val := range fields {
		obj, name := v, key
		if rest, ok := strings.CutPrefix(key, "moments."); ok {
			idx, field, _ := strings.Cut(rest, ".")
			n, err := strconv.Atoi(idx)
			moments, _ := v["moments"].([]map[string]any)
			if err != nil || n < 0 || n >= len(moments) {
				continue
			}
			obj, name = moments[n], field
		}
		if obj[name] != nil {
			obj[name] = val
		}
	}
}

// setURL sets key to url when ok, else to null (or leaves it out with OmitUnsetURLs).
func (e *Emulator) setURL(out map[string]any, key string, ok bool, url string) {
	switch {
	case ok:
		out[key] = url
	case !e.opts.OmitUnsetURLs:
		out[key] = nil
	}
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
