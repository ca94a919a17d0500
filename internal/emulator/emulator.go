package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand"
	"net/http"
	"strings"
	"sync"
	"time"
)

// DefaultAPIKey is the API key the emulator accepts when Options.APIKey is empty.
const DefaultAPIKey = "emulator-key"

// Default phase lengths, used when the corresponding Options field is zero.
const (
	DefaultAudioPhase      = 2 * time.Second
	DefaultVideoPhase      = 4 * time.Second
	DefaultAvatarTraining  = 2 * time.Second
	DefaultAssetProcessing = 1 * time.Second
)

// sweepInterval is how often (in real time) the background goroutine looks for
// renders and trainings that ended, to deliver their events.
const sweepInterval = 20 * time.Millisecond

// Options configures an Emulator. The zero value is usable.
//
// The fields after HTTPClient and Seed are switches for behaviour that the contract marks
// `x-argil-source: inferred` (or doc-old): the docs do not say what Argil does, so the emulator
// makes a documented default choice and lets tests pick the other one.
type Options struct {
	// APIKey is the accepted x-api-key; "" means DefaultAPIKey ("emulator-key").
	APIKey string
	// AvatarTraining is how long a created avatar stays TRAINING; 0 means 2s.
	AvatarTraining time.Duration
	// AssetProcessing is how long a created asset stays PROCESSING; 0 means 1s.
	AssetProcessing time.Duration
	// AudioPhase is how long a render stays GENERATING_AUDIO; 0 means 2s.
	AudioPhase time.Duration
	// VideoPhase is how long a render stays GENERATING_VIDEO; 0 means 4s.
	VideoPhase time.Duration
	// Now is the emulator's clock; nil means time.Now. Every status is computed from it
	// lazily, so a fake clock gives exact statuses at any read.
	Now func() time.Time
	// HTTPClient sends render callbacks and webhook deliveries; nil means a client with a
	// 5-second timeout. The emulator uses a copy that never follows redirects and, without
	// AllowRemoteDeliveries, uses no proxy and connects only to loopback addresses.
	HTTPClient *http.Client
	// AllowRemoteDeliveries lets callbacks and webhooks reach hosts that are not on loopback.
	// Off by default: the emulator is for offline tests, so a delivery to any other host is
	// recorded in Deliveries with an error and never sent.
	AllowRemoteDeliveries bool
	// Seed seeds the math/rand source used by Faults.ErrorRate (and the other random
	// fault knobs), so that fault sequences are reproducible.
	Seed int64

	// UnauthorizedStatus is the status answered for a missing or wrong x-api-key
	// (inferred: 401). 0 means 401; 403 is the plausible alternative.
	UnauthorizedStatus int
	// RejectRerenderDone makes POST /videos/{id}/render on a DONE video answer 400
	// ("Video has already been generated") instead of starting a new render
	// (inferred: re-rendering DONE is allowed by default).
	RejectRerenderDone bool
	// RenderWhileGenerating chooses what a render of a video that is GENERATING_* does
	// (inferred): "" or "reject" answers 400 "Video is already being generated";
	// "ignore" answers 200 with the video and starts nothing; "restart" starts a new render.
	RenderWhileGenerating string
	// AlwaysGenerateAudio makes every render start in GENERATING_AUDIO. By default
	// (inferred) a render whose moments all use audioUrl skips straight to GENERATING_VIDEO.
	AlwaysGenerateAudio bool
	// AllowHTTPCallbackURL accepts a non-HTTPS render callbackUrl. By default it is refused
	// with 400 "callbackUrl must use HTTPS" (the docs say HTTPS is required; the 400 is inferred).
	AllowHTTPCallbackURL bool
	// OmitUnsetURLs leaves out videoUrl, videoUrlSubtitled and the moments' audioUrl/videoUrl
	// while they do not exist. By default (inferred) the Video's URLs are JSON null and the
	// moments' URLs are absent.
	OmitUnsetURLs bool
	// NullPreviewURL keeps previewUrl null until the video is DONE. By default (the docs say
	// the preview works "before launching the generation") previewUrl is set from creation.
	NullPreviewURL bool
	// AllowUnknownMomentFields accepts unknown fields in a moment. By default they are
	// refused with 400 (`additionalProperties: false` comes from older docs only).
	AllowUnknownMomentFields bool
	// MaxTranscriptChars is the enforced transcript limit per moment: 0 means 500 (the
	// documented limit; whether Argil enforces it with a 400 is unknown), a negative value
	// disables the check.
	MaxTranscriptChars int
	// FailedEventVideoURL chooses data.videoUrl in VIDEO_GENERATION_FAILED payloads
	// (inferred): "" or "null" sends null, "empty" sends "", "omit" leaves the key out.
	FailedEventVideoURL string
	// EventExtrasAsString sends data.extras in event payloads as a JSON-encoded string
	// (the docs' example shows a placeholder string) instead of an object (inferred default).
	EventExtrasAsString bool
	// CreatedAtKey is the JSON key of the creation timestamp of avatars, voices and
	// webhooks: "" or "createdAt" (default), or "createAt" (older docs' spelling).
	CreatedAtKey string
	// ValidateReferences makes POST /videos refuse (400) moments whose avatarId, voiceId or
	// gestureSlug, a subtitles.styleId or a backgroundMusic.assetId that the emulator does
	// not know. Off by default: the docs do not say what Argil answers.
	ValidateReferences bool
	// VoiceCreateStatus is the status of a successful POST /voices; 0 means 201 (inferred).
	VoiceCreateStatus int
	// AssetCreateStatus is the status of a successful POST /assets; 0 means 201 (inferred).
	AssetCreateStatus int
	// RequireHTTPSAssetURL refuses (400) a POST /assets url that is not HTTPS. By default
	// (unknown in the docs) any absolute http(s) URL is accepted.
	RequireHTTPSAssetURL bool
	// RejectUnknownVoiceFields refuses (400) unknown fields in a POST /voices body. By
	// default they are ignored (the contract does not close VoiceCreateArgs; inferred).
	RejectUnknownVoiceFields bool
	// RefusedAvatarSendsFailedEvent sends AVATAR_TRAINING_FAILED when an avatar ends
	// REFUSED (RefuseNextAvatar). By default no event fires for REFUSED: the docs do not say
	// which event, if any, does.
	RefusedAvatarSendsFailedEvent bool
	// RequireHTTPSWebhookURL refuses (400) a webhook callbackUrl that is not HTTPS. By
	// default (the docs state HTTPS only for the render callbackUrl) http URLs are accepted.
	RequireHTTPSWebhookURL bool

	// The switches below rehearse readings of Argil that its own n8n node
	// (argildotai/n8n-nodes-argil) allows and its docs do not state.

	// FinishedReadsIdle reports a render that ended well as IDLE instead of DONE, with its
	// videoUrl, videoUrlSubtitled, moments' URLs and duration set (the n8n node ends its poll
	// on IDLE as a success). Events are sent as usual.
	FinishedReadsIdle bool
	// RenderQueue is how long an accepted render waits for capacity before it starts: the
	// render POST answers 200 with the video still IDLE, which stays IDLE (without URLs, and
	// with updatedAt unchanged) for RenderQueue by the emulator's clock, then goes through
	// GENERATING_AUDIO and GENERATING_VIDEO as usual. A render POST during the queue starts
	// a new render (the video reads IDLE) and counts as one. 0: renders start at once.
	RenderQueue time.Duration
	// SlowAccept delays the answer to POST /videos and POST /videos/{id}/render by this long
	// (by the emulator's clock; the body is read at receipt). The request acts when its answer
	// is due, whether or not the client is still waiting: a client that gave up earlier finds
	// the video created, or the render started, only from then on. 0: no delay.
	SlowAccept time.Duration
	// ShortListItems leaves previewUrl, duration and aspectRatio out of the items of
	// GET /videos (the docs' list page shows an older Video schema without them).
	ShortListItems bool
	// BareArrayList answers GET /videos with a bare JSON array of videos instead of the
	// documented page object (filters and paging still apply).
	BareArrayList bool
	// AcceptNodeValues accepts, in POST /videos, the values Argil's n8n node sends and the
	// docs do not list: autoBrolls.layout NORMAL, BOTTOM_LEFT, BOTTOM_RIGHT, SPLIT_LEFT,
	// SPLIT_RIGHT, SPLIT_TOP, SPLIT_BOTTOM, BACKGROUND; a moment-level layout with the same
	// values; subtitles.position "Centered". By default they are refused with 400, as the
	// contract's enumerations say.
	AcceptNodeValues bool
}

