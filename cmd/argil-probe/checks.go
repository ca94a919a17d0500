package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// What the provider does with each answer: every divergence names it.
const (
	reliesVideoList = "argil_videos walks its pages by totalPages, renders waited on together share one GET /videos poll, " +
		"and argil_video finds a video whose create answer was lost through this list"
	reliesVideo  = "every render wait, refresh and argil_video data source read decodes this answer"
	reliesFilter = "argil_video finds a video whose create answer was lost by its " + argil.RequestIDExtraKey +
		" extra with this filter, and argil_videos filters with it"
	reliesAvatars   = "argil_avatars, the argil_avatar data source by name, and argil_avatar's lookup of an avatar whose create answer was lost read this list"
	reliesAvatar    = "argil_avatar (training wait, refresh) and the argil_avatar data source read this answer"
	reliesVoices    = "argil_voices, the argil_voice data source by name, and argil_voice's lookup of a voice whose create answer was lost read this list"
	reliesVoice     = "argil_voice (refresh) and the argil_voice data source read this answer"
	reliesAssets    = "argil_assets walks its pages with the X-Total-Pages header"
	reliesAsset     = "argil_asset (processing wait, refresh) and the argil_asset data source read this answer"
	reliesWebhooks  = "argil_webhook finds its webhook in this list at every refresh (the API has no GET /webhooks/{id})"
	reliesSubtitles = "argil_subtitle_styles walks its pages by totalPages"
	reliesNotFound  = "a refresh removes a video deleted outside Terraform from state on a 404 (the next apply creates it again) instead of failing every plan"
	reliesAuth      = "a rejected key stops the provider at once, without retries, with an error that names api_key / ARGIL_API_KEY"
	reliesErrorBody = "the provider's error messages quote Argil's message from the Error body {code, message}"
)

// documented are the video statuses of the docs; known are those Argil's own n8n node also handles.
var (
	documented = []string{argil.StatusIdle, argil.StatusGeneratingAudio, argil.StatusGeneratingVideo, argil.StatusDone, argil.StatusFailed}
	known      = append([]string{argil.StatusContentModerated}, documented...)
)

// step is one operation of the probe.
type step struct {
	op     string // its name in the report
	route  string // its path in the contract
	relies string // what the provider does with the answer
	// target gives the request path and query, or why the step cannot run.
	target   func(p *probe) (path string, q url.Values, skip string)
	wrongKey bool
	// expect is the expected status: 0 means 200 with the top-level shape, then the contract
	// and check; otherwise check gets every answer that is not a redirect, 429 or 5xx.
	expect int
	shape  shape
	check  func(p *probe, x *exchange, f *findings)
}

// steps is the whole probe, in order: only GETs, each free of charge.
var steps = []step{
	{op: "GET /videos", route: "/videos", relies: reliesVideoList, target: fixed("/videos", "limit", "20"),
		shape: pageOf("videos"), check: checkVideoList},
	{op: "GET /videos/{id} (rendered)", route: "/videos/{id}", relies: reliesVideo, target: pickVideo(true),
		shape: object, check: checkVideo},
	{op: "GET /videos/{id} (not rendered)", route: "/videos/{id}", relies: reliesVideo, target: pickVideo(false),
		shape: object, check: checkVideo},
	{op: "GET /videos?extrasFilter", route: "/videos", relies: reliesFilter, target: extrasFilter,
		shape: pageOf("videos"), check: checkExtrasFilter},
	{op: "GET /avatars", route: "/avatars", relies: reliesAvatars, target: fixed("/avatars"),
		shape: array, check: checkList[argil.Avatar]("Avatar", "avatars")},
	{op: "GET /avatars/{id}", route: "/avatars/{id}", relies: reliesAvatar, target: firstOf("GET /avatars", "/avatars/"),
		shape: object, check: checkItem[argil.Avatar]("Avatar")},
	{op: "GET /voices", route: "/voices", relies: reliesVoices, target: fixed("/voices"),
		shape: array, check: checkList[argil.Voice]("Voice", "voices")},
	{op: "GET /voices/{id}", route: "/voices/{id}", relies: reliesVoice, target: firstOf("GET /voices", "/voices/"),
		shape: object, check: checkItem[argil.Voice]("Voice")},
	{op: "GET /assets", route: "/assets", relies: reliesAssets, target: fixed("/assets"),
		shape: array, check: checkAssets},
	{op: "GET /assets/{id}", route: "/assets/{id}", relies: reliesAsset, target: firstOf("GET /assets", "/assets/"),
		shape: object, check: checkItem[argil.Asset]("Asset")},
	{op: "GET /webhooks", route: "/webhooks", relies: reliesWebhooks, target: fixed("/webhooks"),
		shape: array, check: checkList[argil.Webhook]("Webhook", "webhooks")},
	{op: "GET /subtitles", route: "/subtitles", relies: reliesSubtitles, target: fixed("/subtitles"),
		shape: pageOf("items"), check: checkSubtitles},
	{op: "GET /videos/{id} (unknown id)", route: "/videos/{id}", relies: reliesNotFound, target: unknownVideo,
		expect: http.StatusNotFound, check: checkNotFound},
	{op: "GET /videos (wrong key)", route: "/videos", relies: reliesAuth, target: fixed("/videos", "limit", "1"),
		wrongKey: true, expect: http.StatusUnauthorized, check: checkWrongKey},
}

