package provider

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	_ "image/jpeg" // image.DecodeConfig reads JPEG dimensions
	_ "image/png"  // image.DecodeConfig reads PNG dimensions
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Plan-time checks of the media that Argil downloads or decodes to create avatars and voices.

// httpsSourceURLValidator accepts absolute https:// URLs of media that Argil downloads. Its
// messages show at most the scheme and host of the URL (see checkHTTPSOnly): signed media URLs
// carry their secret in the query, and a URL that does not parse is not quoted at all.
type httpsSourceURLValidator struct {
	// what names the media in messages, e.g. "the image".
	what string
}

var _ validator.String = httpsSourceURLValidator{}

func (v httpsSourceURLValidator) Description(context.Context) string {
	return "must be an absolute https:// URL"
}

func (v httpsSourceURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v httpsSourceURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkHTTPSOnly(req.ConfigValue.ValueString(), "Argil downloads "+v.what+" over HTTPS only"); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL", fmt.Sprintf("%s %s.", req.Path, err))
	}
}

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
