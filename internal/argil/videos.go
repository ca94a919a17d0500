package argil

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
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
// null or leaves out are empty strings.
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

// UnmarshalJSON decodes a Video, tolerating an extras map whose values are not strings (they
// are kept as their JSON text).
func (v *Video) UnmarshalJSON(data []byte) error {
	type plain Video
	var aux struct {
		*plain
		Extras json.RawMessage `json:"extras"`
	}
	aux.plain = (*plain)(v)
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	v.Extras = decodeExtras(aux.Extras)
	return nil
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
	var v Video
	if _, err := c.do(ctx, request{method: http.MethodGet, path: "/videos/" + url.PathEscape(id)}, &v); err != nil {
		return nil, err
	}
	return &v, nil
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
	var v Video
	if _, err := c.do(ctx, request{method: http.MethodPost, path: "/videos/" + url.PathEscape(id) + "/render", body: body}, &v); err != nil {
		return nil, err
	}
	return &v, nil
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

// ListVideos returns one page of videos.
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
	var page VideoPage
	if _, err := c.do(ctx, request{method: http.MethodGet, path: "/videos", query: q}, &page); err != nil {
		return nil, err
	}
	return &page, nil
}

// ListAllVideos walks the pages of GET /videos (p.Limit per page, 50 when zero; p.Page is
// ignored) and returns every video once, within the bounds of walkPages: a server that
// announces too many pages, repeats a page or sends too much gives a *ListBoundError.
func (c *Client) ListAllVideos(ctx context.Context, p ListVideosParams) ([]Video, error) {
	if p.Limit <= 0 {
		p.Limit = 50
	}
	return walkPages(ctx, "GET /videos", func(v Video) string { return v.ID }, func(ctx context.Context, n int) (page[Video], error) {
		p.Page = n
		res, err := c.ListVideos(ctx, p)
		if err != nil {
			return page[Video]{}, err
		}
		return page[Video]{items: res.Videos, totalPages: res.TotalPages}, nil
	})
}