// findings is what a check saw: divergences from the contract or from what the provider
// decodes (reported with the step's relies), other divergences (each names what depends on
// it), and notes (information).
type findings struct{ differs, problems, notes []string }

func (f *findings) differ(format string, a ...any) {
	f.differs = append(f.differs, fmt.Sprintf(format, a...))
}
func (f *findings) fail(format string, a ...any) {
	f.problems = append(f.problems, fmt.Sprintf(format, a...))
}
func (f *findings) note(format string, a ...any) {
	f.notes = append(f.notes, fmt.Sprintf(format, a...))
}

// Targets.

func fixed(path string, kv ...string) func(*probe) (string, url.Values, string) {
	return func(*probe) (string, url.Values, string) {
		q := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		return path, q, ""
	}
}

// pickVideo targets the first video of GET /videos that is rendered (DONE, or a videoUrl) or,
// with rendered false, the first that is not, preferring one whose render did not fail (its
// URLs say more).
func pickVideo(rendered bool) func(*probe) (string, url.Values, string) {
	return func(p *probe) (string, url.Values, string) {
		items := p.items("GET /videos", "videos")
		for _, anyOutcome := range []bool{false, true} {
			for _, v := range items {
				failed := argil.Classify(str(v["status"])) == argil.Failed
				if id := str(v["id"]); id != "" && isRendered(v) == rendered && (anyOutcome || !failed) {
					return "/videos/" + url.PathEscape(id), nil, ""
				}
			}
		}
		if rendered {
			return "", nil, fmt.Sprintf("none of the %d videos on the first page of GET /videos is rendered", len(items))
		}
		return "", nil, fmt.Sprintf("every one of the %d videos on the first page of GET /videos is rendered", len(items))
	}
}

// extrasFilter filters on the request token of a video created by the provider when the
// first page has one (it must come back), else on a pair no video carries (none must).
func extrasFilter(p *probe) (string, url.Values, string) {
	p.filterKey, p.filterValue, p.filterWant = "argil_probe", randomHex(8), ""
	for _, v := range p.items("GET /videos", "videos") {
		if token := str(asObject(v["extras"])[argil.RequestIDExtraKey]); token != "" && str(v["id"]) != "" {
			p.filterKey, p.filterValue, p.filterWant = argil.RequestIDExtraKey, token, str(v["id"])
			break
		}
	}
	filter, _ := json.Marshal(map[string]string{p.filterKey: p.filterValue})
	return "/videos", url.Values{"extrasFilter": {string(filter)}, "limit": {"20"}}, ""
}

func firstOf(listOp, prefix string) func(*probe) (string, url.Values, string) {
	return func(p *probe) (string, url.Values, string) {
		for _, v := range p.items(listOp, "") {
			if id := str(v["id"]); id != "" {
				return prefix + url.PathEscape(id), nil, ""
			}
		}
		return "", nil, listOp + " listed none"
	}
}

func unknownVideo(*probe) (string, url.Values, string) {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80 // a version 4 UUID
	h := hex.EncodeToString(b)
	return "/videos/" + h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil, ""
}

// Checks.

func checkVideoList(p *probe, x *exchange, f *findings) {
	page := asObject(decode(x.body))
	items := objects(page["videos"])
	checkStatuses(items, false, f)
	checkDecode[argil.VideoPage](x.body, f)
	f.note("%d videos on page %v of %v; %s", len(items), page["currentPage"], page["totalPages"], statusCounts(items))
	p.noteUnknown("Video", items, f)
}

