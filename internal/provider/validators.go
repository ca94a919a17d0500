package provider

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	_ "image/jpeg" // image.DecodeConfig reads JPEG dimensions
	_ "image/png"  // image.DecodeConfig reads PNG dimensions
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// The provider's own plan-time validators (the framework-validators module covers the rest:
// OneOf, Between, SizeAtLeast, ...). Each leaves null and unknown values alone: an unknown
// value is checked when it is known, at apply. Messages name the attribute, and quote URLs
// and ids only as far as it is safe (see shownURL and quoteID).

// --- Generic values ---------------------------------------------------------------------

// notBlankValidator refuses empty and whitespace-only strings.
type notBlankValidator struct{}

var _ validator.String = notBlankValidator{}

func (notBlankValidator) Description(context.Context) string { return "must not be empty" }

func (v notBlankValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (notBlankValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.TrimSpace(req.ConfigValue.ValueString()) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty value", fmt.Sprintf("%s must not be empty or blank.", req.Path))
	}
}

// durationValidator accepts Go durations ("30s", "2m") of at least min and, when max is not
// zero, at most max.
type durationValidator struct{ min, max time.Duration }

var _ validator.String = durationValidator{}

func (v durationValidator) Description(context.Context) string {
	if v.max > 0 {
		return fmt.Sprintf("must be a duration such as \"30s\" or \"2m\", between %s and %s", v.min, v.max)
	}
	return fmt.Sprintf("must be a duration such as \"30s\" or \"2m\", at least %s", v.min)
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is not a duration: use a number and a unit such as \"30s\", \"2m\" or \"1h30m\".", req.ConfigValue.ValueString()))
		return
	}
	if d < v.min {
		resp.Diagnostics.AddAttributeError(req.Path, "Duration too short", fmt.Sprintf("%s is below the minimum of %s.", d, v.min))
	}
	if v.max > 0 && d > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Duration too long", fmt.Sprintf("%s is above the maximum of %s.", d, v.max))
	}
}

// regexValidator accepts regular expressions that Go's regexp package (RE2) compiles.
type regexValidator struct{}

var _ validator.String = regexValidator{}

func (regexValidator) Description(context.Context) string {
	return "must be a valid RE2 regular expression"
}

func (v regexValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regexValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid regular expression",
			fmt.Sprintf("%q is not a valid RE2 regular expression: %v", req.ConfigValue.ValueString(), err))
	}
}

// maxIDLength bounds the ids the provider accepts: Argil's ids are UUIDs (36 characters).
const maxIDLength = 128

// idProblem says why id cannot be an Argil id, or returns "" when it can. The ids go into
// URL paths: a dot segment or a slash would address another resource, and control or format
// characters have no place in an id (a stray newline from file(), a pasted bidi override).
func idProblem(id string) string {
	switch {
	case id == "":
		return "it is empty"
	case len(id) > maxIDLength:
		return fmt.Sprintf("it is %d bytes long, and Argil ids are short (a UUID has 36 characters; at most %d are accepted)", len(id), maxIDLength)
	case id == "." || id == "..":
		return "it is a dot segment, which in a URL path addresses another resource"
	case strings.ContainsAny(id, "/\\"):
		return "it contains a slash, which in a URL path addresses another resource"
	case strings.TrimSpace(id) != id:
		return "it starts or ends with white space"
	}
	for _, r := range id {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return fmt.Sprintf("it contains the control or format character %U", r)
		}
	}
	return ""
}

// idValidator refuses, at plan time, a value that cannot be an Argil id (see idProblem). Blank
// values are left to notBlankValidator.
type idValidator struct{}

var _ validator.String = idValidator{}

func (idValidator) Description(context.Context) string {
	return fmt.Sprintf("must be an Argil id: not . or .., no slash, no control character, at most %d bytes", maxIDLength)
}

func (v idValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (idValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || strings.TrimSpace(req.ConfigValue.ValueString()) == "" {
		return
	}
	id := req.ConfigValue.ValueString()
	if problem := idProblem(id); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid id", fmt.Sprintf("%s %s cannot be an Argil id: %s.", req.Path, quoteID(id), problem))
	}
}

