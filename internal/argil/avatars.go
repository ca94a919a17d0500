package argil

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"
)

// Avatar statuses documented by the API. Other values must be accepted: a waiter keeps waiting
// on a status it does not know unless its name says it failed.
const (
	// AvatarStatusNotTrained is the first status of a (deprecated) video-based avatar.
	AvatarStatusNotTrained = "NOT_TRAINED"
	// AvatarStatusTraining is the first status of an image-based avatar.
	AvatarStatusTraining = "TRAINING"
	// AvatarStatusTrainingFailed ends a training without a usable avatar.
	AvatarStatusTrainingFailed = "TRAINING_FAILED"
	// AvatarStatusIdle is an avatar ready to be used in videos.
	AvatarStatusIdle = "IDLE"
	// AvatarStatusRefused is an avatar refused by Argil's moderation.
	AvatarStatusRefused = "REFUSED"
)

// Avatar orientations and models, as the API names them.
const (
	AvatarOrientationLandscape = "ASPECT_RATIO_16_9"
	AvatarOrientationPortrait  = "ASPECT_RATIO_9_16"
	AvatarModelV1              = "ARGIL_V1"
	AvatarModelAtom            = "ARGIL_ATOM"
)

// Gesture is a labelled gesture of an avatar. Its Slug is what a moment's gestureSlug takes.
type Gesture struct {
	Label string `json:"label"`
	Slug  string `json:"slug"`
	// StartFrame is the frame of the avatar's source video where the gesture starts.
	StartFrame float64 `json:"startFrame"`
}

// Avatar is the API's Avatar object. Unknown fields are ignored; fields the API leaves out or
// sends as null are zero values. CreatedAt is read from `createdAt` or, failing that, from
// `createAt` (the docs use both spellings).
type Avatar struct {
	ID            string            `json:"id"`
	Name          string            `json:"name"`
	ActorName     string            `json:"actorName"`
	CreatedAt     string            `json:"createdAt"`
	UpdatedAt     string            `json:"updatedAt"`
	Gestures      []Gesture         `json:"gestures"`
	Status        string            `json:"status"`
	Width         *int64            `json:"width"`
	Height        *int64            `json:"height"`
	ThumbnailURL  string            `json:"thumbnailUrl"`
	CoverImageURL string            `json:"coverImageUrl"`
	Extras        map[string]string `json:"-"`
	Orientation   string            `json:"orientation"`
	Model         string            `json:"model"`
}

// UnmarshalJSON decodes an Avatar, accepting both timestamp spellings, nulls where strings are
// expected, and extras whose values are not strings (kept as their JSON text).
func (a *Avatar) UnmarshalJSON(data []byte) error {
	var aux struct {
		ID            nullString      `json:"id"`
		Name          nullString      `json:"name"`
		ActorName     nullString      `json:"actorName"`
		CreatedAt     nullString      `json:"createdAt"`
		CreateAt      nullString      `json:"createAt"`
		UpdatedAt     nullString      `json:"updatedAt"`
		Gestures      []gestureJSON   `json:"gestures"`
		Status        nullString      `json:"status"`
		Width         *float64        `json:"width"`
		Height        *float64        `json:"height"`
		ThumbnailURL  nullString      `json:"thumbnailUrl"`
		CoverImageURL nullString      `json:"coverImageUrl"`
		Extras        json.RawMessage `json:"extras"`
		Orientation   nullString      `json:"orientation"`
		Model         nullString      `json:"model"`
	}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	*a = Avatar{
		ID:            string(aux.ID),
		Name:          string(aux.Name),
		ActorName:     string(aux.ActorName),
		CreatedAt:     firstNonEmpty(string(aux.CreatedAt), string(aux.CreateAt)),
		UpdatedAt:     string(aux.UpdatedAt),
		Status:        string(aux.Status),
		Width:         roundedInt(aux.Width),
		Height:        roundedInt(aux.Height),
		ThumbnailURL:  string(aux.ThumbnailURL),
		CoverImageURL: string(aux.CoverImageURL),
		Extras:        decodeExtras(aux.Extras),
		Orientation:   string(aux.Orientation),
		Model:         string(aux.Model),
	}
	for _, g := range aux.Gestures {
		a.Gestures = append(a.Gestures, Gesture{Label: string(g.Label), Slug: string(g.Slug), StartFrame: float64(g.StartFrame)})
	}
	return nil
}

