package emulator

import (
	"encoding/base64"
	"maps"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Avatar statuses.
const (
	AvatarStatusNotTrained     = "NOT_TRAINED"
	AvatarStatusTraining       = "TRAINING"
	AvatarStatusTrainingFailed = "TRAINING_FAILED"
	AvatarStatusIdle           = "IDLE"
	AvatarStatusRefused        = "REFUSED"
)

// Event names of avatar training.
const (
	EventAvatarSuccess = "AVATAR_TRAINING_SUCCESS"
	EventAvatarFailed  = "AVATAR_TRAINING_FAILED"
)

type gesture struct {
	Label      string  `json:"label"`
	Slug       string  `json:"slug"`
	StartFrame float64 `json:"startFrame"`
}

// avatar is the stored form of an Avatar. A created avatar is TRAINING from createdAt for
// Options.AvatarTraining, then reports outcome.
type avatar struct {
	seq         int
	id          string
	name        string
	actorName   string
	createdAt   time.Time
	updatedAt   time.Time
	gestures    []gesture
	width       int
	height      int
	extras      map[string]string
	orientation string
	model       string
	voiceID     string
	public      bool
	trained     bool   // created through the API: goes through TRAINING
	outcome     string // status after training
	notified    bool   // the training event was handed to the delivery goroutine
}

// avatarStatus returns the status at now and when it was entered.
func (e *Emulator) avatarStatus(a *avatar, now time.Time) (string, time.Time) {
	if !a.trained {
		return a.outcome, a.updatedAt
	}
	end := a.createdAt.Add(e.opts.AvatarTraining)
	if now.Before(end) {
		return AvatarStatusTraining, a.createdAt
	}
	return a.outcome, end
}

var base64Image = regexp.MustCompile(`^data:image/(png|jpeg|jpg|webp);base64,`)

// parseAvatarCreate validates an AvatarCreateArgsImage body.
func (e *Emulator) parseAvatarCreate(body any) (*avatar, error) {
	m, err := object(body, "body")
	if err != nil {
		return nil, err
	}
	if err := onlyKeys(m, "body", "type", "name", "datasetImage", "voiceId", "extras"); err != nil {
		return nil, err
	}
	typ, err := reqString(m, "", "type")
	if err != nil {
		return nil, err
	}
	if typ != "IMAGE" {
		return nil, invalid("type must be IMAGE")
	}
	a := &avatar{extras: map[string]string{}, trained: true}
	if a.name, err = reqString(m, "", "name"); err != nil {
		return nil, err
	}
	if n := utf8.RuneCountInString(a.name); n < 1 || n > 256 {
		return nil, invalid("name must be 1 to 256 characters")
	}
	raw, ok := m["datasetImage"]
	if !ok {
		return nil, invalid("datasetImage is required")
	}
	img, err := object(raw, "datasetImage")
	if err != nil {
		return nil, err
	}
	_, hasURL := img["url"]
	_, hasB64 := img["base64"]
	switch {
	case hasURL == hasB64:
		return nil, invalid("datasetImage: exactly one of url or base64 must be provided")
	case hasURL:
		if err := onlyKeys(img, "datasetImage", "url"); err != nil {
			return nil, err
		}
		u, err := reqString(img, "datasetImage", "url")
		if err != nil {
			return nil, err
		}
		if err := absoluteURL(u, "datasetImage.url", true); err != nil {
			return nil, err
		}
	default:
		if err := onlyKeys(img, "datasetImage", "base64"); err != nil {
			return nil, err
		}
		s, err := reqString(img, "datasetImage", "base64")
		if err != nil {
			return nil, err
		}
		loc := base64Image.FindStringIndex(s)
		if loc == nil {
			return nil, invalid("datasetImage.base64 must look like data:image/{png|jpeg|jpg|webp};base64,...")
		}
		if _, err := base64.StdEncoding.DecodeString(s[loc[1]:]); err != nil {
			return nil, invalid("datasetImage.base64 is not valid base64")
		}
	}
	if a.voiceID, _, err = optString(m, "", "voiceId"); err != nil {
		return nil, err
	}
	if _, present := m["voiceId"]; present && !isUUID(a.voiceID) {
		return nil, invalid("voiceId must be a UUID")
	}
	if raw, ok := m["extras"]; ok {
		if a.extras, err = stringMap(raw, "extras", 10, 256); err != nil {
			return nil, err
		}
	}
	return a, nil
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func isUUID(s string) bool { return uuidPattern.MatchString(s) }

func (e *Emulator) createAvatar(w http.ResponseWriter, r *http.Request) {
	a, ok := parseBody(w, r, e.parseAvatarCreate)
	if !ok {
		return
	}
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	if a.voiceID != "" && e.opts.ValidateReferences && e.voices[a.voiceID] == nil {
		writeError(w, http.StatusBadRequest, "Voice not found")
		return
	}
	a.seq = e.nextSeq()
	a.id = newUUID()
	a.actorName = a.name
	a.createdAt, a.updatedAt = now, now
	a.orientation, a.model = "ASPECT_RATIO_16_9", "ARGIL_ATOM"
	a.width, a.height = dimensions(a.orientation)
	a.gestures = []gesture{}
	a.outcome = AvatarStatusIdle
	switch {
	case take(&e.refuseNextAvatar):
		a.outcome = AvatarStatusRefused
	case take(&e.failNextAvatar):
		a.outcome = AvatarStatusTrainingFailed
	}
	if a.voiceID == "" {
		// "a voice design will be automatically created from the image"
		v := &voice{seq: e.nextSeq(), id: newUUID(), name: a.name + " (voice design)", createdAt: now, updatedAt: now, status: "IDLE"}
		e.voices[v.id] = v
		a.voiceID = v.id
	}
	e.avatars[a.id] = a
	writeJSON(w, http.StatusCreated, e.avatarJSON(a, baseURL(r), now))
}

func (e *Emulator) getAvatar(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.avatars[r.PathValue("id")]
	if !found(w, a, "Avatar") {
		return
	}
	writeJSON(w, http.StatusOK, e.avatarJSON(a, baseURL(r), e.now()))
}

func (e *Emulator) listAvatars(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	orientation, err := enumParam(q.Get("orientation"), "orientation", "ASPECT_RATIO_16_9", "ASPECT_RATIO_9_16")
	if err != nil {
		badRequest(w, err)
		return
	}
	model, err := enumParam(q.Get("model"), "model", videoModels...)
	if err != nil {
		badRequest(w, err)
		return
	}
	visibility, err := enumParam(q.Get("visibility"), "visibility", "public", "private")
	if err != nil {
		badRequest(w, err)
		return
	}
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	list := inOrder(e.avatars, func(a *avatar) bool {
		return (orientation == "" || a.orientation == orientation) && (model == "" || a.model == model) &&
			(visibility != "public" || a.public) && (visibility != "private" || !a.public)
	})
	out := make([]map[string]any, 0, len(list))
	for _, a := range list {
		out = append(out, e.avatarJSON(a, baseURL(r), now))
	}
	writeJSON(w, http.StatusOK, out)
}

// enumParam checks an optional query parameter against its values.
func enumParam(raw, name string, values ...string) (string, error) {
	if raw == "" {
		return "", nil
	}
	for _, v := range values {
		if raw == v {
			return raw, nil
		}
	}
	return "", invalid("%s must be one of %s", name, strings.Join(values, ", "))
}

// avatarJSON renders a as the API's Avatar object. The caller holds e.mu.
func (e *Emulator) avatarJSON(a *avatar, base string, now time.Time) map[string]any {
	status, changed := e.avatarStatus(a, now)
	updated := a.updatedAt
	if changed.After(updated) {
		updated = changed
	}
	out := map[string]any{
		"id":            a.id,
		"name":          a.name,
		"actorName":     a.actorName,
		"updatedAt":     formatTime(updated),
		"gestures":      a.gestures,
		"status":        status,
		"width":         a.width,
		"height":        a.height,
		"thumbnailUrl":  base + "/media/avatars/" + a.id + ".thumbnail.jpg",
		"coverImageUrl": base + "/media/avatars/" + a.id + ".cover.jpg",
		"extras":        a.extras,
		"orientation":   a.orientation,
		"model":         a.model,
	}
	out[e.opts.CreatedAtKey] = formatTime(a.createdAt)
	return out
}

// FailNextAvatar makes the next avatar created through POST /avatars end TRAINING_FAILED
// (and send AVATAR_TRAINING_FAILED) when its training time is over.
func (e *Emulator) FailNextAvatar() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failNextAvatar++
}

// RefuseNextAvatar makes the next avatar created through POST /avatars end REFUSED
// (moderation) when its training time is over. No event is sent for it unless
// Options.RefusedAvatarSendsFailedEvent.
func (e *Emulator) RefuseNextAvatar() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.refuseNextAvatar++
}

// AvatarStatus returns the avatar's current status as GET /avatars/{id} would report it.
func (e *Emulator) AvatarStatus(id string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.avatars[id]
	if a == nil {
		return "", false
	}
	s, _ := e.avatarStatus(a, e.now())
	return s, true
}

// avatarEvent builds the training event of an avatar whose training ended, if one fires.
// The caller holds e.mu.
func (e *Emulator) avatarEvent(a *avatar) (event, bool) {
	data := map[string]any{"avatarId": a.id, "avatarName": a.name, "extras": e.eventExtras(maps.Clone(a.extras))}
	name := EventAvatarFailed
	switch a.outcome {
	case AvatarStatusIdle:
		name = EventAvatarSuccess
		data["voiceId"] = a.voiceID
	case AvatarStatusRefused:
		if !e.opts.RefusedAvatarSendsFailedEvent {
			return event{}, false
		}
	}
	ev := event{name: name, targets: e.webhookTargets(name)}
	ev.body = mustJSON(map[string]any{"event": name, "data": data})
	return ev, len(ev.targets) > 0
}
