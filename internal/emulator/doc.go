// Package emulator is an in-memory HTTP server that behaves like the documented Argil v1
// API (https://api.argil.ai/v1), for tests, demos and offline CI.
//
// It follows the contract in shared/argil-api (argil-v1.openapi.yaml and reference.md), not
// any client: request bodies are validated like the contract's schemas, answers use the
// documented shapes, and errors are always {"code": <status>, "message": "..."}. The API is
// served under /v1 with the x-api-key header (Options.APIKey); generated media under /media
// and /preview; the admin API under /_emulator (adminRoutes).
//
// A render goes GENERATING_AUDIO, GENERATING_VIDEO, then DONE (or FAILED after
// FailNextRender), by Options.AudioPhase and Options.VideoPhase of the emulator's clock,
// computed at every read, so that a fake clock (Options.Now) gives exact statuses. Its end is
// delivered to the render's callbackUrl and the subscribed webhooks (Deliveries; Flush).
//
// Behaviour the contract marks `x-argil-source: inferred`, and readings of Argil's n8n node,
// are switches of Options; failures are knobs of Faults (SetFaults). Count, Renders and
// Requests tell tests what reached the emulator. README.md describes each of them, the
// built-in catalog and the admin API.
package emulator
