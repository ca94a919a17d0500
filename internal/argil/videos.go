package argil

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Video statuses documented by the API. The field is a plain string: other values exist
// (CONTENT_MODERATED is handled by Argil's own n8n node) and must be accepted.
const (
	StatusIdle            = "IDLE"
	StatusGeneratingAudio = "GENERATING_AUDIO"
	StatusGeneratingVideo = "GENERATING_VIDEO"
	StatusDone            = "DONE"
	StatusFailed          = "FAILED"
	// StatusContentModerated is not in the documented list; Argil's n8n node treats it as a
	// moderation failure.
	StatusContentModerated = "CONTENT_MODERATED"
)

// Video is the API's Video object. Unknown fields are ignored; URLs that the API sends as
// null or leaves out are empty strings. Decoding is tolerant (see UnmarshalJSON): a field of
// an unexpected type is skipped and named by OddFields, the rest is read.
type Video struct {
	ID                string            `json:"id"`
	Name              string            `json:"name"`
	CreatedAt         string            `json:"createdAt"`
	UpdatedAt         string            `json:"updatedAt"`
	Status            string            `json:"status"`
	Duration          *float64          `json:"duration"`
	Moments           []Moment          `json:"moments"`
	VideoURL          string            `json:"videoUrl"`
	VideoURLSubtitled string            `json:"videoUrlSubtitled"`
	PreviewURL        string            `json:"previewUrl"`
	AspectRatio       string            `json:"aspectRatio"`
	Subtitles         *VideoSubtitles   `json:"subtitles,omitempty"`
	Extras            map[string]string `json:"-"`

	// odd names the fields the decoder could not read as documented (skipped, or read from
	// another JSON type); the client logs them as a warning.
	odd []string
}

// VideoSubtitles is the subtitle setting of a Video.
type VideoSubtitles struct {
	Enable bool `json:"enable"`
}

// Moment is a moment of a Video as the API returns it.
type Moment struct {
	Transcript  string `json:"transcript"`
	AvatarID    string `json:"avatarId"`
	VoiceID     string `json:"voiceId"`
	AudioURL    string `json:"audioUrl"`
	VideoURL    string `json:"videoUrl"`
	GestureSlug string `json:"gestureSlug"`
	// Zoom is the moment's zoom; nil when the API leaves it out (the default zoom) or sends
	// something that is not a zoom object.
	Zoom *Zoom `json:"zoom,omitempty"`
}

// OddFields names the fields of the decoded answer that did not have their documented JSON
// type: a value of another type was skipped, except a number sent as a string (read) and a
// number or boolean where a string was expected (kept as its text). Nil when every field was
// as documented.
func (v *Video) OddFields() []string { return v.odd }

// UnmarshalJSON decodes a Video tolerantly, like the avatar, voice, asset and webhook decoders:
// one odd field never makes the whole video unreadable. Each field is read on its own; a value
// of an unexpected type is skipped (and named by OddFields), a duration sent as a numeric string
// is read, extras values that are not strings are kept as their JSON text. Known statuses are
// normalised to upper case (the API's documented spelling). JSON null leaves v unchanged; a
// body that is not a JSON object is an error.
func (v *Video) UnmarshalJSON(data []byte) error {
	trimmed := bytes.TrimSpace(data)
	if bytes.Equal(trimmed, []byte("null")) {
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &raw); err != nil {
		return err
	}
	var d fieldDecoder
	out := Video{
		ID:                d.str(raw, "id"),
		Name:              d.str(raw, "name"),
		CreatedAt:         d.str(raw, "createdAt"),
		UpdatedAt:         d.str(raw, "updatedAt"),
		Status:            NormalizeStatus(d.str(raw, "status")),
		Duration:          d.num(raw, "duration"),
		VideoURL:          d.str(raw, "videoUrl"),
		VideoURLSubtitled: d.str(raw, "videoUrlSubtitled"),
		PreviewURL:        d.str(raw, "previewUrl"),
		AspectRatio:       d.str(raw, "aspectRatio"),
	}
	if m, ok := raw["moments"]; ok && !isNull(m) {
		var items []json.RawMessage
		if json.Unmarshal(m, &items) != nil {
			d.skip("moments")
		}
		for i, item := range items {
			out.Moments = append(out.Moments, d.moment(item, fmt.Sprintf("moments[%d]", i)))
		}
	}
	if s, ok := raw["subtitles"]; ok && !isNull(s) {
		var obj map[string]json.RawMessage
		if json.Unmarshal(s, &obj) != nil {
			d.skip("subtitles")
		} else {
			var sub VideoSubtitles
			if e, ok := obj["enable"]; ok && !isNull(e) && json.Unmarshal(e, &sub.Enable) != nil {
				d.skip("subtitles.enable")
			}
			out.Subtitles = &sub
		}
	}
	if e, ok := raw["extras"]; ok && !isNull(e) {
		out.Extras = decodeExtras(e)
		if out.Extras == nil {
			d.skip("extras")
		}
	}
	out.odd = d.odd
	*v = out
	return nil
}

