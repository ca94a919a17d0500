package provider

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// What a user reads when something fails. The client's errors say what happened in HTTP and
// Argil terms; the provider adds, here and only here, which object, what it was doing and what
// to do in Terraform terms, so that one failure reads the same in every resource and data source.
// The wait diagnostics (a render, a training, a processing that ended badly) stay beside the
// waits they explain.

// checkAPIKey is what to do when Argil refused the API key (HTTP 401 or 403). apiKeySource,
// after the original error (where the client says what Argil answered), says where the
// provider took the key from.
const (
	checkAPIKey  = "Check the API key."
	apiKeySource = "The provider takes the API key from api_key in the provider \"argil\" block, or else from the " +
		EnvAPIKey + " environment variable: check the one in use."
)

// retryAdvice is what to do after a failure that trying again may cure.
const retryAdvice = "Run terraform again; if the error persists, check the Argil status page or contact Argil support."

// apiFailure explains a failed API call. Subject names the object as a user knows it ("Video
// <id>", `Asset "logo" (IMAGE)`; empty for a list), Doing what the provider was doing
// ("refreshing it"). The other fields say what to do after a kind of failure, when the
// default does not fit: a 404 about the object, a 400 (what to check in the configuration), an
// ambiguous failure (a create that may have happened), and any other failure (retryAdvice).
type apiFailure struct {
	Subject, Doing string
	NotFound       string
	BadRequest     string
	Ambiguous      string
	Retry          string
}

// detail is the diagnostic's detail: what failed, what to do, the client's error.
func (f apiFailure) detail(err error) string {
	next := f.Retry
	if next == "" {
		next = retryAdvice
	}
	switch {
	case argil.IsAmbiguous(err) && f.Ambiguous != "":
		next = f.Ambiguous
	case argil.IsNotFound(err) && f.NotFound != "":
		next = f.NotFound
	case argil.IsAuth(err):
		next = checkAPIKey
	case argil.StatusCode(err) == http.StatusBadRequest && f.BadRequest != "":
		next = f.BadRequest
	}
	what := "Error while " + f.Doing
	if f.Subject != "" {
		what = f.Subject + ": error while " + f.Doing
	}
	s := fmt.Sprintf("%s.\n\n%s\n\nOriginal error: %v", what, next, err)
	if argil.IsAuth(err) {
		s += "\n\n" + apiKeySource
	}
	return s
}

// notFoundAdvice is what a 404 about an object of this kind means; check names what to check.
func notFoundAdvice(kind, check string) string {
	return fmt.Sprintf("No %[1]s with this id exists for this API key. Check %[2]s, and that the API key belongs to the "+
		"workspace that owns the %[1]s.", kind, check)
}

// videoErrorDetail explains an API error about a video.
func videoErrorDetail(id, doing string, err error) string {
	return apiFailure{
		Subject:   "Video " + id,
		Doing:     doing,
		NotFound:  notFoundAdvice("video", "video_id"),
		Ambiguous: "Run terraform apply again: the provider reads the video first and never starts a second render while one is running.",
		Retry:     "Run terraform apply again; if the error persists, check the Argil status page or contact Argil support with the video id.",
	}.detail(err)
}

// subtitlesErrorDetail explains a failed subtitle export.
func subtitlesErrorDetail(id, format string, err error) string {
	return apiFailure{
		Subject: "Video " + id,
		Doing:   "exporting its subtitles as " + format,
		NotFound: "Argil found no video project with this id for this API key. Check video_id (it is the video's id), and that " +
			"the API key belongs to the workspace that owns the video.",
		BadRequest: "Argil refused the request. video_id must be a video id (a UUID).",
	}.detail(err)
}

// assetErrorDetail explains an API error about an existing asset.
func assetErrorDetail(id, doing string, err error) string {
	return apiFailure{
		Subject:  "Asset " + id,
		Doing:    doing,
		NotFound: notFoundAdvice("asset", "the id") + " Deleted assets are not found either.",
	}.detail(err)
}

// assetCreateErrorDetail explains a failed POST /assets.
func assetCreateErrorDetail(name, typ string, err error) string {
	return apiFailure{
		Subject:    fmt.Sprintf("Asset %q (%s)", name, typ),
		Doing:      "uploading it",
		BadRequest: "Argil refused the upload. Check that url is a publicly accessible image or video file matching type.",
	}.detail(err)
}

// avatarErrorDetail explains an API error about an avatar.
func avatarErrorDetail(id, name, doing string, err error) string {
	return namedObjectErrorDetail("avatar", id, name, doing,
		"Check the image (PNG, JPEG or WEBP; exactly 16:9 or 9:16; 720p to 4K; at most 10 MB; reachable over https), the voice_id and the extras.", err)
}

