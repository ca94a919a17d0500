// Package argil is a typed client of the Argil API v1 (https://api.argil.ai/v1). It knows
// nothing of Terraform and speaks HTTP with the standard library. Its rules keep a paid API
// safe to automate:
//
//   - One rate budget per Client (limiter.go). A 429 pauses every caller for its Retry-After;
//     repeated 429s halve the rate, which then grows back by 10% of it per second.
//   - GET, PUT and DELETE are retried on network errors, 408, 429 and 5xx, with exponential
//     backoff and full jitter, honouring Retry-After, within MaxRetries and the call's deadline.
//   - A POST is retried only when the server certainly did not act (a 429, a refused
//     connection); any other failure is an *AmbiguousError. It is never sent twice: a lost
//     create is looked up (Lookup, lost.go), a lost render request read back (StartRender).
//   - WaitForRender, WaitForAvatar and WaitForAsset share one engine (waitloop.go) on a
//     poll.Schedule; concurrent render waits share GET /videos pages (refresh.go).
//   - 401 and 403 fail at once. Errors and logs never carry the API key; bodies are read
//     through a size limit and quoted truncated.
//   - Config.Clock drives the rate budget, the waits and the read-backs.
package argil
