package argil

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"unicode/utf8"
)

// MaxTranscriptChars is the most characters (Unicode code points) a moment's transcript may
// hold. Source: the Video schema of Argil's "Render a Video by id" page
// (POST /videos/{id}/render) says "A portion of the complete transcript. Current limit: 500
// characters." Older versions of the create page said 250; the render page is the newest
// first-party statement. Whether Argil answers a longer transcript with a 400 is not
// documented.
const MaxTranscriptChars = 500

// Limits of a video's extras, from the create page's schema: `maxProperties: 10`, and "key-value
// pairs of 256 characters" in its text (which also says 5 pairs; the schema's 10 is kept). The
// 256 characters are applied to values only: the docs do not say whether keys count.
const (
	MaxExtras          = 10
	MaxExtraValueChars = 256
)

// RequestIDExtraKey is the extras key under which CreateVideo stores a random token per create,
// so that a video whose creation answer was lost can be found again with
// GET /videos?extrasFilter={"tf_request_id":"<token>"}. It takes one of the MaxExtras slots.
const RequestIDExtraKey = "tf_request_id"

// MaxUserExtras is how many extras a caller of CreateVideo may set: MaxExtras minus the one
// RequestIDExtraKey takes.
const MaxUserExtras = MaxExtras - 1

// Enumerations of VideoCreateArgs, as documented.
var (
	AspectRatios         = []string{"16:9", "9:16"}
	SubtitlePositions    = []string{"Top", "Middle", "Bottom"}
	SubtitleSizes        = []string{"Small", "Medium", "Large"}
	AutoBrollSources     = []string{"GENERATION", "GOOGLE_IMAGES", "STOCKS_VIDEO", "AVATAR_ACTION"}
	AutoBrollIntensities = []string{"LOW", "MEDIUM", "HIGH"}
	AutoBrollLayouts     = []string{"FULLSCREEN", "AVATAR_BOTTOM_LEFT", "AVATAR_BOTTOM_RIGHT", "AVATAR_TOP_LEFT", "AVATAR_TOP_RIGHT",
		"SPLIT_AVATAR_LEFT", "SPLIT_AVATAR_RIGHT", "SPLIT_AVATAR_TOP", "SPLIT_AVATAR_BOTTOM", "BACKGROUND"}
	VideoModels = []string{"ARGIL_V1", "ARGIL_ATOM"}
)

// Values that Argil's own n8n node (argildotai/n8n-nodes-argil, commit 4fc96c1) sends and the
// docs do not list. Where the docs and Argil's own code disagree, the client accepts both.
var (
	// NodeLayouts are the node's values for autoBrolls.layout and for a moment's layout.
	NodeLayouts = []string{"NORMAL", "BOTTOM_LEFT", "BOTTOM_RIGHT", "SPLIT_LEFT", "SPLIT_RIGHT", "SPLIT_TOP", "SPLIT_BOTTOM", "BACKGROUND"}
	// NodeSubtitlePositions are the node's subtitles.position values missing from the docs.
	NodeSubtitlePositions = []string{"Centered"}
)

// VideoCreateArgs is the body of POST /videos. Zero values are left out of the request.
type VideoCreateArgs struct {
	Name    string
	Moments []MomentCreateArgs
	// Subtitles, AutoBrolls and BackgroundMusic are sent when not nil.
	Subtitles *SubtitlesArgs
	// AspectRatio is "16:9" or "9:16"; empty lets Argil pick (it depends on the avatar).
	AspectRatio     string
	AutoBrolls      *AutoBrollsArgs
	BackgroundMusic *BackgroundMusicArgs
	// Model is ARGIL_V1 or ARGIL_ATOM; empty lets Argil pick.
	Model string
	// Extras are the caller's metadata: at most MaxUserExtras pairs, and RequestIDExtraKey is
	// reserved.
	Extras map[string]string
	// RequestID is the token CreateVideo stores under RequestIDExtraKey; it draws a random one
	// when this is empty.
	RequestID string
}

// MomentCreateArgs is a moment of VideoCreateArgs: exactly one of Transcript or AudioURL.
type MomentCreateArgs struct {
	AvatarID    string `json:"avatarId"`
	Transcript  string `json:"transcript,omitempty"`
	AudioURL    string `json:"audioUrl,omitempty"`
	VoiceID     string `json:"voiceId,omitempty"`
	GestureSlug string `json:"gestureSlug,omitempty"`
	Zoom        *Zoom  `json:"zoom,omitempty"`
	// Layout is the moment's layout, one of NodeLayouts: undocumented, sent by Argil's n8n node.
	Layout string `json:"layout,omitempty"`
}

// Zoom is a moment's zoom: Level 1 is 100% (the default) and 2 is 200% (zoomed in). Decoding
// is tolerant: a zoom object without a level (the API shows `zoom: {}`) gives Level 0, and a
// bare number is taken as the level.
type Zoom struct {
	Level float64 `json:"level"`
}

// UnmarshalJSON decodes {"level": n}, a bare number, or anything else as Level 0.
func (z *Zoom) UnmarshalJSON(data []byte) error {
	var aux struct {
		Level *float64 `json:"level"`
	}
	var n float64
	switch {
	case json.Unmarshal(data, &aux) == nil && aux.Level != nil:
		z.Level = *aux.Level
	case json.Unmarshal(data, &n) == nil:
		z.Level = n
	default:
		z.Level = 0
	}
	return nil
}

// SubtitlesArgs configures subtitles; StyleID comes from GET /subtitles.
type SubtitlesArgs struct {
	Enable   bool   `json:"enable"`
	StyleID  string `json:"styleId,omitempty"`
	Position string `json:"position,omitempty"` // Top, Middle or Bottom
	Size     string `json:"size,omitempty"`     // Small, Medium or Large
}