// voiceErrorDetail explains an API error about a voice.
func voiceErrorDetail(id, name, doing string, err error) string {
	return namedObjectErrorDetail("voice", id, name, doing,
		"Check the audio (MP3, WAV or M4A, 30 seconds to 4 minutes, reachable over https), model_id and the settings for that model.", err)
}

// namedObjectErrorDetail explains an API error about an avatar or a voice ("kind"), naming it
// by id and name when known; badRequest says what to check when Argil refused the request.
func namedObjectErrorDetail(kind, id, name, doing, badRequest string, err error) string {
	subject := strings.ToUpper(kind[:1]) + kind[1:]
	if id != "" {
		subject += " " + id
	}
	if name != "" {
		subject += fmt.Sprintf(" (%q)", name)
	}
	return apiFailure{
		Subject:    subject,
		Doing:      doing,
		NotFound:   notFoundAdvice(kind, "the id"),
		BadRequest: "Argil refused the request. " + badRequest,
	}.detail(err)
}

// webhookErrorDetail explains an API error about an existing webhook.
func webhookErrorDetail(id, doing string, err error) string {
	return apiFailure{
		Subject: "Webhook " + id,
		Doing:   doing,
		NotFound: "It no longer exists at Argil (it was deleted outside Terraform). Run terraform apply again: the refresh " +
			"removes it from the state and the apply creates it anew.",
	}.detail(err)
}

// webhookCreateErrorDetail explains a failed POST /webhooks. It never quotes the callback URL.
func webhookCreateErrorDetail(events []string, err error) string {
	return apiFailure{
		Subject:    "Webhook for " + strings.Join(events, ", "),
		Doing:      "creating it",
		BadRequest: "Argil refused the webhook. Check callback_url and events.",
	}.detail(err)
}

// listErrorDetail explains a failed list call of "what" ("avatars").
func listErrorDetail(what string, err error) string {
	return apiFailure{Doing: "listing the " + what}.detail(err)
}

// addListError adds the error of a failed list call of the Argil objects named by plural
// ("avatars").
func addListError(diags *diag.Diagnostics, plural string, err error) {
	diags.AddError("Cannot list the Argil "+plural, listErrorDetail(plural, err))
}

// readErrorSuffix adds the last error of reads that looked for evidence, when there was one.
func readErrorSuffix(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf("\nLast read error: %v", err)
}

// configNotKnownDetail explains why the provider cannot call the API for action during plan:
// args (api_key, base_url) are known only after apply.
func configNotKnownDetail(args, action string) string {
	return fmt.Sprintf("%s of the provider \"argil\" block is known only after apply (it comes from a resource that is not "+
		"created yet), so the provider cannot call the Argil API for %s during plan. Set it statically, or through "+
		"the %s and %s environment variables, or apply the resource it comes from first "+
		"(terraform apply -target=<that resource>), then run terraform again.", args, action, EnvAPIKey, EnvBaseURL)
}

// missingAPIKeyDetail is the error of a provider configured without any API key.
const missingAPIKeyDetail = "The provider needs an Argil API key. Set the " + EnvAPIKey + " environment variable (recommended), " +
	"or the api_key argument of the provider \"argil\" block. Keys are created on https://app.argil.ai/developers."

// notConfiguredDetail is the error of a list resource used without a provider configuration.
func notConfiguredDetail(action string) string {
	return fmt.Sprintf("%s needs a configured provider: set %s (or api_key in the provider \"argil\" block).", action, EnvAPIKey)
}

// unexpectedConfigureType is the error of a Configure handed data of another type: a bug.
func unexpectedConfigureType(data any) string {
	return fmt.Sprintf("Expected *providerData, got: %T. This is always a bug in the provider code and should be reported to the provider developers.", data)
}

// forgetUndeletable is the Delete of an object that the Argil API cannot delete (an avatar, a
// voice): Terraform forgets it, and a warning (naming its id and name) says that it stays in the
// workspace.
func forgetUndeletable(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse, kind string) {
	var id, name types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &name)...)
	tflog.Info(ctx, fmt.Sprintf("Removing the %s from state; the Argil API cannot delete it, so it stays in the workspace", kind), map[string]any{kind + "_id": id.ValueString()})
	resp.Diagnostics.AddWarning(notDeletedWarning(kind, id.ValueString(), name.ValueString()))
}

// notDeletedWarning is the warning of a destroy that only forgets the object.
func notDeletedWarning(kind, id, name string) (string, string) {
	label := id
	if name != "" {
		label = fmt.Sprintf("%s (%q)", id, name)
	}
	return fmt.Sprintf("Argil %s not deleted: it still exists in your Argil workspace", kind),
		fmt.Sprintf("Terraform removed %s %s from its state, but the %s still exists in your Argil workspace: "+
			"the Argil API has no way to delete %ss. Delete it in the Argil app (https://app.argil.ai) if you no longer need it, "+
			"or bring it back under Terraform with terraform import.", kind, label, kind, kind)
}