// fieldDecoder reads the fields of a JSON object one by one and notes the odd ones.
type fieldDecoder struct{ odd []string }

func (d *fieldDecoder) skip(name string) { d.odd = append(d.odd, name) }

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// str reads a string field: absent or null give "", a number or boolean is kept as its text
// (noted), an object or array is skipped (noted).
func (d *fieldDecoder) str(obj map[string]json.RawMessage, key string) string {
	return d.strAt(obj, key, key)
}

func (d *fieldDecoder) strAt(obj map[string]json.RawMessage, key, name string) string {
	raw, ok := obj[key]
	if !ok || isNull(raw) {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	d.skip(name)
	t := bytes.TrimSpace(raw)
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return ""
	}
	return string(t)
}

// num reads a number field: absent or null give nil, a numeric string is read (noted),
// anything else is skipped (noted).
func (d *fieldDecoder) num(obj map[string]json.RawMessage, key string) *float64 {
	raw, ok := obj[key]
	if !ok || isNull(raw) {
		return nil
	}
	var f float64
	if json.Unmarshal(raw, &f) == nil {
		return &f
	}
	d.skip(key)
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return &f
		}
	}
	return nil
}

// moment reads one moment tolerantly; a moment that is not an object gives an empty Moment.
func (d *fieldDecoder) moment(raw json.RawMessage, path string) Moment {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		d.skip(path)
		return Moment{}
	}
	m := Moment{
		Transcript:  d.strAt(obj, "transcript", path+".transcript"),
		AvatarID:    d.strAt(obj, "avatarId", path+".avatarId"),
		VoiceID:     d.strAt(obj, "voiceId", path+".voiceId"),
		AudioURL:    d.strAt(obj, "audioUrl", path+".audioUrl"),
		VideoURL:    d.strAt(obj, "videoUrl", path+".videoUrl"),
		GestureSlug: d.strAt(obj, "gestureSlug", path+".gestureSlug"),
	}
	if z, ok := obj["zoom"]; ok && !isNull(z) {
		var zoom Zoom
		_ = json.Unmarshal(z, &zoom) // Zoom's decoder never fails
		m.Zoom = &zoom
	}
	return m
}

// MarshalJSON encodes a Video as the API does.
func (v Video) MarshalJSON() ([]byte, error) {
	type plain Video
	return json.Marshal(struct {
		plain
		Extras map[string]string `json:"extras,omitempty"`
	}{plain(v), v.Extras})
}

// decodeExtras reads an extras object. Values that are not strings keep their JSON text; a
// value that is not an object gives nil.
func decodeExtras(raw json.RawMessage) map[string]string {
	if len(raw) == 0 {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = s
		} else {
			out[k] = string(v)
		}
	}
	return out
}

// GetVideo returns the video with this id.
func (c *Client) GetVideo(ctx context.Context, id string) (*Video, error) {
	return send[Video](ctx, c, request{method: http.MethodGet, path: "/videos/" + url.PathEscape(id)})
}

// RenderArgs is the optional body of a render.
type RenderArgs struct {
	// CallbackURL receives one VIDEO_GENERATION_SUCCESS or _FAILED event; https only.
	CallbackURL string `json:"callbackUrl,omitempty"`
}

// RenderVideo starts the render of a video: this costs credits. It is never retried after an
// ambiguous failure (the error is then an *AmbiguousError): read the video to learn whether
// the render started before you call it again.
func (c *Client) RenderVideo(ctx context.Context, id string, args RenderArgs) (*Video, error) {
	c.ProtectURL(args.CallbackURL)
	var body any
	if args.CallbackURL != "" {
		body = args
	}
	return send[Video](ctx, c, request{method: http.MethodPost, path: "/videos/" + url.PathEscape(id) + "/render", body: body})
}

// DeleteVideo deletes a video. A video that is already gone is not an error.
func (c *Client) DeleteVideo(ctx context.Context, id string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: "/videos/" + url.PathEscape(id)}, nil)
	if IsNotFound(err) {
		return nil
	}
	return err
}