// Emulator is an in-memory fake of the Argil v1 API. It is an http.Handler serving
// /v1/... (the API), /media/... and /preview/... (the generated files) and /_emulator/...
// (the admin API). Create it with New and stop its background work with Close.
type Emulator struct {
	opts   Options
	apiKey string
	mux    *http.ServeMux // /v1 routes, patterns "METHOD /v1/..."
	admin  *http.ServeMux // /_emulator and media routes

	mu        sync.Mutex
	seq       int
	videos    map[string]*video
	avatars   map[string]*avatar
	voices    map[string]*voice
	assets    map[string]*asset
	webhooks  map[string]*webhook
	styles    []subtitleStyle
	faults    Faults
	buckets   map[string]*bucket
	rng       *rand.Rand
	counts    map[string]int
	renders   map[string]int
	total     int
	delivered []Delivery
	baseURL   string // scheme://host of the latest request, for events of seeded renders
	inflight  int    // deliveries being attempted

	journal     []*Request // /v1 requests (Requests)
	inFlight    int        // /v1 requests being answered
	maxInFlight int

	failNextAvatar   int // avatars to end TRAINING_FAILED
	refuseNextAvatar int // avatars to end REFUSED
	failNextAsset    int // assets to end FAILED

	ctx      context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	stopOnce sync.Once
}

