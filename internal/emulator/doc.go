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
// callbackUrl and to the webhooks subscribed to that event; every attempt is recorded
// (Deliveries). A background goroutine notices ends
// within about 20ms of real time; Flush does it at once and waits.
//
// # Other resources
//
// Avatars: GET /avatars (orientation, model, visibility filters), GET /avatars/{id}, and
// POST /avatars (image-based): TRAINING for Options.AvatarTraining, then IDLE (or
// TRAINING_FAILED after FailNextAvatar, REFUSED after RefuseNextAvatar), with
// AVATAR_TRAINING_SUCCESS / AVATAR_TRAINING_FAILED sent to subscribed webhooks. Without a
// voiceId, a "voice design" voice is created for the avatar. Voices: list (language, gender),
// get, and POST /voices (a clone, IDLE at once). Assets: list (type, status, page, pageSize;
// pagination in X-Total-Count, X-Page, X-Page-Size, X-Total-Pages), get, POST /assets
// (PROCESSING for Options.AssetProcessing, then READY or FAILED after FailNextAsset) and
// DELETE (soft delete, 200 {"message":"Asset deleted"}). Subtitles: paginated styles and
// the VTT/ASS export of a video's transcripts. Webhooks: list, create (201), partial PUT,
// DELETE (204); each delivery sets lastTriggeredAt.
//
// # Built-in catalog
//
// Stable ids, usable in tests and demos:
//
//	Avatars (public, IDLE, gestures gesture-1..gesture-4):
//	  AvatarEmmaID   a1b2c3d4-0001-4000-8000-000000000001  16:9  ARGIL_V1
//	  AvatarLiamID   a1b2c3d4-0002-4000-8000-000000000002  9:16  ARGIL_V1
//	  AvatarSofiaID  a1b2c3d4-0003-4000-8000-000000000003  16:9  ARGIL_ATOM
//	  AvatarNoahID   a1b2c3d4-0004-4000-8000-000000000004  9:16  ARGIL_ATOM
//	Voices (IDLE):
//	  VoiceEmmaID    b1b2c3d4-0001-4000-8000-000000000001  ENGLISH FEMALE
//	  VoiceLiamID    b1b2c3d4-0002-4000-8000-000000000002  ENGLISH MALE
//	  VoiceSofiaID   b1b2c3d4-0003-4000-8000-000000000003  SPANISH FEMALE
//	  VoiceNoahID    b1b2c3d4-0004-4000-8000-000000000004  FRENCH MALE
//	  VoiceGretaID   b1b2c3d4-0005-4000-8000-000000000005  GERMAN FEMALE
//	  VoiceJoaoID    b1b2c3d4-0006-4000-8000-000000000006  BRAZILIAN_PORTUGUESE MALE
//	Subtitle styles: 12, SubtitleStyleID(1..12) = c1b2c3d4-00NN-4000-8000-0000000000NN
//	  (SubtitleStyleClassicID is number 1, "Classic")
//	Background music (AUDIO, READY):
//	  AssetMusicCalmID       d1b2c3d4-0001-4000-8000-000000000001
//	  AssetMusicUpbeatID     d1b2c3d4-0002-4000-8000-000000000002
//	  AssetMusicCorporateID  d1b2c3d4-0003-4000-8000-000000000003
//
// # Faults and counters
//
// SetFaults injects rate limiting (429 + Retry-After), random 5xx on GET, latency and
// render-specific failures (connection dropped or 502 after the render started, 503 before).
// Count, Renders and TotalRenders tell tests what reached the emulator.
package emulator