func checkVideo(p *probe, x *exchange, f *findings) {
	v := asObject(decode(x.body))
	status := str(v["status"])
	checkStatuses([]map[string]any{v}, true, f)
	checkDecode[argil.Video](x.body, f)
	if !isRendered(v) && argil.Classify(status) != argil.Failed {
		if _, ok := v["videoUrl"]; !ok {
			f.fail("videoUrl is left out while the video is %s, where the contract's reading (the emulator's default) is null: "+
				"the provider reads both as not rendered yet", status)
		}
		if str(v["previewUrl"]) == "" {
			f.fail("previewUrl is %s while the video is %s, where the docs say the preview works before the generation: "+
				"argil_video's preview_url stays null until the video is rendered", nullOrAbsent(v, "previewUrl"), status)
		}
	}
	if strings.EqualFold(status, argil.StatusDone) && v["duration"] == nil {
		f.fail("a DONE video with duration %s: argil_video_render stores duration as null", nullOrAbsent(v, "duration"))
	}
	// The same video in GET /videos: a shared list poll must not know less than this GET.
	for _, item := range p.items("GET /videos", "videos") {
		if str(item["id"]) != str(v["id"]) {
			continue
		}
		var missing []string
		for _, k := range []string{"previewUrl", "duration", "aspectRatio", "videoUrl", "videoUrlSubtitled", "extras"} {
			_, inItem := item[k]
			if _, inVideo := v[k]; inVideo && !inItem {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			f.fail("GET /videos items lack %s, which GET /videos/{id} has: a render whose wait ends on a shared GET /videos poll "+
				"is completed with GET /videos/{id}, or those values land in state as null", strings.Join(missing, ", "))
		}
	}
	f.note("video %s: %s%s", str(v["id"]), status, present(v, "videoUrl", "previewUrl", "duration"))
	p.noteUnknown("Video", []map[string]any{v}, f)
}

// checkStatuses reports statuses the docs do not list and videos whose status and videoUrl
// disagree. detail is true for a GET /videos/{id} answer, where an absent videoUrl counts as none.
func checkStatuses(videos []map[string]any, detail bool, f *findings) {
	undocumented := map[string]int{}
	var doneNoURL int
	idleURL := map[string]int{}
	for _, v := range videos {
		status := str(v["status"])
		switch {
		case status == argil.StatusContentModerated:
			f.note("%s (not in the docs' list; Argil's n8n node handles it): the render wait ends on it as a failed render", status)
		case !contains(known, status):
			undocumented[status]++
		}
		url, hasURL := v["videoUrl"]
		switch {
		case strings.EqualFold(status, argil.StatusDone) && str(url) == "" && (hasURL || detail):
			doneNoURL++
		case !strings.EqualFold(status, argil.StatusDone) && str(url) != "" && argil.Classify(status) != argil.Failed:
			idleURL[status]++
		}
	}
	for _, s := range sortedKeys(undocumented) {
		f.fail("status %q on %d video(s) is not a documented one (%s): %s", s, undocumented[s], strings.Join(documented, ", "), waitOn(s))
	}
	if doneNoURL > 0 {
		f.fail("%d DONE video(s) without a videoUrl: argil_video_render ends its wait on DONE and stores video_url as null", doneNoURL)
	}
	for _, s := range sortedKeys(idleURL) {
		f.fail("%d video(s) read %s with a videoUrl (finished renders read %s, as Argil's n8n node expects): argil_video_render and "+
			"argil_video rely on the videoUrl to see that such a video is rendered, and must not render (and pay for) it again", idleURL[s], s, s)
	}
}

// waitOn says what the provider's render wait does with an undocumented status.
func waitOn(status string) string {
	switch argil.Classify(status) {
	case argil.Succeeded:
		return "the render wait takes it as DONE"
	case argil.Pending:
		return "the render wait takes it as a render in progress"
	case argil.NotStarted:
		return "the render wait takes it as IDLE"
	case argil.Failed:
		return "the render wait ends on it as a failed render"
	}
	return "the render wait does not recognise it and keeps waiting until timeouts.create"
}

func checkExtrasFilter(p *probe, x *exchange, f *findings) {
	items := objects(asObject(decode(x.body))["videos"])
	found, strangers := false, 0
	for _, v := range items {
		if p.filterWant != "" && str(v["id"]) == p.filterWant {
			found = true
		}
		if str(asObject(v["extras"])[p.filterKey]) != p.filterValue {
			strangers++
		}
	}
	if p.filterWant != "" && !found {
		f.fail("the video %s, which carries %s=%s, is not in the answer: argil_video cannot find a video whose create answer was lost, "+
			"says no video was created, and the next apply creates another", p.filterWant, p.filterKey, p.filterValue)
	}
	if strangers > 0 {
		f.fail("extrasFilter is ignored (%d of %d videos do not carry %s=%s): argil_videos with extras lists videos that do not match, "+
			"and argil_video's lost-create lookup reads every page of the account (it checks extras itself, so it adopts no stranger)",
			strangers, len(items), p.filterKey, p.filterValue)
	}
	if p.filterWant != "" {
		f.note("filtering on %s of video %s: %d video(s)", argil.RequestIDExtraKey, p.filterWant, len(items))
	} else {
		f.note("filtering on a value no video carries: %d video(s)", len(items))
	}
}

// checkList checks a list of T: the provider decodes it, and the timestamp key.
func checkList[T any](schema, kind string) func(*probe, *exchange, *findings) {
	return func(p *probe, x *exchange, f *findings) {
		items := objects(decode(x.body))
		checkDecode[[]T](x.body, f)
		checkCreatedAt(items, kind, f)
		f.note("%d %s", len(items), kind)
		p.noteUnknown(schema, items, f)
	}
}

// checkItem checks one T: the provider decodes it, and the timestamp key.
func checkItem[T any](schema string) func(*probe, *exchange, *findings) {
	return func(p *probe, x *exchange, f *findings) {
		v := asObject(decode(x.body))
		checkDecode[T](x.body, f)
		checkCreatedAt([]map[string]any{v}, strings.ToLower(schema)+"s", f)
		f.note("%s %s: %s", strings.ToLower(schema), str(v["id"]), str(v["status"]))
		p.noteUnknown(schema, []map[string]any{v}, f)
	}
}

func checkSubtitles(_ *probe, x *exchange, f *findings) {
	page := asObject(decode(x.body))
	checkDecode[argil.SubtitleStylePage](x.body, f)
	f.note("%d styles on page %v of %v", len(objects(page["items"])), page["currentPage"], page["totalPages"])
}

// checkDecode decodes body as the provider does.
func checkDecode[T any](body []byte, f *findings) {
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		f.differ("the provider's decoder rejects it (%s)", clip(err.Error(), 160))
	}
}

