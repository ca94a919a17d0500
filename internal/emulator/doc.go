// Package emulator is an in-memory HTTP server that behaves like the documented Argil v1
// API (https://api.argil.ai/v1), for tests, demos and offline CI.
//
// It follows the contract in shared/argil-api (argil-v1.openapi.yaml and reference.md), not
// any client: request bodies are validated like the contract's schemas, answers use the
// documented shapes, and errors are always {"code": <status>, "message": "..."}. Behaviour
// that the contract marks `x-argil-source: inferred` is a documented default that a field of
// Options can switch.
//
// # Routes
//
// The API is served under /v1 and needs the x-api-key header (Options.APIKey, by default
// DefaultAPIKey); a missing or wrong key gets 401 {"code":401,"message":"Invalid API key"}.
// Generated media are public: /media/{id}.mp4, /media/{id}.subtitled.mp4,
// /media/{id}/moments/{i}.mp3|.mp4 and /preview/{id} (tiny bodies with the right content
// types; 404 until they exist). The admin API under /_emulator needs no key (see
// adminRoutes and README.md).
//
// # Video state machine
//
// POST /videos creates an IDLE video (duration null, videoUrl null, previewUrl set).
// POST /videos/{id}/render starts a render at the emulator's clock time t0:
//
//	t0                          GENERATING_AUDIO (skipped when every moment has audioUrl)
//	t0+AudioPhase               GENERATING_VIDEO, duration and moment audioUrl appear
//	t0+AudioPhase+VideoPhase    DONE with videoUrl, moment videoUrl, and videoUrlSubtitled
//	                            when subtitles.enable; or FAILED after FailNextRender
//
// Statuses are computed from the clock at every read (Options.Now may be a fake clock).
// When a render ends, VIDEO_GENERATION_SUCCESS or VIDEO_GENERATION_FAILED
// ({event, data:{videoId, videoName, videoUrl, extras}}) is posted once to the render's
// callbackUrl; every attempt is recorded (Deliveries). A background goroutine notices ends
// within about 20ms of real time; Flush does it at once and waits.
//
// # Faults and counters
//
// SetFaults injects rate limiting (429 + Retry-After), random 5xx on GET, latency and
// render-specific failures (connection dropped or 502 after the render started, 503 before).
// Count, Renders and TotalRenders tell tests what reached the emulator.
package emulator
