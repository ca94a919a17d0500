// Package argil is a typed client for the public Argil API v1 (https://api.argil.ai/v1).
//
// It knows nothing of Terraform. It speaks HTTP with the standard library and carries the
// policies that keep a paid API safe to automate:
//
//   - Every request goes through one rate budget shared by the whole Client (a token bucket).
//     A 429 answer pauses every caller of that Client until its Retry-After has passed and
//     halves the rate, which grows back by 5% of the configured rate per second.
//   - A 2xx answer whose body is empty or not JSON is retried like a network error (GET) or
//     reported as an *AmbiguousError (POST: the server acted).
//   - Idempotent requests (GET, DELETE, PUT) are retried on network errors, 429 and 5xx with
//     exponential backoff and full jitter, honouring Retry-After (seconds or an HTTP date),
//     within the caller's context deadline and MaxRetries.
//   - Requests that create or start something (POST) are retried only when the server certainly
//     did not act on them: a 429, or a connection that was refused before anything was sent.
//     Any other failure of a POST comes back as an *AmbiguousError, so that the caller looks at
//     the server's state before it decides to try again.
//   - 401 and 403 fail at once, with a message that never contains the API key.
//   - Response bodies are read through a size limit, and bodies quoted in errors are truncated.
package argil
