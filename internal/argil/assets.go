package argil

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Asset types. AUDIO is Argil's background-music library: it cannot be uploaded.
const (
	AssetTypeAudio = "AUDIO"
	AssetTypeImage = "IMAGE"
	AssetTypeVideo = "VIDEO"
)

// Asset statuses. The lifecycle is POST /assets -> PROCESSING -> READY (or FAILED, after
// which Argil says to upload a new asset). Other values are accepted (see ClassifyAsset).
const (
	AssetStatusProcessing = "PROCESSING"
	AssetStatusReady      = "READY"
	AssetStatusFailed     = "FAILED"
)

// Asset is the API's Asset object: an uploaded image or video (B-roll), or a file of the
// music library. Unknown fields are ignored; values the API sends as null are empty strings.
type Asset struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Status string `json:"status"`
	// FileURL and ThumbnailURL are null while the asset is processing.
	FileURL      string `json:"fileUrl"`
	ThumbnailURL string `json:"thumbnailUrl"`
	CreatedAt    string `json:"createdAt"`
}

// UnmarshalJSON decodes an Asset. Null strings become "", and so do values of another JSON
// type than documented, so that one odd field does not make a whole list unreadable.
func (a *Asset) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*a = Asset{
		ID:           looseString(raw["id"]),
		Name:         looseString(raw["name"]),
		Type:         looseString(raw["type"]),
		Status:       looseString(raw["status"]),
		FileURL:      looseString(raw["fileUrl"]),
		ThumbnailURL: looseString(raw["thumbnailUrl"]),
		CreatedAt:    looseString(raw["createdAt"]),
	}
	return nil
}

// looseString reads a JSON string; null, absent and non-string values give "".
func looseString(raw json.RawMessage) string {
	var s string
	if len(raw) == 0 || json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// Pagination is what GET /assets says of its pages, read from the X-Total-Count, X-Page,
// X-Page-Size and X-Total-Pages response headers. A header that is missing or not an integer
// reads as -1.
type Pagination struct {
	TotalCount int
	Page       int
	PageSize   int
	TotalPages int
}

// paginationFrom reads the pagination headers of h.
func paginationFrom(h http.Header) Pagination {
	get := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(h.Get(name)))
		if err != nil || n < 0 {
			return -1
		}
		return n
	}
	return Pagination{
		TotalCount: get("X-Total-Count"),
		Page:       get("X-Page"),
		PageSize:   get("X-Page-Size"),
		TotalPages: get("X-Total-Pages"),
	}
}

// ListAssetsParams filters GET /assets. Zero values are left out of the query, so that the
// API's defaults apply: every type, status READY, page 1, 20 per page.
type ListAssetsParams struct {
	// Types keeps assets of these types (AUDIO, IMAGE, VIDEO); all types when empty.
	Types []string
	// Status keeps assets in this status; the API answers READY assets only when it is empty.
	Status string
	// Page is the page number, from 1.
	Page int
	// PageSize is the number of assets per page, 1 to 100.
	PageSize int
}

func (p ListAssetsParams) query() url.Values {
	q := url.Values{}
	for _, t := range p.Types {
		q.Add("type", t)
	}
	if p.Status != "" {
		q.Set("status", p.Status)
	}
	if p.Page > 0 {
		q.Set("page", strconv.Itoa(p.Page))
	}
	if p.PageSize > 0 {
		q.Set("pageSize", strconv.Itoa(p.PageSize))
	}
	return q
}

// AssetPage is one page of GET /assets.
type AssetPage struct {
	Assets []Asset
	Pagination
}

// ListAssets returns one page of assets with the pagination the API sent in its headers.
func (c *Client) ListAssets(ctx context.Context, p ListAssetsParams) (*AssetPage, error) {
	var assets []Asset
	res, err := c.do(ctx, request{method: http.MethodGet, path: "/assets", query: p.query()}, &assets)
	if err != nil {
		return nil, err
	}
	return &AssetPage{Assets: assets, Pagination: paginationFrom(res.header)}, nil
}

// StreamAssets walks the pages of GET /assets (p.Page is ignored; p.PageSize defaults to
// 100, the largest the API allows) and yields every matching asset once, page after page.
//
// It stops after the page X-Total-Pages names; without that header, at the first page that is
// shorter than the page size; when the consumer stops (no further page is requested); and
// within the bounds of walk, whose *ListBoundError ends the stream after the assets already
// yielded.
func (c *Client) StreamAssets(ctx context.Context, p ListAssetsParams) iter.Seq2[Asset, error] {
	return c.assetPages(ctx, p, nil)
}