// quoteID quotes an id for a message: escaped, and cut when it is absurdly long.
func quoteID(id string) string {
	if len(id) > maxIDLength {
		id = strings.ToValidUTF8(id[:maxIDLength], "") + "…"
	}
	return strconv.QuoteToASCII(id)
}

// --- URLs -------------------------------------------------------------------------------

// baseURLValidator checks base_url at plan time with the client's own rule: https, or http on
// a loopback host.
type baseURLValidator struct{}

var _ validator.String = baseURLValidator{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an https URL, or http on a loopback host"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := argil.ValidateBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid base_url", err.Error())
	}
}

// httpsOnlyValidator accepts absolute https:// URLs only; why ends the error message with the
// reason (Argil's rule or this provider's policy, e.g. "Argil downloads the image over HTTPS
// only"). Its messages show only the scheme and host of the URL: webhook URLs often carry
// their secret in the path (https://hooks.example.com/T0/B0/secret) or the query (?token=...),
// signed media URLs carry one in the query, and a URL that does not parse is not quoted at all.
type httpsOnlyValidator struct {
	why string
}

// httpsSourceURL is the httpsOnlyValidator of the URL of media that Argil downloads (what
// names it: "the image").
func httpsSourceURL(what string) httpsOnlyValidator {
	return httpsOnlyValidator{why: "Argil downloads " + what + " over HTTPS only"}
}

var _ validator.String = httpsOnlyValidator{}

func (v httpsOnlyValidator) Description(context.Context) string {
	return "must be an absolute https:// URL"
}

func (v httpsOnlyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v httpsOnlyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkHTTPSOnly(req.ConfigValue.ValueString(), v.why); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL", fmt.Sprintf("%s %s.", req.Path, err))
	}
}

// checkHTTPSOnly returns why s is not an absolute https URL, or nil. The error shows at most
// the scheme and host of s, never its user info, path or query.
func checkHTTPSOnly(s, why string) error {
	if strings.ContainsAny(s, " \t\r\n") {
		return fmt.Errorf("contains white space: give an absolute https:// URL such as https://example.com/path")
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" {
		return fmt.Errorf("is not a valid absolute URL: give an absolute https:// URL such as https://example.com/path")
	}
	if u.Scheme == "" || u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("is not an absolute URL (it needs https:// and a host), e.g. https://example.com/path")
	}
	if !strings.EqualFold(u.Scheme, "https") {
		return fmt.Errorf("must use https://, not %s:// (%s): %s", strings.ToLower(u.Scheme), shownURL(u), why)
	}
	return nil
}

// shownURL is the part of u that is safe to print: scheme and host, with "/…" when the
// URL goes on.
func shownURL(u *url.URL) string {
	s := strings.ToLower(u.Scheme) + "://" + u.Host
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		s += "/…"
	}
	return s
}

// audioURLValidator accepts absolute http(s) URLs.
type audioURLValidator struct{}

var _ validator.String = audioURLValidator{}

func (audioURLValidator) Description(context.Context) string {
	return "must be an absolute http(s) URL"
}

func (v audioURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (audioURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" || strings.ContainsAny(s, " \t\r\n") {
		// Quote at most the scheme and host: signed URLs carry their secret in the query, and a
		// value that does not parse may cut a password anywhere.
		shown := "the value"
		if err == nil && u.Opaque == "" && u.Host != "" {
			shown = shownURL(u)
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("%s: %s is not an absolute http(s) URL that Argil can download, such as https://cdn.example.com/voice.mp3.", req.Path, shown))
	}
}

// --- argil_video ------------------------------------------------------------------------

// momentSourceValidator enforces "exactly one of transcript or audio_url" on a moment.
type momentSourceValidator struct{}

var _ validator.Object = momentSourceValidator{}

func (momentSourceValidator) Description(context.Context) string {
	return "exactly one of transcript or audio_url must be set"
}

