package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// An avatar's image is given by exactly one of image_url, image_base64 (stored in the state,
// for CLIs without write-only attributes) or image_base64_wo (write-only: Terraform >= 1.11 and
// OpenTofu >= 1.11 never store it). What the state keeps of a base64 image is image_sha256, the
// SHA-256 of its decoded bytes, so that a changed image still plans a new avatar. A digest of a
// picture of at least 1280x720 pixels cannot be turned back into the picture, unlike the digest
// of a short password (the reason why HashiCorp's providers pair write-only passwords with a
// version number instead).
//
// The image only matters to create an avatar: Argil never returns it, so an imported avatar
// has none, and removing it from the configuration forgets it without a new avatar.

// imageKind says where an avatar's image comes from.
type imageKind int

const (
	imageNone    imageKind = iota // no image: an imported avatar, or one whose image was removed
	imageURL                      // image_url
	imageBytes                    // image_base64 or image_base64_wo, known by digest
	imageUnknown                  // known only at apply
)

// avatarImage is the image of an avatar in the configuration or in the state.
type avatarImage struct {
	kind imageKind
	url  string // imageURL
	hash string // imageBytes: hex SHA-256 of the decoded bytes
}

// imageDigest is the hex SHA-256 of the bytes of an image data URI, or of the text itself when
// it does not decode (the validator reports that; the digest then still tells values apart).
func imageDigest(dataURI string) string {
	_, data, err := decodeImageDataURI(dataURI)
	if err != nil {
		data = []byte(dataURI)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// configuredImage is the image the configuration gives (wo is the write-only attribute, which
// only the configuration holds).
func configuredImage(url, b64, wo types.String) avatarImage {
	for _, v := range []types.String{url, b64, wo} {
		if v.IsUnknown() {
			return avatarImage{kind: imageUnknown}
		}
	}
	switch {
	case !url.IsNull():
		return avatarImage{kind: imageURL, url: url.ValueString()}
	case !b64.IsNull():
		return avatarImage{kind: imageBytes, hash: imageDigest(b64.ValueString())}
	case !wo.IsNull():
		return avatarImage{kind: imageBytes, hash: imageDigest(wo.ValueString())}
	}
	return avatarImage{kind: imageNone}
}

// recordedImage is the image the state records. A state written before image_sha256 existed
// has only image_base64, whose digest is computed here.
func recordedImage(m avatarModel) avatarImage {
	switch {
	case !m.ImageURL.IsNull() && !m.ImageURL.IsUnknown():
		return avatarImage{kind: imageURL, url: m.ImageURL.ValueString()}
	case !m.ImageSHA256.IsNull() && !m.ImageSHA256.IsUnknown():
		return avatarImage{kind: imageBytes, hash: m.ImageSHA256.ValueString()}
	case !m.ImageBase64.IsNull() && !m.ImageBase64.IsUnknown():
		return avatarImage{kind: imageBytes, hash: imageDigest(m.ImageBase64.ValueString())}
	}
	return avatarImage{kind: imageNone}
}

// digestValue is the value of image_sha256 for this configured image.
func (i avatarImage) digestValue() types.String {
	switch i.kind {
	case imageBytes:
		return types.StringValue(i.hash)
	case imageUnknown:
		return types.StringUnknown()
	}
	return types.StringNull()
}

// replaces tells whether going from the recorded image to the configured one needs a new
// avatar: a different image does; no image on either side (an import, or an image removed from
// the configuration) does not, and neither does the same image moved from image_base64 to
// image_base64_wo. An image known only at apply does, like any unknown argument.
func (i avatarImage) replaces(recorded avatarImage) bool {
	if i.kind == imageNone || recorded.kind == imageNone {
		return false
	}
	return i.kind == imageUnknown || i != recorded
}

// imagePaths are the attributes a change of image is reported on; Terraform keeps those whose
// value changes.
var imagePaths = []path.Path{path.Root("image_url"), path.Root("image_base64"), path.Root("image_sha256")}

// ModifyPlan plans image_sha256 and the replacement a new image needs, and refuses at plan time
// a new avatar without an image: a create, or a replacement whose configuration has none.
func (r *avatarResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var cfg, plan avatarModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	img := configuredImage(cfg.ImageURL, cfg.ImageBase64, cfg.ImageBase64WO)
	plan.ImageSHA256 = img.digestValue()
	newAvatar := req.State.Raw.IsNull()
	if !newAvatar {
		var state avatarModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if img.replaces(recordedImage(state)) {
			resp.RequiresReplace = append(resp.RequiresReplace, imagePaths...)
			newAvatar = true
		}
		// The other arguments that force a new avatar (their plan modifiers say so).
		newAvatar = newAvatar || !plan.Name.Equal(state.Name) || !plan.Extras.Equal(state.Extras) ||
			replaceUnlessImported{}.requiresReplace(ctx, false, plan.VoiceID.Equal(state.VoiceID), state.VoiceID.IsNull(), req.Private)
	}
	if newAvatar && img.kind == imageNone {
		what := "Creating an avatar"
		if !req.State.Raw.IsNull() {
			what = "This change creates a new avatar, which"
		}
		resp.Diagnostics.AddAttributeError(path.Root("image_url"), "Missing avatar image",
			what+" needs an image: set one of image_url, image_base64_wo (Terraform or OpenTofu 1.11 and later) or image_base64. "+
				"An avatar imported without its image (Argil does not return it) can keep none only as long as nothing forces a new avatar.")
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}