// checkCreatedAt reports objects that carry createAt (the older docs' spelling) and no createdAt.
func checkCreatedAt(items []map[string]any, kind string, f *findings) {
	n := 0
	for _, v := range items {
		_, old := v["createAt"]
		if _, current := v["createdAt"]; old && !current {
			n++
		}
	}
	if n > 0 {
		f.fail("%d of %d %s carry createAt (the older docs' spelling), not createdAt (the contract's reading): the provider reads both "+
			"for created_at and for finding an object whose create answer was lost", n, len(items), kind)
	}
}

func checkAssets(p *probe, x *exchange, f *findings) {
	checkList[argil.Asset]("Asset", "assets")(p, x, f)
	if x.header.Get("X-Total-Pages") == "" {
		f.fail("no X-Total-Pages header: argil_assets then reads pages until one is shorter than the page size")
	}
	if x.header.Get("X-Total-Count") == "" {
		f.fail("no X-Total-Count header: argil_assets then reports as total only the number of assets it read")
	}
}

func checkNotFound(p *probe, x *exchange, f *findings) {
	switch {
	case x.status == http.StatusNotFound:
		p.contractFindings(x, f)
		checkErrorBody(x, f)
	case x.status < 300:
		f.fail("HTTP %d for an id no video has: %s", x.status, reliesNotFound)
	default:
		f.fail("HTTP %d%s, not 404, for an id no video has: %s", x.status, apiMessage(x), reliesNotFound)
	}
}

func checkWrongKey(p *probe, x *exchange, f *findings) {
	switch {
	case x.status == http.StatusUnauthorized:
		p.contractFindings(x, f)
		checkErrorBody(x, f)
	case x.status == http.StatusForbidden:
		f.fail("HTTP 403%s, not 401, for a wrong key: the provider stops at once on both, without retries, but on a 403 its error "+
			"says the key may lack a paid plan or the permission instead of saying the key was rejected", apiMessage(x))
	case x.status < 300:
		f.fail("HTTP %d: a made-up key was accepted", x.status)
	default:
		f.fail("HTTP %d%s, not 401, for a wrong key: %s", x.status, apiMessage(x), reliesAuth)
	}
}