// New returns an emulator configured by opts, with the built-in catalog loaded and its
// background delivery loop started. Call Close when done.
func New(opts Options) *Emulator {
	if opts.AudioPhase == 0 {
		opts.AudioPhase = DefaultAudioPhase
	}
	if opts.VideoPhase == 0 {
		opts.VideoPhase = DefaultVideoPhase
	}
	if opts.AvatarTraining == 0 {
		opts.AvatarTraining = DefaultAvatarTraining
	}
	if opts.AssetProcessing == 0 {
		opts.AssetProcessing = DefaultAssetProcessing
	}
	if opts.CreatedAtKey == "" {
		opts.CreatedAtKey = "createdAt"
	}
	if opts.VoiceCreateStatus == 0 {
		opts.VoiceCreateStatus = http.StatusCreated
	}
	if opts.AssetCreateStatus == 0 {
		opts.AssetCreateStatus = http.StatusCreated
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 5 * time.Second}
	}
	opts.HTTPClient = deliveryClient(opts.HTTPClient, opts.AllowRemoteDeliveries)
	if opts.UnauthorizedStatus == 0 {
		opts.UnauthorizedStatus = http.StatusUnauthorized
	}
	if opts.MaxTranscriptChars == 0 {
		opts.MaxTranscriptChars = 500
	}
	e := &Emulator{
		opts:     opts,
		apiKey:   opts.APIKey,
		videos:   map[string]*video{},
		avatars:  map[string]*avatar{},
		voices:   map[string]*voice{},
		assets:   map[string]*asset{},
		webhooks: map[string]*webhook{},
		buckets:  map[string]*bucket{},
		rng:      rand.New(rand.NewSource(opts.Seed)),
		counts:   map[string]int{},
		renders:  map[string]int{},
	}
	if e.apiKey == "" {
		e.apiKey = DefaultAPIKey
	}
	e.ctx, e.cancel = context.WithCancel(context.Background())
	e.loadCatalog()
	e.routes()
	e.wg.Add(1)
	go e.loop()
	return e
}

// Close stops the background loop and cancels deliveries in flight, then waits for them.
// The handler keeps answering requests after Close, but no event is delivered any more.
func (e *Emulator) Close() {
	e.stopOnce.Do(func() {
		e.cancel()
		e.wg.Wait()
	})
}

func (e *Emulator) now() time.Time { return e.opts.Now().UTC() }

// loop periodically delivers the events of renders and trainings that ended.
func (e *Emulator) loop() {
	defer e.wg.Done()
	t := time.NewTicker(sweepInterval)
	defer t.Stop()
	for {
		select {
		case <-e.ctx.Done():
			return
		case <-t.C:
			e.sweep()
		}
	}
}