// AutoBrollsArgs configures automatic B-rolls. The docs require Enable, Source and Intensity
// (and say Intensity is "not available" for AVATAR_ACTION).
type AutoBrollsArgs struct {
	Enable    bool   `json:"enable"`
	Source    string `json:"source"`
	Intensity string `json:"intensity,omitempty"`
	Layout    string `json:"layout,omitempty"`
}

// BackgroundMusicArgs puts an audio asset under the video. Volume is 0 to 1; nil leaves
// Argil's default (0.14).
type BackgroundMusicArgs struct {
	AssetID string   `json:"assetId"`
	Volume  *float64 `json:"volume,omitempty"`
}

// createBody is the wire form of VideoCreateArgs, with the request token in extras.
type createBody struct {
	Name            string               `json:"name"`
	Moments         []MomentCreateArgs   `json:"moments"`
	Subtitles       *SubtitlesArgs       `json:"subtitles,omitempty"`
	AspectRatio     string               `json:"aspectRatio,omitempty"`
	AutoBrolls      *AutoBrollsArgs      `json:"autoBrolls,omitempty"`
	Extras          map[string]string    `json:"extras"`
	BackgroundMusic *BackgroundMusicArgs `json:"backgroundMusic,omitempty"`
	Model           string               `json:"model,omitempty"`
}

// NewRequestID returns a random version 4 UUID, for VideoCreateArgs.RequestID.
func NewRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// UserExtras returns extras without RequestIDExtraKey: the metadata a user set. It returns nil
// when nothing is left.
func UserExtras(extras map[string]string) map[string]string {
	var out map[string]string
	for k, val := range extras {
		if k == RequestIDExtraKey {
			continue
		}
		if out == nil {
			out = make(map[string]string, len(extras))
		}
		out[k] = val
	}
	return out
}

// checkExtras applies the limits of extras that the request token makes the client's business.
func checkExtras(extras map[string]string) error {
	if _, ok := extras[RequestIDExtraKey]; ok {
		return fmt.Errorf("extras key %q is reserved: the client stores its request token there", RequestIDExtraKey)
	}
	if len(extras) > MaxUserExtras {
		return fmt.Errorf("%d extras given, at most %d: Argil allows %d pairs and the client uses one (%s) to find a video whose creation answer was lost",
			len(extras), MaxUserExtras, MaxExtras, RequestIDExtraKey)
	}
	keys := make([]string, 0, len(extras))
	for k := range extras {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if n := utf8.RuneCountInString(extras[k]); n > MaxExtraValueChars {
			return fmt.Errorf("extras[%q] has %d characters, at most %d", k, n, MaxExtraValueChars)
		}
	}
	return nil
}

// CreateVideo creates a video (POST /videos) and returns it, status IDLE. It does not render it.
//
// POST /videos is never sent twice. Every create carries a token in extras under
// RequestIDExtraKey (args.RequestID, or a random one). When the POST fails in a way that leaves
// its outcome open (an *AmbiguousError, or ctx ending while it was in flight), CreateVideo looks
// for the video by that token over the read-back window (Lookup.Find): it returns the video
// found (adopted, no duplicate), a *CreateNotSeenError or a *CreateUnknownError (Key: the token).
//
// Other errors (a 400, 401, 429 after retries, a refused connection) mean no video was created
// and are returned as they are. args.Extras is checked first (reserved key, at most
// MaxUserExtras pairs, values of at most MaxExtraValueChars characters) without any request.
func (c *Client) CreateVideo(ctx context.Context, args VideoCreateArgs) (*Video, error) {
	if err := checkExtras(args.Extras); err != nil {
		return nil, err
	}
	token := args.RequestID
	if token == "" {
		token = NewRequestID()
	}
	extras := make(map[string]string, len(args.Extras)+1)
	for k, v := range args.Extras {
		extras[k] = v
	}
	extras[RequestIDExtraKey] = token
	body := createBody{
		Name: args.Name, Moments: args.Moments, Subtitles: args.Subtitles, AspectRatio: args.AspectRatio,
		AutoBrolls: args.AutoBrolls, Extras: extras, BackgroundMusic: args.BackgroundMusic, Model: args.Model,
	}
	if body.Moments == nil {
		body.Moments = []MomentCreateArgs{}
	}
	var v Video
	_, err := c.do(ctx, request{method: http.MethodPost, path: "/videos", body: body}, &v)
	if err == nil {
		return &v, nil
	}
	if !IsAmbiguous(err) && ctx.Err() == nil {
		return nil, err
	}
	return c.videoLookup(token).Find(ctx, err)
}

// videoLookup finds the video of a create by its request token: GET /videos?extrasFilter=...
// Its matches are certain: of several videos with the token, the oldest is adopted.
func (c *Client) videoLookup(token string) Lookup[Video] {
	return Lookup[Video]{
		c: c, kind: KindVideo, key: token, certain: true,
		what: "with " + RequestIDExtraKey + "=" + token,
		hint: fmt.Sprintf("list videos with extrasFilter {%q:%q}", RequestIDExtraKey, token),
		find: func(ctx context.Context) ([]Video, error) {
			videos, err := c.ListAllVideos(ctx, ListVideosParams{ExtrasFilter: map[string]string{RequestIDExtraKey: token}})
			if err != nil {
				return nil, err
			}
			// Filter again here: a server that ignored extrasFilter must not make us adopt a stranger.
			var match []Video
			for _, v := range videos {
				if v.Extras[RequestIDExtraKey] == token {
					match = append(match, v)
				}
			}
			return match, nil
		},
		candidate: func(v *Video) Candidate { return Candidate{ID: v.ID, Name: v.Name, CreatedAt: v.CreatedAt} },
	}
}
