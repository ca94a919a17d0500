package argil

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// VoiceStatusIdle is the status of a voice ready to be used; a cloned voice is IDLE at once.
// Voice.status is a plain string in the docs: other values must be accepted.
const VoiceStatusIdle = "IDLE"

// DefaultVoiceModel is the model Argil uses when POST /voices has no modelId (Minimax).
const DefaultVoiceModel = "speech-2.5-hd-preview"

// Voice models named by the docs of POST /voices. The list changes: clients must accept others.
var (
	// ElevenLabsVoiceModels take voiceStability, voiceSimilarity, voiceStyle, voiceSpeed and
	// speakerBoost (not eleven_v3).
	ElevenLabsVoiceModels = []string{
		"eleven_v3", "eleven_multilingual_v2", "eleven_multilingual_v1", "eleven_monolingual_v1",
		"eleven_turbo_v2", "eleven_turbo_v2_5", "eleven_flash_v2_5",
	}
	// MinimaxVoiceModels take voiceSpeed, languageBoost and emotion.
	MinimaxVoiceModels = []string{
		"speech-2.8-hd", "speech-2.8-turbo", "speech-2.6-hd", "speech-2.6-turbo",
		"speech-2.5-hd-preview", "speech-2.5-turbo-preview", "speech-02-hd", "speech-02-turbo",
	}
	// VoiceEmotions are the documented values of emotion (Minimax models).
	VoiceEmotions = []string{"auto", "happy", "sad", "angry", "fearful", "disgusted", "surprised", "neutral"}
	// VoiceLanguages are the documented values of Voice.language and of the language filter.
	VoiceLanguages = []string{
		"ENGLISH", "SPANISH", "FRENCH", "PORTUGUESE", "BRAZILIAN_PORTUGUESE", "GERMAN", "RUSSIAN",
		"HINDI", "CHINESE", "DUTCH", "ARABIC",
	}
	// VoiceGenders are the documented values of Voice.gender and of the gender filter.
	VoiceGenders = []string{"MALE", "FEMALE"}
)

// Voice is the API's Voice object. Unknown fields are ignored; fields the API leaves out or
// sends as null (language and gender are nullable) are empty strings. CreatedAt is read from
// `createdAt` or, failing that, from `createAt` (the docs use both spellings).
type Voice struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	CreatedAt string `json:"createdAt"`
	UpdatedAt string `json:"updatedAt"`
	Status    string `json:"status"`
	SampleURL string `json:"sampleUrl"`
	Language  string `json:"language"`
	Gender    string `json:"gender"`
}

// UnmarshalJSON decodes a Voice, accepting both timestamp spellings and nulls.
func (v *Voice) UnmarshalJSON(data []byte) error {
	var aux struct {
		ID        nullString `json:"id"`
		Name      nullString `json:"name"`
		CreatedAt nullString `json:"createdAt"`
		CreateAt  nullString `json:"createAt"`
		UpdatedAt nullString `json:"updatedAt"`
		Status    nullString `json:"status"`
		SampleURL nullString `json:"sampleUrl"`
		Language  nullString `json:"language"`
		Gender    nullString `json:"gender"`
	}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	*v = Voice{
		ID:        string(aux.ID),
		Name:      string(aux.Name),
		CreatedAt: firstNonEmpty(string(aux.CreatedAt), string(aux.CreateAt)),
		UpdatedAt: string(aux.UpdatedAt),
		Status:    string(aux.Status),
		SampleURL: string(aux.SampleURL),
		Language:  string(aux.Language),
		Gender:    string(aux.Gender),
	}
	return nil
}

// ListVoicesParams filters GET /voices. Empty fields are not sent.
type ListVoicesParams struct {
	// Language is one of VoiceLanguages.
	Language string
	// Gender is MALE or FEMALE.
	Gender string
}

// ListVoices returns every voice the API key can use that matches p (the API does not paginate
// this list).
func (c *Client) ListVoices(ctx context.Context, p ListVoicesParams) ([]Voice, error) {
	return getList[Voice](ctx, c, "/voices", queryOf("language", p.Language, "gender", p.Gender), "voices")
}

// GetVoice returns the voice with this id.
func (c *Client) GetVoice(ctx context.Context, id string) (*Voice, error) {
	return send[Voice](ctx, c, request{method: http.MethodGet, path: "/voices/" + url.PathEscape(id)})
}

// VoiceCreateArgs clones a voice from an audio file. The per-model settings are sent at the top
// level of the body, as the contract assumes (the docs name them without showing where they
// sit); nil settings are not sent, so Argil applies its defaults.
type VoiceCreateArgs struct {
	// Name is 1 to 256 characters.
	Name string `json:"name"`
	// AudioURL is an https:// URL of an MP3, WAV or M4A file of 30 seconds to 4 minutes.
	AudioURL string `json:"audioUrl"`
	// ModelID picks the TTS model (DefaultVoiceModel when empty); see ElevenLabsVoiceModels and
	// MinimaxVoiceModels.
	ModelID string `json:"modelId,omitempty"`
	// VoiceStability is 0 to 1 (ElevenLabs).
	VoiceStability *float64 `json:"voiceStability,omitempty"`
	// VoiceSimilarity is 0 to 1 (ElevenLabs).
	VoiceSimilarity *float64 `json:"voiceSimilarity,omitempty"`
	// VoiceStyle is 0 to 1 (ElevenLabs).
	VoiceStyle *float64 `json:"voiceStyle,omitempty"`
	// VoiceSpeed is 0.7 to 1.2.
	VoiceSpeed *float64 `json:"voiceSpeed,omitempty"`
	// SpeakerBoost enhances speaker similarity (ElevenLabs, not eleven_v3).
	SpeakerBoost *bool `json:"speakerBoost,omitempty"`
	// LanguageBoost is "auto" by default (Minimax).
	LanguageBoost string `json:"languageBoost,omitempty"`
	// Emotion is one of VoiceEmotions (Minimax).
	Emotion string `json:"emotion,omitempty"`
}

// VoiceLookup finds the voice of a create whose answer was lost: the voice named name, created
// since (the time of the request).
func (c *Client) VoiceLookup(name string, since time.Time) Lookup[Voice] {
	return byNameSince(c, KindVoice, name, since,
		func(ctx context.Context) ([]Voice, error) { return c.ListVoices(ctx, ListVoicesParams{}) },
		func(v *Voice) Candidate { return Candidate{ID: v.ID, Name: v.Name, CreatedAt: v.CreatedAt} })
}

// CreateVoice clones a voice (POST /voices). The docs say the voice is usable at once. After an
// ambiguous failure (*AmbiguousError) it is not sent again: see VoiceLookup.
func (c *Client) CreateVoice(ctx context.Context, args VoiceCreateArgs) (*Voice, error) {
	return send[Voice](ctx, c, request{method: http.MethodPost, path: "/voices", body: args})
}