// ListVideosParams filters GET /videos.
type ListVideosParams struct {
	Page, Limit     int
	NameSearchQuery string
	AvatarID        string
	VoiceID         string
	// ExtrasFilter matches videos whose extras contain every pair.
	ExtrasFilter map[string]string
}

// VideoPage is one page of GET /videos.
type VideoPage struct {
	TotalItems   int     `json:"totalItems"`
	TotalPages   int     `json:"totalPages"`
	CurrentPage  int     `json:"currentPage"`
	ItemsPerPage int     `json:"itemsPerPage"`
	Videos       []Video `json:"videos"`
}

// errNotAPage is the decoding error of a GET /videos answer that is not the documented page.
var errNotAPage = errors.New("not the documented page of videos {totalItems, totalPages, currentPage, itemsPerPage, videos}")

// UnmarshalJSON decodes a page of GET /videos. An answer that is not an object with a videos
// array (a bare array, {"items": [...]}, null) is an error: read as an empty page it would
// tell a lost-create lookup that no video exists. The counters are read tolerantly.
func (p *VideoPage) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil || raw == nil {
		what := "not a JSON object"
		if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '[' {
			what = "a bare JSON array"
		}
		return fmt.Errorf("%w: the answer is %s", errNotAPage, what)
	}
	videos, ok := raw["videos"]
	if !ok || isNull(videos) {
		keys := keysOf(raw)
		sort.Strings(keys)
		return fmt.Errorf("%w: the answer has no videos array (keys: %v)", errNotAPage, keys)
	}
	var out VideoPage
	if err := json.Unmarshal(videos, &out.Videos); err != nil {
		return fmt.Errorf("%w: videos is not an array of videos: %v", errNotAPage, err)
	}
	if out.Videos == nil {
		out.Videos = []Video{}
	}
	var n nullNumber
	for key, dst := range map[string]*int{"totalItems": &out.TotalItems, "totalPages": &out.TotalPages, "currentPage": &out.CurrentPage, "itemsPerPage": &out.ItemsPerPage} {
		n = 0
		if r, ok := raw[key]; ok {
			_ = n.UnmarshalJSON(r)
		}
		*dst = int(n)
	}
	*p = out
	return nil
}

// ListVideos returns one page of videos. An answer that is not the documented page is an
// error.
func (c *Client) ListVideos(ctx context.Context, p ListVideosParams) (*VideoPage, error) {
	q := url.Values{}
	if p.Page > 0 {
		q.Set("page", strconv.Itoa(p.Page))
	}
	if p.Limit > 0 {
		q.Set("limit", strconv.Itoa(p.Limit))
	}
	if p.NameSearchQuery != "" {
		q.Set("nameSearchQuery", p.NameSearchQuery)
	}
	if p.AvatarID != "" {
		q.Set("avatarId", p.AvatarID)
	}
	if p.VoiceID != "" {
		q.Set("voiceId", p.VoiceID)
	}
	if len(p.ExtrasFilter) > 0 {
		f, err := json.Marshal(p.ExtrasFilter)
		if err != nil {
			return nil, err
		}
		q.Set("extrasFilter", string(f))
	}
	return send[VideoPage](ctx, c, request{method: http.MethodGet, path: "/videos", query: q})
}

// StreamVideos walks the pages of GET /videos (p.Limit per page, 50 when zero; p.Page is
// ignored) and yields every video once, page after page, within the bounds of walk: a server
// that announces too many pages, repeats a page or sends too much ends the stream with a
// *ListBoundError, after the videos already yielded. A page is requested only when the
// consumer asks for more than the earlier pages brought: a consumer that stops after 5 videos
// makes one request.
func (c *Client) StreamVideos(ctx context.Context, p ListVideosParams) iter.Seq2[Video, error] {
	if p.Limit <= 0 {
		p.Limit = 50
	}
	return walk(ctx, "GET /videos", func(v Video) string { return v.ID }, func(ctx context.Context, n int) (page[Video], error) {
		q := p
		q.Page = n
		res, err := c.ListVideos(ctx, q)
		if err != nil {
			return page[Video]{}, err
		}
		return page[Video]{items: res.Videos, totalPages: res.TotalPages}, nil
	})
}

// ListAllVideos reads the whole of StreamVideos: every video once, or no video and the error
// that ended the walk (a *ListBoundError when a bound did).
func (c *Client) ListAllVideos(ctx context.Context, p ListVideosParams) ([]Video, error) {
	return collect(c.StreamVideos(ctx, p))
}
