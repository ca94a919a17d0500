package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// recorder wraps the emulator's handler and watches the API answers, without changing them:
// it counts answers by route and status code and, for every video whose render it saw
// start, timestamps the first answer that reported the video DONE. The emulator's own clock
// is time.Now in the same process, and a DONE video's updatedAt is the instant its render
// ended, so the difference is the detection latency the provider achieved.
type recorder struct {
	emu *emulator.Emulator
	now func() time.Time

	mu       sync.Mutex
	byStatus map[int]int          // answers by HTTP status code
	tooMany  map[string]int       // 429 answers by route
	rendered map[string]time.Time // videos whose render POST was answered 2xx, and when
	seen     map[string]seenD     // first answer that showed a rendered video DONE
	first    time.Time            // first /v1 request received
	last     time.Time            // last /v1 answer sent
}

// seenD is the first sighting of a DONE video: when it was answered, and when the emulator
// says the render ended.
type seenD struct {
	answered time.Time
	doneAt   time.Time
	route    string
}

func newRecorder(emu *emulator.Emulator) *recorder {
	return &recorder{
		emu:      emu,
		now:      time.Now,
		byStatus: map[int]int{},
		tooMany:  map[string]int{},
		rendered: map[string]time.Time{},
		seen:     map[string]seenD{},
	}
}

// captureWriter passes an answer through and keeps its status code and, when asked, a copy of
// its body.
type captureWriter struct {
	http.ResponseWriter
	code int
	keep bool
	body bytes.Buffer
}

func (w *captureWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *captureWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	if w.keep {
		w.body.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection (the emulator's hang and drop
// faults need it).
func (w *captureWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// apiRoute names a /v1 request like the emulator's counters do, for the routes the
// benchmark uses; other requests keep their raw path.
func apiRoute(method, path string) string {
	p := strings.TrimPrefix(path, "/v1")
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) >= 2 && parts[0] == "videos" {
		parts[1] = "{id}"
	}
	return method + " /" + strings.Join(parts, "/")
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/v1/") {
		rec.emu.ServeHTTP(w, r)
		return
	}
	route := apiRoute(r.Method, r.URL.Path)
	rec.mu.Lock()
	if rec.first.IsZero() {
		rec.first = rec.now()
	}
	rec.mu.Unlock()
	cw := &captureWriter{ResponseWriter: w, keep: route == "GET /videos" || route == "GET /videos/{id}" || route == "POST /videos/{id}/render"}
	rec.emu.ServeHTTP(cw, r)
	answered := rec.now()
	rec.observe(route, cw.code, cw.body.Bytes(), answered)
}

// videoState is the part of a Video the recorder reads.
type videoState struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	UpdatedAt string `json:"updatedAt"`
}

// observe records one answer.
func (rec *recorder) observe(route string, code int, body []byte, answered time.Time) {
	if code == 0 {
		code = http.StatusOK
	}
	var videos []videoState
	if code >= 200 && code < 300 {
		switch route {
		case "GET /videos/{id}", "POST /videos/{id}/render":
			var v videoState
			if json.Unmarshal(body, &v) == nil && v.ID != "" {
				videos = append(videos, v)
			}
		case "GET /videos":
			var page struct {
				Videos []videoState `json:"videos"`
			}
			if json.Unmarshal(body, &page) == nil {
				videos = page.Videos
			}
		}
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.byStatus[code]++
	if answered.After(rec.last) {
		rec.last = answered
	}
	if code == http.StatusTooManyRequests {
		rec.tooMany[route]++
	}
	for _, v := range videos {
		if route == "POST /videos/{id}/render" {
			rec.rendered[v.ID] = answered
			continue
		}
		if _, ok := rec.rendered[v.ID]; !ok || v.Status != "DONE" {
			continue
		}
		if _, ok := rec.seen[v.ID]; ok {
			continue
		}
		doneAt, err := time.Parse(time.RFC3339Nano, v.UpdatedAt)
		if err != nil {
			continue
		}
		rec.seen[v.ID] = seenD{answered: answered, doneAt: doneAt, route: route}
	}
}

// latencies returns the detection latency of every rendered video seen DONE, and how many
// rendered videos were never seen DONE.
func (rec *recorder) latencies() (lat []time.Duration, unseen int) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for id := range rec.rendered {
		s, ok := rec.seen[id]
		if !ok {
			unseen++
			continue
		}
		lat = append(lat, s.answered.Sub(s.doneAt))
	}
	return lat, unseen
}

// seenBy counts the first DONE sightings by route.
func (rec *recorder) seenBy() map[string]int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := map[string]int{}
	for _, s := range rec.seen {
		out[s.route]++
	}
	return out
}

// count429 returns the number of 429 answers.
func (rec *recorder) count429() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.byStatus[http.StatusTooManyRequests]
}

// span returns the time from the first API request received to the last answer sent.
func (rec *recorder) span() time.Duration {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.first.IsZero() {
		return 0
	}
	return rec.last.Sub(rec.first)
}

// trace writes one line per rendered video, in the order the renders started: when its
// render POST was answered, when it was DONE, when an answer first showed it DONE and by
// which route, all in seconds from the first API request.
func (rec *recorder) trace(w io.Writer) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	ids := make([]string, 0, len(rec.rendered))
	for id := range rec.rendered {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return rec.rendered[ids[i]].Before(rec.rendered[ids[j]]) })
	rel := func(t time.Time) float64 { return t.Sub(rec.first).Seconds() }
	fmt.Fprintf(w, "video\trendered_s\tdone_s\tseen_s\tlatency_s\troute\n")
	for _, id := range ids {
		s, ok := rec.seen[id]
		if !ok {
			fmt.Fprintf(w, "%s\t%.2f\t-\t-\t-\tnever seen DONE\n", id, rel(rec.rendered[id]))
			continue
		}
		fmt.Fprintf(w, "%s\t%.2f\t%.2f\t%.2f\t%.2f\t%s\n", id, rel(rec.rendered[id]), rel(s.doneAt), rel(s.answered), s.answered.Sub(s.doneAt).Seconds(), s.route)
	}
}