// ListAllAssets reads the whole of StreamAssets: every matching asset once, and the total the
// API announced in X-Total-Count (the number of assets returned when the header is missing);
// or no asset and the error that ended the walk.
func (c *Client) ListAllAssets(ctx context.Context, p ListAssetsParams) ([]Asset, int, error) {
	total := -1
	all, err := collect(c.assetPages(ctx, p, &total))
	if err != nil {
		return nil, 0, err
	}
	if total < 0 {
		total = len(all)
	}
	return all, total, nil
}

// assetPages is the walk of StreamAssets; when total is not nil, it receives the X-Total-Count
// of the first page (-1 without the header).
func (c *Client) assetPages(ctx context.Context, p ListAssetsParams, total *int) iter.Seq2[Asset, error] {
	if p.PageSize <= 0 {
		p.PageSize = 100
	}
	return walk(ctx, "GET /assets", func(a Asset) string { return a.ID }, func(ctx context.Context, n int) (page[Asset], error) {
		q := p
		q.Page = n
		res, err := c.ListAssets(ctx, q)
		if err != nil {
			return page[Asset]{}, err
		}
		if n == 1 && total != nil {
			*total = res.TotalCount
		}
		size := res.PageSize
		if size <= 0 {
			size = p.PageSize
		}
		// An asset created while the pages are read can shift another one onto the next
		// page: walk keeps each id once.
		return page[Asset]{items: res.Assets, totalPages: res.TotalPages, last: res.TotalPages == 0 || (res.TotalPages < 0 && len(res.Assets) < size)}, nil
	})
}

// GetAsset returns the asset with this id. A deleted asset answers 404 (IsNotFound).
func (c *Client) GetAsset(ctx context.Context, id string) (*Asset, error) {
	return send[Asset](ctx, c, request{method: http.MethodGet, path: "/assets/" + url.PathEscape(id)})
}

// AssetCreateArgs is the body of POST /assets.
type AssetCreateArgs struct {
	// Name is the display name, 1 to 256 characters.
	Name string `json:"name"`
	// Type is IMAGE or VIDEO; audio cannot be uploaded.
	Type string `json:"type"`
	// URL is a publicly accessible URL of the file, which Argil downloads.
	URL string `json:"url"`
}

// CreateAsset uploads an asset by URL. The answer is usually PROCESSING: see WaitForAsset.
// After an ambiguous failure (*AmbiguousError) it is not sent again: see AssetLookup.
func (c *Client) CreateAsset(ctx context.Context, args AssetCreateArgs) (*Asset, error) {
	return send[Asset](ctx, c, request{method: http.MethodPost, path: "/assets", body: args})
}

// AssetLookup finds the asset of a create whose answer was lost: the asset of type typ named
// name, created since (the time of the request), whatever its status.
func (c *Client) AssetLookup(name, typ string, since time.Time) Lookup[Asset] {
	list := func(ctx context.Context) ([]Asset, error) {
		var all []Asset
		// The API lists READY assets unless asked for another status.
		for _, status := range []string{AssetStatusProcessing, AssetStatusReady, AssetStatusFailed} {
			assets, _, err := c.ListAllAssets(ctx, ListAssetsParams{Types: []string{typ}, Status: status})
			if err != nil {
				return nil, err
			}
			all = append(all, assets...)
		}
		return all, nil
	}
	l := byNameSince(c, KindAsset, name, since, list, func(a *Asset) Candidate { return Candidate{ID: a.ID, Name: a.Name, CreatedAt: a.CreatedAt} })
	l.hint = fmt.Sprintf("list the assets of type %s in every status and look for %q", typ, name)
	return l
}

// DeleteAsset deletes an asset. Argil soft-deletes it: it disappears from the API, but videos
// that use it keep rendering. An asset that is already gone is not an error.
func (c *Client) DeleteAsset(ctx context.Context, id string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: "/assets/" + url.PathEscape(id)}, nil)
	if IsNotFound(err) {
		return nil
	}
	return err
}

// ClassifyAsset tells what an asset status means to a caller waiting for an upload:
//
//	READY                          Succeeded
//	PROCESSING                     Pending
//	FAILED, other failure names    Failed (..._FAILED, ..._ERROR, REJECTED, ...)
//	any other value                Unknown (a waiter keeps waiting)
func ClassifyAsset(status string) Outcome {
	switch status {
	case AssetStatusReady:
		return Succeeded
	case AssetStatusProcessing:
		return Pending
	case AssetStatusFailed:
		return Failed
	}
	return undocumented(status)
}

// WaitForAsset polls GET /assets/{id} until the asset is READY or its processing fails (see
// waitLoop and ClassifyAsset).
func (c *Client) WaitForAsset(ctx context.Context, id string, first *Asset, opts WaitOptions) (*Asset, error) {
	return newWaitLoop(c, KindAsset, "assets", id, opts, func(a *Asset) (string, string) { return a.Name, a.Status }, ClassifyAsset).run(ctx, first)
}