// Flush delivers the events of every render and training that has ended by the emulator's
// clock and waits until those deliveries (and any already in flight) have been attempted.
// Tests with a fake clock call it after advancing the clock.
func (e *Emulator) Flush() {
	e.sweep()
	for {
		e.mu.Lock()
		n := e.inflight
		e.mu.Unlock()
		if n == 0 {
			return
		}
		select {
		case <-e.ctx.Done():
			return
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// ServeHTTP serves the API under /v1, generated media under /media and /preview, and the
// admin API under /_emulator.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.sweep()
	if r.URL.Path == "/v1" || strings.HasPrefix(r.URL.Path, "/v1/") {
		e.serveAPI(w, r)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/_emulator/") {
		if err := adminRequestAllowed(r); err != nil {
			writeError(w, http.StatusForbidden, err.Error())
			return
		}
	}
	e.admin.ServeHTTP(w, r)
}

// serveAPI logs the request (Requests), applies the render triggers of Faults (OnRender,
// RenderDuplicated, AfterRender) and answers it with handleAPI.
func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request) {
	_, pattern := e.mux.Handler(r)
	route := routeName(r, pattern)
	sw, done := e.record(w, r, route)
	defer done()
	e.mu.Lock()
	lost := takeDrop(e.faults.DropBeforeAccept, route)
	e.mu.Unlock()
	if lost {
		dropConnection(sw)
		return
	}
	if route != renderRoute {
		e.handleAPI(sw, r, route)
		return
	}
	e.mu.Lock()
	if next := e.faults.OnRender; next != nil {
		e.setFaultsLocked(*next)
	}
	duplicate := take(&e.faults.RenderDuplicated)
	e.mu.Unlock()
	if duplicate {
		// A proxy's first copy: it acts, and its answer is lost. r keeps its body (record
		// read it), so each copy gets its own reader.
		body, _ := io.ReadAll(r.Body)
		lost := r.Clone(r.Context())
		lost.Body = io.NopCloser(bytes.NewReader(body))
		e.handleAPI(&discardWriter{header: http.Header{}}, lost, route)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	e.handleAPI(sw, r, route)
	e.mu.Lock()
	if next := e.faults.AfterRender; next != nil {
		e.setFaultsLocked(*next)
	}
	e.mu.Unlock()
}

// renderRoute is the route of a render POST.
const renderRoute = "POST /videos/{id}/render"

// handleAPI runs the API middleware (counting, latency, auth, rate limit, faults) and then
// the route's handler.
func (e *Emulator) handleAPI(w http.ResponseWriter, r *http.Request, route string) {
	e.mu.Lock()
	e.counts[route]++
	e.baseURL = baseURL(r)
	faults := e.faults
	e.mu.Unlock()
	if faults.PlainNotFound {
		w = &plainNotFoundWriter{ResponseWriter: w}
	}

	if faults.Latency > 0 {
		t := time.NewTimer(faults.Latency)
		select {
		case <-r.Context().Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
	key := r.Header.Get("x-api-key")
	if key != e.apiKey {
		writeError(w, e.opts.UnauthorizedStatus, "Invalid API key")
		return
	}
	if e.strayTooMany() {
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "Too many requests")
		return
	}
	if ok, retry := e.allow(key); !ok {
		if faults.RetryAfterDate {
			at := e.now().Add(retry)
			if at.Truncate(time.Second) != at { // round up: never earlier than the next token
				at = at.Truncate(time.Second).Add(time.Second)
			}
			w.Header().Set("Retry-After", at.Format(http.TimeFormat))
		} else {
			w.Header().Set("Retry-After", itoa(int(retry/time.Second)))
		}
		writeError(w, http.StatusTooManyRequests, "Too many requests")
		return
	}
	if msg, ok := faults.BadRequest[route]; ok {
		writeError(w, http.StatusBadRequest, msg)
		return
	}
	if e.injectFault(w, r, route) {
		return
	}
	if e.opts.SlowAccept > 0 && (route == "POST /videos" || route == renderRoute) {
		r = e.slowAccept(r)
	}
	e.mu.Lock()
	drop := takeDrop(e.faults.DropAfterAccept, route)
	e.mu.Unlock()
	if drop {
		e.mux.ServeHTTP(&discardWriter{header: http.Header{}}, r)
		dropConnection(w)
		return
	}
	e.mux.ServeHTTP(w, r)
}

// slowAccept reads the request's body, then holds the request until Options.SlowAccept has
// passed on the emulator's clock, and returns it detached from the client: the handler then
// acts even if the client gave up meanwhile (its answer is lost).
func (e *Emulator) slowAccept(r *http.Request) *http.Request {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		body = nil
	}
	e.sleepUntil(e.now().Add(e.opts.SlowAccept))
	out := r.Clone(context.WithoutCancel(r.Context()))
	out.Body = io.NopCloser(bytes.NewReader(body))
	return out
}

// sleepUntil waits until the emulator's clock reaches t (checking every 10 ms of real time,
// so that a fake or scaled clock works), or until the emulator is closed.
func (e *Emulator) sleepUntil(t time.Time) {
	for e.now().Before(t) {
		wait := min(t.Sub(e.now()), 10*time.Millisecond)
		select {
		case <-e.ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// routeName turns a matched ServeMux pattern ("GET /v1/videos/{id}") into the OpenAPI route
// name ("GET /videos/{id}"). Unmatched requests are named after their method and raw path.
func routeName(r *http.Request, pattern string) string {
	if pattern == "" {
		return r.Method + " " + strings.TrimPrefix(r.URL.Path, "/v1")
	}
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		return r.Method + " " + strings.TrimPrefix(pattern, "/v1")
	}
	return method + " " + strings.TrimPrefix(path, "/v1")
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (e *Emulator) routes() {
	m := http.NewServeMux()
	m.HandleFunc("POST /v1/videos", e.createVideo)
	m.HandleFunc("GET /v1/videos", e.listVideos)
	m.HandleFunc("GET /v1/videos/{id}", e.getVideo)
	m.HandleFunc("DELETE /v1/videos/{id}", e.deleteVideoHandler)
	m.HandleFunc("POST /v1/videos/{id}/render", e.renderVideo)
	m.HandleFunc("GET /v1/avatars", e.listAvatars)
	m.HandleFunc("POST /v1/avatars", e.createAvatar)
	m.HandleFunc("GET /v1/avatars/{id}", e.getAvatar)
	m.HandleFunc("GET /v1/voices", e.listVoices)
	m.HandleFunc("POST /v1/voices", e.createVoice)
	m.HandleFunc("GET /v1/voices/{id}", e.getVoice)
	m.HandleFunc("GET /v1/assets", e.listAssets)
	m.HandleFunc("POST /v1/assets", e.createAsset)
	m.HandleFunc("GET /v1/assets/{id}", e.getAsset)
	m.HandleFunc("DELETE /v1/assets/{id}", e.deleteAsset)
	m.HandleFunc("GET /v1/subtitles", e.listSubtitleStyles)
	m.HandleFunc("GET /v1/subtitles/videos/{videoProjectId}/export", e.exportSubtitles)
	m.HandleFunc("GET /v1/webhooks", e.listWebhooks)
	m.HandleFunc("POST /v1/webhooks", e.createWebhook)
	m.HandleFunc("PUT /v1/webhooks/{id}", e.updateWebhook)
	m.HandleFunc("DELETE /v1/webhooks/{id}", e.deleteWebhook)
	m.HandleFunc("/v1/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "Route not found")
	})
	e.mux = m

	a := http.NewServeMux()
	a.HandleFunc("GET /media/{file}", e.serveMedia)
	a.HandleFunc("GET /media/{id}/moments/{file}", e.serveMomentMedia)
	a.HandleFunc("GET /preview/{id}", e.servePreview)
	a.HandleFunc("GET /media/avatars/{file}", e.serveAvatarMedia)
	a.HandleFunc("GET /media/voices/{file}", e.serveVoiceMedia)
	a.HandleFunc("GET /media/assets/{file}", e.serveAssetMedia)
	e.adminRoutes(a)
	e.admin = a
}

// Count returns how many requests reached the emulator for route, named "METHOD /path" as in
// the OpenAPI paths ("GET /videos/{id}", "POST /videos/{id}/render", ...). Every request
// counts, including those answered 401, 429 or by a fault.
func (e *Emulator) Count(route string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.counts[route]
}

// Counts returns a copy of every route counter.
func (e *Emulator) Counts() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]int, len(e.counts))
	for k, v := range e.counts {
		out[k] = v
	}
	return out
}

// Renders returns how many renders actually started for the video (a render POST that was
// refused, or answered by RenderErrorBeforeAccept, does not count; seeding does not count).
func (e *Emulator) Renders(videoID string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.renders[videoID]
}

// TotalRenders returns how many renders started, over all videos.
func (e *Emulator) TotalRenders() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.total
}

// ResetCounters clears the route counters, the render counters, the request log (Requests,
// MaxInFlight) and the delivery log.
func (e *Emulator) ResetCounters() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.counts = map[string]int{}
	e.renders = map[string]int{}
	e.total = 0
	e.delivered = nil
	e.journal = nil
	e.maxInFlight = e.inFlight
}

// apiError is the JSON error body of every API error: {"code":..., "message":...}.
type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiError{Code: status, Message: msg})
}

// badRequest answers 400 with the validation message.
func badRequest(w http.ResponseWriter, err error) {
	writeError(w, http.StatusBadRequest, err.Error())
}

// found tells whether x, looked up by the id of the request's path, exists; when it does not,
// it answers 404 with "<what> not found" (what: "Avatar").
func found[T any](w http.ResponseWriter, x *T, what string) bool {
	if x == nil {
		writeError(w, http.StatusNotFound, what+" not found")
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"code":500,"message":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
