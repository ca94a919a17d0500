package argil

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
)

// Subtitle export formats.
const (
	SubtitleFormatVTT = "vtt"
	SubtitleFormatASS = "ass"
)

// SubtitleStyle is a subtitle style that videos can use (subtitles.styleId).
type SubtitleStyle struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// SubtitleStylePage is one page of GET /subtitles.
type SubtitleStylePage struct {
	Items        []SubtitleStyle `json:"items"`
	TotalItems   int             `json:"totalItems"`
	TotalPages   int             `json:"totalPages"`
	CurrentPage  int             `json:"currentPage"`
	ItemsPerPage int             `json:"itemsPerPage"`
}

// ListSubtitleStyles returns one page of subtitle styles. A zero page or pageSize is left out
// of the query (the API's defaults are page 1 and 10 per page; pageSize is at most 100).
func (c *Client) ListSubtitleStyles(ctx context.Context, page, pageSize int) (*SubtitleStylePage, error) {
	q := url.Values{}
	if page > 0 {
		q.Set("page", strconv.Itoa(page))
	}
	if pageSize > 0 {
		q.Set("pageSize", strconv.Itoa(pageSize))
	}
	return send[SubtitleStylePage](ctx, c, request{method: http.MethodGet, path: "/subtitles", query: q})
}

// ListAllSubtitleStyles walks the pages of GET /subtitles, 100 styles at a time, and returns
// every style once. It stops after the page totalPages names, or at the first empty page, and
// within the bounds of walk (*ListBoundError, with no style).
func (c *Client) ListAllSubtitleStyles(ctx context.Context) ([]SubtitleStyle, error) {
	const pageSize = 100
	return collect(walk(ctx, "GET /subtitles", func(s SubtitleStyle) string { return s.ID }, func(ctx context.Context, n int) (page[SubtitleStyle], error) {
		res, err := c.ListSubtitleStyles(ctx, n, pageSize)
		if err != nil {
			return page[SubtitleStyle]{}, err
		}
		return page[SubtitleStyle]{items: res.Items, totalPages: res.TotalPages}, nil
	}))
}

// ExportSubtitles returns the subtitles of a video as a file: WebVTT (format "vtt", the API's
// default when format is "") or Advanced SubStation Alpha ("ass"), with styling information
// when includeStyling is true. contentType is the answer's media type without parameters
// (text/vtt or text/x-ass); when the answer has none, it is derived from the format.
//
// An unknown video, or one the API key cannot see, gives a 404 (IsNotFound).
func (c *Client) ExportSubtitles(ctx context.Context, videoID, format string, includeStyling bool) (content, contentType string, err error) {
	accept := "text/vtt"
	switch format {
	case "", SubtitleFormatVTT:
	case SubtitleFormatASS:
		accept = "text/x-ass"
	default:
		return "", "", fmt.Errorf("subtitle format %q is not supported: use %q or %q", format, SubtitleFormatVTT, SubtitleFormatASS)
	}
	q := url.Values{}
	if format != "" {
		q.Set("format", format)
	}
	q.Set("includeStyling", strconv.FormatBool(includeStyling))
	res, err := c.do(ctx, request{
		method: http.MethodGet,
		path:   "/subtitles/videos/" + url.PathEscape(videoID) + "/export",
		query:  q,
		// Errors still come as JSON; */* keeps a server that negotiates strictly from answering 406.
		accept: accept + ", */*;q=0.1",
	}, nil)
	if err != nil {
		return "", "", err
	}
	contentType = accept
	if ct := res.header.Get("Content-Type"); ct != "" {
		if mt, _, perr := mime.ParseMediaType(ct); perr == nil {
			contentType = mt
		} else {
			contentType = ct
		}
	}
	return string(res.body), contentType, nil
}