// MarshalJSON encodes an Avatar with the newest spelling, createdAt.
func (a Avatar) MarshalJSON() ([]byte, error) {
	type plain Avatar
	return json.Marshal(struct {
		plain
		Extras map[string]string `json:"extras,omitempty"`
	}{plain(a), a.Extras})
}

type gestureJSON struct {
	Label      nullString `json:"label"`
	Slug       nullString `json:"slug"`
	StartFrame nullNumber `json:"startFrame"`
}

// nullString decodes a JSON string, and null or any other JSON value as "" (a number is kept as
// its text), so that one odd field never makes a whole object unreadable.
type nullString string

func (s *nullString) UnmarshalJSON(data []byte) error {
	var v string
	if json.Unmarshal(data, &v) == nil {
		*s = nullString(v)
		return nil
	}
	trimmed := string(bytes.TrimSpace(data))
	if trimmed == "null" || strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		*s = ""
		return nil
	}
	*s = nullString(trimmed)
	return nil
}

// nullNumber decodes a JSON number, and null or a non-number as 0.
type nullNumber float64

func (n *nullNumber) UnmarshalJSON(data []byte) error {
	var v float64
	if json.Unmarshal(data, &v) == nil {
		*n = nullNumber(v)
	}
	return nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func roundedInt(f *float64) *int64 {
	if f == nil {
		return nil
	}
	i := int64(*f + 0.5)
	if *f < 0 {
		i = int64(*f - 0.5)
	}
	return &i
}

// decodeList reads a JSON array of T. It also accepts an object that wraps the array under key
// (the docs say GET /avatars and /voices answer a plain array, but one client of Argil mocks
// {"avatars": [...]}); null gives an empty list.
func decodeList[T any](body []byte, key string) ([]T, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return []T{}, nil
	}
	if trimmed[0] == '{' {
		var wrapper map[string]json.RawMessage
		if err := json.Unmarshal(trimmed, &wrapper); err != nil {
			return nil, err
		}
		inner, ok := wrapper[key]
		if !ok {
			return nil, fmt.Errorf("expected a JSON array (or an object with %q), got an object with keys %v", key, keysOf(wrapper))
		}
		trimmed = inner
	}
	out := []T{}
	if err := json.Unmarshal(trimmed, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func keysOf(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// queryOf is a query of the name-value pairs whose value is not empty.
func queryOf(pairs ...string) url.Values {
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			q.Set(pairs[i], pairs[i+1])
		}
	}
	return q
}

// getList sends a GET that answers a list of T and decodes it with decodeList.
func getList[T any](ctx context.Context, c *Client, path string, q url.Values, key string) ([]T, error) {
	res, err := c.do(ctx, request{method: http.MethodGet, path: path, query: q}, nil)
	if err != nil {
		return nil, err
	}
	items, err := decodeList[T](res.body, key)
	if err != nil {
		return nil, fmt.Errorf("GET %s: HTTP %d with a body that is not the expected list (%v): %q", path, res.status, err, c.redactQuote(string(res.body)))
	}
	cleanIdentifiers(reflect.ValueOf(items))
	return items, nil
}

// ListAvatarsParams filters GET /avatars. Empty fields are not sent.
type ListAvatarsParams struct {
	// Orientation is ASPECT_RATIO_16_9 or ASPECT_RATIO_9_16.
	Orientation string
	// Model is ARGIL_V1 or ARGIL_ATOM.
	Model string
	// Visibility is "public" (Argil's stock avatars only) or "private" (the workspace's own
	// avatars only); empty returns both.
	Visibility string
}

// ListAvatars returns every avatar the API key can use that matches p (the API does not
// paginate this list).
func (c *Client) ListAvatars(ctx context.Context, p ListAvatarsParams) ([]Avatar, error) {
	q := queryOf("orientation", p.Orientation, "model", p.Model, "visibility", p.Visibility)
	return getList[Avatar](ctx, c, "/avatars", q, "avatars")
}

// GetAvatar returns the avatar with this id.
func (c *Client) GetAvatar(ctx context.Context, id string) (*Avatar, error) {
	return send[Avatar](ctx, c, request{method: http.MethodGet, path: "/avatars/" + url.PathEscape(id)})
}

// AvatarCreateArgs creates an image-based avatar. Exactly one of ImageURL and ImageBase64 must
// be set.
type AvatarCreateArgs struct {
	// Name is 1 to 256 characters.
	Name string
	// ImageURL is an https:// URL of a PNG, JPEG or WEBP image (16:9 or 9:16, 720p to 4K, at most
	// 10 MB).
	ImageURL string
	// ImageBase64 is the same image as a data URI: data:image/(png|jpeg|jpg|webp);base64,...
	ImageBase64 string
	// VoiceID is the avatar's voice; when empty, Argil designs a voice from the image.
	VoiceID string
	// Extras is custom metadata: at most 10 pairs, values of at most 256 characters.
	Extras map[string]string
}

type avatarCreateBody struct {
	Type         string            `json:"type"`
	Name         string            `json:"name"`
	DatasetImage datasetImage      `json:"datasetImage"`
	VoiceID      string            `json:"voiceId,omitempty"`
	Extras       map[string]string `json:"extras,omitempty"`
}

type datasetImage struct {
	URL    string `json:"url,omitempty"`
	Base64 string `json:"base64,omitempty"`
}

// CreateAvatar creates an image-based avatar (POST /avatars, type IMAGE). This costs 2 credits.
// The avatar starts TRAINING: wait for IDLE (WaitForAvatar) before using it. After an ambiguous
// failure (*AmbiguousError) it is not sent again: see AvatarLookup.
func (c *Client) CreateAvatar(ctx context.Context, args AvatarCreateArgs) (*Avatar, error) {
	if (args.ImageURL == "") == (args.ImageBase64 == "") {
		return nil, errors.New("creating an avatar needs exactly one of an image URL and a base64 image")
	}
	body := avatarCreateBody{
		Type:         "IMAGE",
		Name:         args.Name,
		DatasetImage: datasetImage{URL: args.ImageURL, Base64: args.ImageBase64},
		VoiceID:      args.VoiceID,
		Extras:       args.Extras,
	}
	return send[Avatar](ctx, c, request{method: http.MethodPost, path: "/avatars", body: body})
}

// AvatarLookup finds the avatar of a create whose answer was lost: the workspace's avatar named
// name, created since (the time of the request).
func (c *Client) AvatarLookup(name string, since time.Time) Lookup[Avatar] {
	return byNameSince(c, KindAvatar, name, since,
		func(ctx context.Context) ([]Avatar, error) {
			return c.ListAvatars(ctx, ListAvatarsParams{Visibility: "private"})
		},
		func(a *Avatar) Candidate { return Candidate{ID: a.ID, Name: a.Name, CreatedAt: a.CreatedAt} })
}

// ClassifyAvatar tells what an avatar status means to a caller waiting for training:
//
//	IDLE                                Succeeded
//	TRAINING, NOT_TRAINED               Pending
//	TRAINING_FAILED, REFUSED            Failed
//	other values naming a failure       Failed  (e.g. ..._FAILED, ..._ERROR, REJECTED)
//	any other value                     Unknown (a waiter keeps waiting)
func ClassifyAvatar(status string) Outcome {
	switch status {
	case AvatarStatusIdle:
		return Succeeded
	case AvatarStatusTraining, AvatarStatusNotTrained:
		return Pending
	case AvatarStatusTrainingFailed, AvatarStatusRefused:
		return Failed
	}
	return undocumented(status)
}

// WaitForAvatar polls GET /avatars/{id} until the avatar is IDLE or its training fails (see
// waitLoop and ClassifyAvatar).
func (c *Client) WaitForAvatar(ctx context.Context, id string, first *Avatar, opts WaitOptions) (*Avatar, error) {
	return newWaitLoop(c, KindAvatar, "avatars", id, opts, func(a *Avatar) (string, string) { return a.Name, a.Status }, ClassifyAvatar).run(ctx, first)
}