// checkErrorBody reports an error answer whose body is not {code, message}.
func checkErrorBody(x *exchange, f *findings) {
	e := asObject(decode(x.body))
	if str(e["message"]) == "" {
		f.fail("the %d answer has no Error body {code, message} (body %q): %s", x.status, clip(string(x.body), 80), reliesErrorBody)
		return
	}
	f.note("HTTP %d %q", x.status, str(e["message"]))
}

// rateLimits is the last line: the rate-limit headers seen on any answer (information only).
func rateLimits(p *probe) result {
	seen := map[string]string{}
	var throttled []string
	for _, x := range p.log {
		for name, values := range x.header {
			l := strings.ToLower(name)
			if l == "retry-after" || strings.Contains(l, "ratelimit") || strings.Contains(l, "rate-limit") {
				seen[name] = values[0]
			}
		}
		if x.status == http.StatusTooManyRequests || x.attempts > 1 {
			throttled = append(throttled, fmt.Sprintf("%s: HTTP %d after %d attempt(s)", x.op, x.status, x.attempts))
		}
	}
	var parts []string
	for _, k := range sortedKeys(seen) {
		parts = append(parts, k+": "+seen[k])
	}
	detail := "no rate-limit header seen (the provider paces itself, 10 requests/s by default, and waits out a 429's Retry-After)"
	if len(parts) > 0 {
		detail = "headers seen: " + strings.Join(parts, ", ")
	}
	if len(throttled) > 0 {
		detail += "; retried: " + strings.Join(throttled, "; ")
	}
	return result{Operation: "rate limits", OK: true, Detail: detail}
}

// Helpers.

// shape checks the top level of a 200 answer and says how it differs.
type shape func(v any) string

func object(v any) string {
	if _, ok := v.(map[string]any); !ok {
		return describe(v) + ", not a JSON object"
	}
	return ""
}

func array(v any) string {
	if _, ok := v.([]any); !ok {
		return describe(v) + ", not the documented JSON array"
	}
	return ""
}

func pageOf(key string) shape {
	return func(v any) string {
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s, not the page {%s, totalPages, ...}", describe(v), key)
		}
		if _, ok := m[key].([]any); !ok {
			return fmt.Sprintf("a page without a %q array (%s)", key, describe(v))
		}
		if _, ok := m["totalPages"].(float64); !ok {
			return "a page without a numeric totalPages"
		}
		return ""
	}
}

func describe(v any) string {
	switch t := v.(type) {
	case []any:
		return fmt.Sprintf("a bare JSON array of %d", len(t))
	case map[string]any:
		return fmt.Sprintf("an object with keys %s", strings.Join(sortedKeys(t), ", "))
	case nil:
		return "null or not JSON"
	}
	return fmt.Sprintf("a JSON %T", v)
}

func decode(body []byte) any {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	return v
}

func asObject(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func objects(v any) []map[string]any {
	list, _ := v.([]any)
	out := make([]map[string]any, 0, len(list))
	for _, item := range list {
		if m, ok := item.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func isRendered(v map[string]any) bool {
	return strings.EqualFold(str(v["status"]), argil.StatusDone) || str(v["videoUrl"]) != ""
}

func nullOrAbsent(v map[string]any, key string) string {
	if _, ok := v[key]; ok {
		return "null"
	}
	return "absent"
}

// present lists which of keys v has a value for: " with videoUrl, duration".
func present(v map[string]any, keys ...string) string {
	var have []string
	for _, k := range keys {
		if v[k] != nil && v[k] != "" {
			have = append(have, k)
		}
	}
	if len(have) == 0 {
		return ""
	}
	return " with " + strings.Join(have, ", ")
}

func statusCounts(videos []map[string]any) string {
	counts := map[string]int{}
	for _, v := range videos {
		counts[str(v["status"])]++
	}
	if len(counts) == 0 {
		return "no status to check"
	}
	var parts []string
	for _, s := range sortedKeys(counts) {
		parts = append(parts, fmt.Sprintf("%s %d", s, counts[s]))
	}
	return "statuses: " + strings.Join(parts, ", ")
}

func apiMessage(x *exchange) string {
	if m := str(asObject(decode(x.body))["message"]); m != "" {
		return fmt.Sprintf(" %q", clip(m, 80))
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
