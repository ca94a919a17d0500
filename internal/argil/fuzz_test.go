package argil

// Fuzz tests of everything the client reads from the network or from a user: the JSON of every
// API object, error bodies, Retry-After, and base_url. `go test` runs the seeds below and the
// corpora under testdata/fuzz/; `go test -fuzz=^FuzzName$` explores further.

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// jsonSeeds are bodies every object decoder must survive: real objects, nulls where strings
// are expected, wrong types, truncations, garbage.
var jsonSeeds = []string{
	`{"id":"v1","name":"Launch","status":"DONE","duration":12.5,"videoUrl":"https://cdn/v.mp4","extras":{"a":"b","n":3},"moments":[{"transcript":"Hi","avatarId":"a"}],"subtitles":{"enable":true}}`,
	`{"id":"v1","status":"GENERATING_AUDIO","duration":null,"videoUrl":null,"videoUrlSubtitled":null,"unknownField":{"x":[1,2]},"extras":"not an object"}`,
	`{"id":null,"name":7,"createdAt":"2026-01-01T00:00:00Z","createAt":"2025-01-01T00:00:00Z","gestures":[{"label":"Wave","slug":"wave","startFrame":"12"}],"width":1920.6,"height":-3}`,
	`{"id":"w1","callbackUrl":"https://h.example.com","events":["VIDEO_GENERATION_SUCCESS"],"createAt":"2025-01-01T00:00:00Z","lastTriggeredAt":null}`,
	`{"id":"as1","name":"b-roll","type":"IMAGE","status":"PROCESSING","fileUrl":null,"thumbnailUrl":5}`,
	`{"id":"vo1","name":"Emma","status":"IDLE","language":null,"gender":"FEMALE","sampleUrl":"https://s"}`,
	`{"totalItems":1,"totalPages":1,"currentPage":1,"itemsPerPage":10,"videos":[{"id":"v1"}],"items":[{"id":"s1","name":"Classic"}]}`,
	`{"id":"v1","status":`,
	`[{"id":"a1"},{"id":"a2"}]`,
	`{"avatars":[{"id":"a1"}],"voices":[{"id":"vo1"}]}`,
	`null`, `""`, `0`, `[]`, `{}`, `{"level":1.5}`, `2`, "\xff\xfe{}", `{"id":"\ud800"}`,
	`<!doctype html><html><body>Bad gateway</body></html>`,
}

func addJSONSeeds(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
}

// roundTrip checks that an object decoded from data encodes to a fixed point: decoding its
// encoding and encoding again gives the same bytes, so the encoder loses and invents nothing
// the decoder reads. (A nil and an empty extras map both encode to nothing: equal here.)
func roundTrip[T any](t *testing.T, v T) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding %#v: %v", v, err)
	}
	var again T
	if err := json.Unmarshal(b, &again); err != nil {
		t.Fatalf("decoding our own encoding %s: %v", b, err)
	}
	b2, err := json.Marshal(again)
	if err != nil {
		t.Fatalf("encoding %#v: %v", again, err)
	}
	if !bytes.Equal(b, b2) {
		t.Fatalf("round trip changed the object:\n  first  %s\n  again  %s", b, b2)
	}
}

func FuzzDecodeVideo(f *testing.F) {
	addJSONSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var v Video
		if json.Unmarshal(data, &v) != nil {
			return
		}
		_ = Classify(v.Status)
		_ = UserExtras(v.Extras)
		roundTrip(t, v)
	})
}

func FuzzDecodeVideoPage(f *testing.F) {
	addJSONSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var p VideoPage
		if json.Unmarshal(data, &p) != nil {
			return
		}
		roundTrip(t, p)
	})
}

func FuzzDecodeAvatar(f *testing.F) {
	addJSONSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Avatar
		if json.Unmarshal(data, &a) != nil {
			return
		}
		_ = ClassifyAvatar(a.Status)
		roundTrip(t, a)
	})
}

func FuzzDecodeVoice(f *testing.F) {
	addJSONSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var v Voice
		if json.Unmarshal(data, &v) != nil {
			return
		}
		roundTrip(t, v)
	})
}

func FuzzDecodeAsset(f *testing.F) {
	addJSONSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Asset
		if json.Unmarshal(data, &a) != nil {
			return
		}
		_ = ClassifyAsset(a.Status)
		roundTrip(t, a)
	})
}

