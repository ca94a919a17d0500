package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/argil-community/terraform-provider-argil/internal/loopback"
)

// adminRoutes registers the admin API under /_emulator. It needs no API key: it is meant
// for the standalone binary (bound to loopback) and for failure drills. adminRequestAllowed
// keeps web pages out of it.
//
//	POST /_emulator/videos                         SeedVideo JSON -> 201 {"id": "..."}
//	POST /_emulator/videos/{id}/fail-next-render   -> 200 {"message": ...}, 404 unknown video
//	GET  /_emulator/videos/{id}/status             -> 200 {"id": ..., "status": ...}, 404
//	GET  /_emulator/faults                         -> the Faults in force
//	PUT  /_emulator/faults                         Faults JSON (durations as "250ms") -> 200 Faults
//	GET  /_emulator/stats                          -> {"routes": {...}, "renders": {...}, "totalRenders": n}
//	GET  /_emulator/deliveries                     -> [Delivery, ...]
//	POST /_emulator/reset-counters                 -> 200; same as ResetCounters
//	POST /_emulator/avatars/fail-next              -> 200; same as FailNextAvatar
//	POST /_emulator/avatars/refuse-next            -> 200; same as RefuseNextAvatar
//	POST /_emulator/assets/fail-next               -> 200; same as FailNextAsset
func (e *Emulator) adminRoutes(m *http.ServeMux) {
	m.HandleFunc("POST /_emulator/videos", func(w http.ResponseWriter, r *http.Request) {
		var s SeedVideo
		if err := decodeStrict(w, r, &s); err != nil {
			badRequest(w, err)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"id": e.SeedVideo(s)})
	})
	m.HandleFunc("POST /_emulator/videos/{id}/fail-next-render", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if _, ok := e.VideoStatus(id); !ok {
			writeError(w, http.StatusNotFound, "Video not found")
			return
		}
		e.FailNextRender(id)
		writeJSON(w, http.StatusOK, map[string]string{"message": "The next render of this video will fail"})
	})
	m.HandleFunc("GET /_emulator/videos/{id}/status", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		status, ok := e.VideoStatus(id)
		if !ok {
			writeError(w, http.StatusNotFound, "Video not found")
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"id": id, "status": status})
	})
	m.HandleFunc("GET /_emulator/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, e.CurrentFaults())
	})
	m.HandleFunc("PUT /_emulator/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Faults
		if err := decodeStrict(w, r, &f); err != nil {
			badRequest(w, err)
			return
		}
		if err := f.validate(); err != nil {
			badRequest(w, err)
			return
		}
		e.SetFaults(f)
		writeJSON(w, http.StatusOK, f)
	})
	m.HandleFunc("GET /_emulator/stats", func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		routes := make(map[string]int, len(e.counts))
		for k, v := range e.counts {
			routes[k] = v
		}
		renders := make(map[string]int, len(e.renders))
		for k, v := range e.renders {
			renders[k] = v
		}
		total := e.total
		e.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"routes": routes, "renders": renders, "totalRenders": total})
	})
	m.HandleFunc("GET /_emulator/deliveries", func(w http.ResponseWriter, r *http.Request) {
		d := e.Deliveries()
		if d == nil {
			d = []Delivery{}
		}
		writeJSON(w, http.StatusOK, d)
	})
	knob := func(path, msg string, f func()) {
		m.HandleFunc("POST "+path, func(w http.ResponseWriter, r *http.Request) {
			f()
			writeJSON(w, http.StatusOK, map[string]string{"message": msg})
		})
	}
	knob("/_emulator/avatars/fail-next", "The next avatar created will fail its training", e.FailNextAvatar)
	knob("/_emulator/avatars/refuse-next", "The next avatar created will be refused", e.RefuseNextAvatar)
	knob("/_emulator/assets/fail-next", "The next asset created will fail its processing", e.FailNextAsset)
	m.HandleFunc("POST /_emulator/reset-counters", func(w http.ResponseWriter, r *http.Request) {
		e.ResetCounters()
		writeJSON(w, http.StatusOK, map[string]string{"message": "Counters reset"})
	})
}

// crossOrigin refuses the unsafe requests (POST, PUT, ...) that a browser marks as coming from
// another origin (Sec-Fetch-Site, or an Origin that is not the request's own host).
var crossOrigin = http.NewCrossOriginProtection()

// adminRequestAllowed keeps web pages out of the admin API, which needs no key: it answers only
// requests whose Host header names a loopback host (a literal 127.x.x.x address, ::1 or
// localhost), so that a page on a name that resolves to 127.0.0.1 (DNS rebinding) cannot read
// the deliveries and their callback tokens, and refuses cross-origin writes, so that a page
// open in a browser cannot seed videos or set faults.
func adminRequestAllowed(r *http.Request) error {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if !loopback.Host(host) {
		return fmt.Errorf("the emulator's admin API answers only requests addressed to a loopback host (127.0.0.1, [::1] or localhost), not %q", r.Host)
	}
	if err := crossOrigin.Check(r); err != nil {
		return errors.New("the emulator's admin API refuses cross-origin writes")
	}
	return nil
}

// decodeStrict decodes a JSON body into v, refusing unknown fields.
func decodeStrict(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return invalid("invalid JSON body: %v", err)
	}
	if dec.More() {
		return errors.New("invalid JSON body: trailing data")
	}
	return nil
}
