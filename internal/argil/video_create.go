package argil

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/argil-community/terraform-provider-argil/internal/poll"
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

// RequestID returns the token CreateVideo stored in the video's extras, or "".
func (v *Video) RequestID() string { return v.Extras[RequestIDExtraKey] }

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

// VideoNotCreatedError says that a POST /videos failed in a way that left its outcome open, and
// that the lookups by request token, repeated over the client's read-back window, found no
// video. That is not proof: a server slower than the window may still create it later (with
// the token in its extras).
type VideoNotCreatedError struct {
	RequestID string
	// Looks is how many lookups found nothing, over Waited.
	Looks  int
	Waited time.Duration
	// Err is the failure of the POST (an *AmbiguousError, or the context's error).
	Err error
}

func (e *VideoNotCreatedError) Error() string {
	return fmt.Sprintf("no video seen: the create request failed (%v), and %d lookup(s) over %s found no video with %s=%s; "+
		"if the server creates it later than that, it will carry that token",
		e.Err, e.Looks, e.Waited.Round(time.Millisecond), RequestIDExtraKey, e.RequestID)
}

func (e *VideoNotCreatedError) Unwrap() error { return e.Err }

// IsVideoNotCreated tells whether err is a *VideoNotCreatedError.
func IsVideoNotCreated(err error) bool {
	var e *VideoNotCreatedError
	return errors.As(err, &e)
}

// VideoCreateUnknownError says that a POST /videos failed in a way that left its outcome open
// and that the lookup by request token failed too: a video may exist with
// extras[RequestIDExtraKey] = RequestID. It unwraps to the POST's error (so IsAmbiguous holds
// when the POST's error was an *AmbiguousError).
type VideoCreateUnknownError struct {
	RequestID string
	Err       error // the POST's failure
	LookupErr error // the lookup's failure
}

func (e *VideoCreateUnknownError) Error() string {
	return fmt.Sprintf("the outcome of the create request is unknown: it failed (%v), and looking for a video with %s=%s failed too (%v); "+
		"a video may have been created: list videos with extrasFilter {%q:%q} before creating it again",
		e.Err, RequestIDExtraKey, e.RequestID, e.LookupErr, RequestIDExtraKey, e.RequestID)
}

func (e *VideoCreateUnknownError) Unwrap() error { return e.Err }

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

// lookupDelays are the pauses between the lookups of a video whose create answer was lost, in
// units of the client's RetryWaitMin (500ms by default: lookups at 0s, 2s, 5s, 10s, 20s, then
// every 15s), until the read-back window has passed since the failure. A server that was still
// working on the request when the answer was lost gets that long to finish.
var lookupDelays = []int{0, 4, 6, 10, 20, 30}

// lookupTimeout bounds the lookup when the caller's context is already done.
const lookupTimeout = 30 * time.Second

// CreateVideo creates a video (POST /videos) and returns it, status IDLE. It does not render it.
//
// POST /videos is not idempotent, so it is never sent twice. Every create carries a token in
// extras under RequestIDExtraKey (args.RequestID, or a random one). When the POST fails in a way
// that leaves its outcome open (an *AmbiguousError: a timeout, a dropped connection, a 5xx; or
// the context ending while it was in flight), CreateVideo looks for the video by that token
// with GET /videos?extrasFilter=..., repeatedly over Config.ReadBackWindow (5 minutes by
// default):
//
//   - found: the video is returned with a nil error (it is adopted; no duplicate);
//   - not found: a *VideoNotCreatedError (nothing seen within the window);
//   - lookup failed: a *VideoCreateUnknownError naming the token.
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
	fields := map[string]any{"request_id": token, "error": err.Error()}
	c.log.Warn(ctx, "The answer to POST /videos was lost; looking for the video by its request token instead of creating it again", fields)
	lctx := ctx
	if ctx.Err() != nil {
		// Interrupted while the create was in flight: still find out, within a short bound.
		var cancel context.CancelFunc
		lctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
		defer cancel()
	}
	found, looks, waited, lookupErr := c.findCreated(lctx, token)
	switch {
	case found != nil:
		c.log.Warn(ctx, "Found the video whose create answer was lost; adopting it", map[string]any{"request_id": token, "video_id": found.ID})
		return found, nil
	case lookupErr != nil:
		return nil, &VideoCreateUnknownError{RequestID: token, Err: err, LookupErr: lookupErr}
	}
	return nil, &VideoNotCreatedError{RequestID: token, Looks: looks, Waited: waited, Err: err}
}

// findCreated looks for the video carrying token, at the lookupDelays, until the read-back
// window has passed. It returns the video, or nil with the number of empty looks and the time
// spent, or the error of the last look.
func (c *Client) findCreated(ctx context.Context, token string) (*Video, int, time.Duration, error) {
	start := c.clock.Now()
	since := func() time.Duration { return c.clock.Now().Sub(start) }
	looks := 0
	for i := 0; looks == 0 || since() < c.readBack; i++ {
		d := time.Duration(lookupDelays[min(i, len(lookupDelays)-1)]) * c.waitMin
		if looks > 0 {
			d = min(d, c.readBack-since()) // the last look comes when the window ends
		}
		if err := poll.Sleep(ctx, c.clock, d); err != nil {
			return nil, looks, since(), err
		}
		videos, err := c.ListAllVideos(ctx, ListVideosParams{ExtrasFilter: map[string]string{RequestIDExtraKey: token}})
		if err != nil {
			return nil, looks, since(), err
		}
		looks++
		// Filter again here: a server that ignored extrasFilter must not make us adopt a stranger.
		var match []Video
		for _, v := range videos {
			if v.Extras[RequestIDExtraKey] == token {
				match = append(match, v)
			}
		}
		if len(match) > 0 {
			sort.SliceStable(match, func(i, j int) bool { return match[i].CreatedAt < match[j].CreatedAt })
			if len(match) > 1 {
				ids := make([]string, len(match))
				for i, m := range match {
					ids[i] = m.ID
				}
				c.log.Warn(ctx, "Several videos carry the same request token; adopting the oldest", map[string]any{"request_id": token, "video_ids": ids})
			}
			return &match[0], looks, since(), nil
		}
	}
	return nil, looks, since(), nil
}