func (v momentSourceValidator) MarkdownDescription(ctx context.Context) string {
	return "exactly one of `transcript` or `audio_url` must be set"
}

func (momentSourceValidator) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	transcript, audio := attrs["transcript"], attrs["audio_url"]
	if transcript == nil || audio == nil || transcript.IsUnknown() || audio.IsUnknown() {
		return
	}
	which := momentName(req.Path)
	switch {
	case !transcript.IsNull() && !audio.IsNull():
		resp.Diagnostics.AddAttributeError(req.Path, "Moment has both transcript and audio_url",
			fmt.Sprintf("%s sets both transcript and audio_url. Argil takes exactly one per moment: the text to speak "+
				"(transcript, read with voice_id) or a recording to lip-sync (audio_url). Remove one of them.", which))
	case transcript.IsNull() && audio.IsNull():
		resp.Diagnostics.AddAttributeError(req.Path, "Moment has neither transcript nor audio_url",
			fmt.Sprintf("%s sets neither transcript nor audio_url. Argil needs exactly one per moment: the text to speak "+
				"(transcript, read with voice_id) or a recording to lip-sync (audio_url).", which))
	}
}

// momentName names a moment for a user: "Moment 2 (moments[1])".
func momentName(p path.Path) string {
	steps := p.Steps()
	if n := len(steps); n > 0 {
		if k, ok := steps[n-1].(path.PathStepElementKeyInt); ok {
			return fmt.Sprintf("Moment %d (%s)", int64(k)+1, p)
		}
	}
	return "The moment at " + p.String()
}

// transcriptLengthValidator refuses transcripts longer than Argil's per-moment limit, in
// characters (code points), and empty ones.
type transcriptLengthValidator struct{}

var _ validator.String = transcriptLengthValidator{}

func (transcriptLengthValidator) Description(context.Context) string {
	return fmt.Sprintf("must be 1 to %d characters", argil.MaxTranscriptChars)
}

func (v transcriptLengthValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (transcriptLengthValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if strings.TrimSpace(s) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty transcript", fmt.Sprintf("%s is empty: give the text to speak, or use audio_url instead.", req.Path))
		return
	}
	if n := utf8.RuneCountInString(s); n > argil.MaxTranscriptChars {
		resp.Diagnostics.AddAttributeError(req.Path, "Transcript too long",
			fmt.Sprintf("%s has %d characters; Argil allows at most %d per moment. Split the script into several moments, "+
				"for example:\n\n  moments = [for t in provider::argil::split_transcript(local.script, %d) : { avatar_id = \"...\", transcript = t }]",
				req.Path, n, argil.MaxTranscriptChars, argil.MaxTranscriptChars))
	}
}

// videoExtrasValidator applies Argil's extras limits minus the provider's reserved key.
type videoExtrasValidator struct{}

var _ validator.Map = videoExtrasValidator{}

func (videoExtrasValidator) Description(context.Context) string {
	return fmt.Sprintf("at most %d pairs, values of at most %d characters, key %q reserved", argil.MaxUserExtras, argil.MaxExtraValueChars, argil.RequestIDExtraKey)
}

func (v videoExtrasValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (videoExtrasValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elems := req.ConfigValue.Elements()
	if n := len(elems); n > argil.MaxUserExtras {
		resp.Diagnostics.AddAttributeError(req.Path, "Too many extras",
			fmt.Sprintf("extras has %d pairs; at most %d can be set. Argil allows %d per video, and the provider keeps one (%s) "+
				"for a token that lets it find the video again if the answer to its creation is lost, instead of creating a duplicate.",
				n, argil.MaxUserExtras, argil.MaxExtras, argil.RequestIDExtraKey))
	}
	keys := make([]string, 0, len(elems))
	for k := range elems {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == argil.RequestIDExtraKey {
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(k), "Reserved extras key",
				fmt.Sprintf("The extras key %q is reserved: the provider stores its create token there. Use another key.", k))
			continue
		}
		s, ok := elems[k].(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if n := utf8.RuneCountInString(s.ValueString()); n > argil.MaxExtraValueChars {
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(k), "Extras value too long",
				fmt.Sprintf("extras[%q] has %d characters; Argil allows at most %d.", k, n, argil.MaxExtraValueChars))
		}
	}
}