func FuzzDecodeWebhook(f *testing.F) {
	addJSONSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var w Webhook
		if json.Unmarshal(data, &w) != nil {
			return
		}
		roundTrip(t, w)
	})
}

func FuzzDecodeSubtitleStylePage(f *testing.F) {
	addJSONSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var p SubtitleStylePage
		if json.Unmarshal(data, &p) != nil {
			return
		}
		roundTrip(t, p)
	})
}

// FuzzDecodeLists covers the list bodies of GET /avatars and GET /voices (a bare array, or an
// object wrapping it) and the Zoom of a moment.
func FuzzDecodeLists(f *testing.F) {
	addJSONSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if avatars, err := decodeList[Avatar](data, "avatars"); err == nil && avatars == nil {
			t.Fatal("decodeList returned a nil list without an error")
		}
		if voices, err := decodeList[Voice](data, "voices"); err == nil && voices == nil {
			t.Fatal("decodeList returned a nil list without an error")
		}
		var z Zoom
		if err := json.Unmarshal(data, &z); err != nil && json.Valid(data) {
			t.Fatalf("Zoom refused valid JSON %q: %v", data, err)
		}
	})
}

// FuzzDecodeJSON drives decodeJSON, the client's decoder of every 2xx answer: it never panics,
// never leaves a half-decoded value, and quotes at most a truncated part of the body.
func FuzzDecodeJSON(f *testing.F) {
	addJSONSeeds(f)
	f.Add([]byte(strings.Repeat("x", 2000)))
	f.Fuzz(func(t *testing.T, data []byte) {
		v := Video{ID: "untouched"}
		err := (&Client{}).decodeJSON(request{method: "GET", path: "/videos/x"}, &response{status: 200, body: data}, &v)
		if err != nil {
			if v.ID != "untouched" {
				t.Fatalf("a failed decode changed the value: %+v", v)
			}
			// 300 runes of the body at most, each escaped by %q into at most 10 characters.
			if n := utf8.RuneCountInString(err.Error()); n > 10*(maxQuotedBody+len("…(truncated)"))+200 {
				t.Fatalf("the error quotes %d runes of the body: %.100s", n, err)
			}
		}
	})
}

// FuzzAPIError checks the errors built from any error answer: valid UTF-8, the body quoted
// truncated, Retry-After within bounds.
func FuzzAPIError(f *testing.F) {
	f.Add(400, []byte(`{"code":400,"message":"Video is already being generated"}`), "")
	f.Add(429, []byte(`{"code":429,"message":"Too many requests"}`), "3")
	f.Add(503, []byte(`<html>`+strings.Repeat("busy ", 500)+`</html>`), "Fri, 27 Nov 2026 12:00:07 GMT")
	f.Add(401, []byte(`{"code":"401","message":null}`), "-1")
	f.Add(502, []byte("\xff\xfe\xfd"), "1e400")
	f.Fuzz(func(t *testing.T, status int, body []byte, retryAfter string) {
		res := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": []string{retryAfter}}}
		e := (&Client{}).newAPIError(request{method: "POST", path: "/videos/x/render"}, res, body)
		msg := e.Error()
		if !utf8.ValidString(msg) {
			t.Fatalf("error message is not valid UTF-8: %q", msg)
		}
		for _, quoted := range []string{e.Message, e.Body} {
			for _, r := range quoted {
				if unsafeRune(r) {
					t.Fatalf("the quoted server text keeps the control or format character %U: %q", r, quoted)
				}
			}
			if n := utf8.RuneCountInString(quoted); n > maxQuotedBody+len("…(truncated)") {
				t.Fatalf("quoted %d runes of the body, want at most %d", n, maxQuotedBody)
			}
		}
		if e.RetryAfter < 0 || e.RetryAfter > MaxRetryAfter {
			t.Fatalf("RetryAfter %s out of [0, %s]", e.RetryAfter, MaxRetryAfter)
		}
	})
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"", "0", "3", "1.5", "-2", "soon", "99999", "NaN", "+Inf", "1e9", "0x10", " 7 ",
		"Fri, 27 Nov 2026 12:00:07 GMT", "Friday, 27-Nov-26 12:00:07 GMT", "Fri Nov 27 12:00:07 2026", "Fri, 27 Nov 1900 12:00:07 GMT"} {
		f.Add(s, int64(1795780800))
	}
	f.Fuzz(func(t *testing.T, v string, unix int64) {
		now := time.Unix(unix%(1<<40), 0)
		d := ParseRetryAfter(v, now)
		if d < 0 || d > MaxRetryAfter {
			t.Fatalf("ParseRetryAfter(%q) = %s, out of [0, %s]", v, d, MaxRetryAfter)
		}
	})
}

