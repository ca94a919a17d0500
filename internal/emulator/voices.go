package emulator

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// voiceLanguages and voiceGenders are the VoiceLanguage and VoiceGender enumerations.
var (
	voiceLanguages = []string{"ENGLISH", "SPANISH", "FRENCH", "PORTUGUESE", "BRAZILIAN_PORTUGUESE", "GERMAN",
		"RUSSIAN", "HINDI", "CHINESE", "DUTCH", "ARABIC"}
	voiceGenders = []string{"MALE", "FEMALE"}
)

// voiceCreateFields are the documented fields of VoiceCreateArgs.
var voiceCreateFields = []string{"name", "audioUrl", "modelId", "voiceStability", "voiceSimilarity", "voiceStyle",
	"voiceSpeed", "speakerBoost", "languageBoost", "emotion"}

// voice is the stored form of a Voice. A cloned voice is IDLE at once ("available
// immediately after creation").
type voice struct {
	seq       int
	id        string
	name      string
	createdAt time.Time
	updatedAt time.Time
	status    string
	language  string // "" is null
	gender    string // "" is null
	public    bool
}

// voiceJSON renders v as the API's Voice object.
func (e *Emulator) voiceJSON(v *voice, base string) map[string]any {
	out := map[string]any{
		"id":        v.id,
		"name":      v.name,
		"updatedAt": formatTime(v.updatedAt),
		"status":    v.status,
		"sampleUrl": base + "/media/voices/" + v.id + ".mp3",
		"language":  nullable(v.language),
		"gender":    nullable(v.gender),
	}
	out[e.opts.CreatedAtKey] = formatTime(v.createdAt)
	return out
}

// nullable is s, or nil (JSON null) when s is empty.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (e *Emulator) listVoices(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lang, err := enumParam(q.Get("language"), "language", voiceLanguages...)
	if err != nil {
		badRequest(w, err)
		return
	}
	gender, err := enumParam(q.Get("gender"), "gender", voiceGenders...)
	if err != nil {
		badRequest(w, err)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	list := inOrder(e.voices, func(v *voice) bool {
		return (lang == "" || v.language == lang) && (gender == "" || v.gender == gender)
	})
	out := make([]map[string]any, 0, len(list))
	for _, v := range list {
		out = append(out, e.voiceJSON(v, baseURL(r)))
	}
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) getVoice(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	v := e.voices[r.PathValue("id")]
	if !found(w, v, "Voice") {
		return
	}
	writeJSON(w, http.StatusOK, e.voiceJSON(v, baseURL(r)))
}

// parseVoiceCreate validates a VoiceCreateArgs body and returns the voice's name.
func (e *Emulator) parseVoiceCreate(body any) (string, error) {
	m, err := object(body, "body")
	if err != nil {
		return "", err
	}
	if e.opts.RejectUnknownVoiceFields {
		if err := onlyKeys(m, "body", voiceCreateFields...); err != nil {
			return "", err
		}
	}
	name, err := reqString(m, "", "name")
	if err != nil {
		return "", err
	}
	if n := utf8.RuneCountInString(name); n < 1 || n > 256 {
		return "", invalid("name must be 1 to 256 characters")
	}
	audio, err := reqString(m, "", "audioUrl")
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(audio, "https://") {
		return "", invalid("audioUrl must use HTTPS")
	}
	for _, k := range []string{"modelId", "languageBoost", "emotion"} {
		if _, _, err := optString(m, "", k); err != nil {
			return "", err
		}
	}
	ranges := []struct {
		key    string
		lo, hi float64
	}{{"voiceStability", 0, 1}, {"voiceSimilarity", 0, 1}, {"voiceStyle", 0, 1}, {"voiceSpeed", 0.7, 1.2}}
	for _, rg := range ranges {
		f, ok, err := optNumber(m, "", rg.key)
		if err != nil {
			return "", err
		}
		if ok && (f < rg.lo || f > rg.hi) {
			return "", invalid("%s must be between %g and %g", rg.key, rg.lo, rg.hi)
		}
	}
	if _, _, err := optBool(m, "", "speakerBoost"); err != nil {
		return "", err
	}
	return name, nil
}

func (e *Emulator) createVoice(w http.ResponseWriter, r *http.Request) {
	name, ok := parseBody(w, r, e.parseVoiceCreate)
	if !ok {
		return
	}
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	v := &voice{seq: e.nextSeq(), id: newUUID(), name: name, createdAt: now, updatedAt: now, status: "IDLE"}
	e.voices[v.id] = v
	writeJSON(w, e.opts.VoiceCreateStatus, e.voiceJSON(v, baseURL(r)))
}
