package emulator

import (
	"math"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"
)

// Asset statuses.
const (
	AssetStatusProcessing = "PROCESSING"
	AssetStatusReady      = "READY"
	AssetStatusFailed     = "FAILED"
)

var (
	assetTypes    = []string{"AUDIO", "IMAGE", "VIDEO"}
	assetStatuses = []string{AssetStatusProcessing, AssetStatusReady, AssetStatusFailed}
)

// asset is the stored form of an Asset. An uploaded asset is PROCESSING from createdAt for
// Options.AssetProcessing, then reports outcome.
type asset struct {
	seq       int
	id        string
	name      string
	typ       string
	createdAt time.Time
	outcome   string
	processed bool // uploaded through the API: goes through PROCESSING
	system    bool // part of the music library
	deleted   bool // soft-deleted: hidden from the API, its media still served
}

func (e *Emulator) assetStatus(a *asset, now time.Time) string {
	if a.processed && now.Before(a.createdAt.Add(e.opts.AssetProcessing)) {
		return AssetStatusProcessing
	}
	return a.outcome
}

// assetFileExt is the extension of the asset's file.
func assetFileExt(typ string) string {
	switch typ {
	case "AUDIO":
		return "mp3"
	case "IMAGE":
		return "jpg"
	}
	return "mp4"
}

// assetJSON renders a as the API's Asset object. The caller holds e.mu.
func (e *Emulator) assetJSON(a *asset, base string, now time.Time) map[string]any {
	status := e.assetStatus(a, now)
	out := map[string]any{
		"id":           a.id,
		"name":         a.name,
		"type":         a.typ,
		"status":       status,
		"fileUrl":      nil,
		"thumbnailUrl": nil,
		"createdAt":    formatTime(a.createdAt),
	}
	if status == AssetStatusReady {
		out["fileUrl"] = base + "/media/assets/" + a.id + "." + assetFileExt(a.typ)
		if a.typ != "AUDIO" {
			out["thumbnailUrl"] = base + "/media/assets/" + a.id + ".thumbnail.jpg"
		}
	}
	return out
}

func (e *Emulator) listAssets(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	types := map[string]bool{}
	for _, t := range q["type"] {
		if _, err := enumParam(t, "type", assetTypes...); err != nil || t == "" {
			badRequest(w, invalid("type must be one of AUDIO, IMAGE, VIDEO"))
			return
		}
		types[t] = true
	}
	status, err := enumParam(q.Get("status"), "status", assetStatuses...)
	if err != nil {
		badRequest(w, err)
		return
	}
	if status == "" {
		status = AssetStatusReady
	}
	page, err := intParam(q.Get("page"), "page", 1, 0)
	if err != nil {
		badRequest(w, err)
		return
	}
	size, err := intParam(q.Get("pageSize"), "pageSize", 20, 100)
	if err != nil {
		badRequest(w, err)
		return
	}
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	list := inOrder(e.assets, func(a *asset) bool {
		return !a.deleted && (len(types) == 0 || types[a.typ]) && e.assetStatus(a, now) == status
	})
	total := len(list)
	from := min((page-1)*size, total)
	to := min(from+size, total)
	out := make([]map[string]any, 0, to-from)
	for _, a := range list[from:to] {
		out = append(out, e.assetJSON(a, baseURL(r), now))
	}
	h := w.Header()
	if !e.faults.NoPaginationHeaders {
		h.Set("X-Total-Count", strconv.Itoa(total))
		h.Set("X-Total-Pages", strconv.Itoa(int(math.Ceil(float64(total)/float64(size)))))
	}
	h.Set("X-Page", strconv.Itoa(page))
	h.Set("X-Page-Size", strconv.Itoa(size))
	writeJSON(w, http.StatusOK, out)
}

// liveAsset returns the asset unless it is unknown or deleted. The caller holds e.mu.
func (e *Emulator) liveAsset(id string) *asset {
	a := e.assets[id]
	if a == nil || a.deleted {
		return nil
	}
	return a
}

func (e *Emulator) getAsset(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.liveAsset(r.PathValue("id"))
	if !found(w, a, "Asset") {
		return
	}
	writeJSON(w, http.StatusOK, e.assetJSON(a, baseURL(r), e.now()))
}

// deleteAsset soft-deletes: the asset disappears from the API (list, get, delete answer as
// for an unknown id) but its file stays served, so videos using it keep rendering.
func (e *Emulator) deleteAsset(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.liveAsset(r.PathValue("id"))
	if !found(w, a, "Asset") {
		return
	}
	a.deleted = true
	writeJSON(w, http.StatusOK, map[string]string{"message": "Asset deleted"})
}

// parseAssetCreate validates an AssetCreateArgs body and returns the asset to store.
func (e *Emulator) parseAssetCreate(body any) (*asset, error) {
	m, err := object(body, "body")
	if err != nil {
		return nil, err
	}
	a := &asset{processed: true}
	if a.name, err = reqString(m, "", "name"); err != nil {
		return nil, err
	}
	if n := utf8.RuneCountInString(a.name); n < 1 || n > 256 {
		return nil, invalid("name must be 1 to 256 characters")
	}
	if a.typ, err = reqString(m, "", "type"); err != nil {
		return nil, err
	}
	if a.typ != "IMAGE" && a.typ != "VIDEO" {
		return nil, invalid("type must be IMAGE or VIDEO (audio upload is not supported)")
	}
	u, err := reqString(m, "", "url")
	if err != nil {
		return nil, err
	}
	if err := absoluteURL(u, "url", e.opts.RequireHTTPSAssetURL); err != nil {
		return nil, err
	}
	return a, nil
}

func (e *Emulator) createAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := parseBody(w, r, e.parseAssetCreate)
	if !ok {
		return
	}
	now := e.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	a.seq = e.nextSeq()
	a.id = newUUID()
	a.createdAt = now
	a.outcome = AssetStatusReady
	if take(&e.failNextAsset) {
		a.outcome = AssetStatusFailed
	}
	e.assets[a.id] = a
	writeJSON(w, e.opts.AssetCreateStatus, e.assetJSON(a, baseURL(r), now))
}

// FailNextAsset makes the next asset created through POST /assets end FAILED when its
// processing time is over.
func (e *Emulator) FailNextAsset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failNextAsset++
}

// AssetStatus returns the asset's current status; false for unknown or deleted assets.
func (e *Emulator) AssetStatus(id string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.liveAsset(id)
	if a == nil {
		return "", false
	}
	return e.assetStatus(a, e.now()), true
}