// FuzzValidateBaseURL checks the rule that keeps the API key safe: an accepted base URL is
// https, or http on a loopback host; it carries no credentials, query or fragment; and no
// error quotes a password, wherever it sits in the input.
func FuzzValidateBaseURL(f *testing.F) {
	for _, s := range []string{"https://api.argil.ai/v1", "http://127.0.0.1:8787/v1", "http://[::1]:1/v1", "http://localhost/v1",
		"http://api.argil.ai/v1", "http://127.0.0.1.evil.com/v1", "https://u:%s@api.argil.ai/v1", "https://u:%s@exa mple.com",
		"https://u:%s@[::1", "http://u:%s@h:port/", "https://u:p@ss:%s/v1", "%s", "https://api.argil.ai/v1?k=%s", "https://api.argil.ai/v1#%s"} {
		f.Add(s)
	}
	const canary = "Zq9canaryPW"
	f.Fuzz(func(t *testing.T, pattern string) {
		in := strings.ReplaceAll(pattern, "%s", canary)
		u, err := ValidateBaseURL(in)
		if err != nil {
			if strings.Contains(err.Error(), canary) && !canaryShownSafely(in, canary) {
				t.Fatalf("the error for %q quotes the secret: %v", in, err)
			}
			return
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			t.Fatalf("accepted %q with credentials, a query or a fragment", in)
		}
		if u.Scheme != "https" && (u.Scheme != "http" || !IsLoopbackHost(u.Hostname())) {
			t.Fatalf("accepted %q: the key would travel in clear to %s", in, u.Host)
		}
	})
}

// canaryShownSafely tells whether the canary sits where an error may show it: in the scheme,
// host or path of a URL that parses. (When it also sits in a secret place, the check is
// inconclusive for this input; other inputs cover that place alone.)
func canaryShownSafely(in, canary string) bool {
	u, err := url.Parse(in)
	if err != nil {
		return false
	}
	return strings.Contains(u.Scheme+u.Host+u.Path, canary)
}

// FuzzClientAgainstGarbage serves arbitrary answers to the real client: whatever the server
// sends, a call returns (no panic, no hang) with a value or an error, and a render is either a
// Video or an error that says whether the render may have started.
func FuzzClientAgainstGarbage(f *testing.F) {
	f.Add(200, []byte(`{"id":"v1","status":"DONE"}`), "application/json")
	f.Add(200, []byte(``), "application/json")
	f.Add(201, []byte(`<html>`), "text/html")
	f.Add(429, []byte(`{"code":429}`), "application/json")
	f.Add(500, []byte(`{"code":500,"message":"boom"}`), "application/json")
	f.Add(204, []byte(``), "")
	f.Add(302, []byte(``), "")
	f.Fuzz(func(t *testing.T, status int, body []byte, contentType string) {
		if status < 200 || status > 599 {
			return
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(status)
			_, _ = w.Write(body)
		}))
		defer srv.Close()
		c, err := New(Config{BaseURL: srv.URL + "/v1", APIKey: "k", MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond, RequestsPerSecond: -1, RequestTimeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		v, err := c.GetVideo(t.Context(), "v1")
		if (v == nil) == (err == nil) {
			t.Fatalf("GetVideo = %v, %v: want exactly one of a video and an error", v, err)
		}
		r, err := c.RenderVideo(t.Context(), "v1", RenderArgs{})
		if (r == nil) == (err == nil) {
			t.Fatalf("RenderVideo = %v, %v: want exactly one of a video and an error", r, err)
		}
		if err != nil && status >= 200 && status < 300 && !IsAmbiguous(err) {
			t.Fatalf("a %d answer to a render POST failed without saying the render may have started: %v", status, err)
		}
	})
}