// --- argil_avatar: the source image -----------------------------------------------------

// Limits of an avatar's source image, from Argil's docs.
const (
	maxAvatarImageBytes = 10 << 20
	minAvatarShortSide  = 720
	maxAvatarShortSide  = 2160
)

var imageDataURIPrefix = regexp.MustCompile(`^data:image/(png|jpeg|jpg|webp);base64,`)

// imageDataURIValidator checks an avatar image given as a data URI: the documented prefix, valid
// base64, at most 10 MB once decoded (errors). For PNG and JPEG it also reads the dimensions and
// warns when they are not what Argil documents (16:9 or 9:16, 720p to 4K): Argil decides.
type imageDataURIValidator struct{}

var _ validator.String = imageDataURIValidator{}

func (imageDataURIValidator) Description(context.Context) string {
	return "must be a data URI data:image/(png|jpeg|jpg|webp);base64,... of at most 10 MB"
}

func (v imageDataURIValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (imageDataURIValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	format, data, err := decodeImageDataURI(s)
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid image data URI", strings.ToUpper(err.Error()[:1])+err.Error()[1:]+".")
		return
	}
	if len(data) == 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid image data URI", "The data URI holds no image data.")
		return
	}
	if len(data) > maxAvatarImageBytes {
		resp.Diagnostics.AddAttributeError(req.Path, "Image too large",
			fmt.Sprintf("The image is %.1f MB; Argil accepts at most 10 MB.", float64(len(data))/(1<<20)))
		return
	}
	if format == "webp" {
		return
	}
	cfg, decoded, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		resp.Diagnostics.AddAttributeWarning(req.Path, "Image not recognised",
			fmt.Sprintf("The data URI says image/%s, but the data could not be read as PNG or JPEG (%v). Argil may refuse it.", format, err))
		return
	}
	if problem := avatarImageDimensionProblem(cfg.Width, cfg.Height); problem != "" {
		resp.Diagnostics.AddAttributeWarning(req.Path, "Image dimensions outside Argil's documented range",
			fmt.Sprintf("The %s image is %dx%d: %s. Argil documents exactly 16:9 or 9:16, from 720p (1280x720 or 720x1280) to 4K (3840x2160 or 2160x3840); "+
				"it may refuse the image or the training may fail.", decoded, cfg.Width, cfg.Height, problem))
	}
}

// decodeImageDataURI returns the format (png, jpeg, jpg or webp) and the bytes of an image
// given as a data URI, or an error that says what is wrong without quoting more than the
// start of the value.
func decodeImageDataURI(s string) (string, []byte, error) {
	m := imageDataURIPrefix.FindStringSubmatch(s)
	if m == nil {
		start := s
		if len(start) > 30 {
			start = start[:30] + "..."
		}
		return "", nil, fmt.Errorf("the value starts with %q; it must start with data:image/png;base64, (or jpeg, jpg, webp) followed by the image in base64, "+
			"for example \"data:image/png;base64,${filebase64(\"face.png\")}\"", start)
	}
	payload := s[len(m[0]):]
	data, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		data, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(payload, "="))
	}
	if err != nil {
		return "", nil, fmt.Errorf("the data after %q is not valid base64 (%v); use filebase64() to encode a file", m[0], err)
	}
	return m[1], data, nil
}

// avatarImageDimensionProblem says what is wrong with an avatar image of w x h pixels, or "".
func avatarImageDimensionProblem(w, h int) string {
	if w*9 != h*16 && w*16 != h*9 {
		return "its aspect ratio is neither 16:9 nor 9:16"
	}
	short := min(w, h)
	if short < minAvatarShortSide {
		return "it is smaller than 720p"
	}
	if short > maxAvatarShortSide {
		return "it is larger than 4K"
	}
	return ""
}
