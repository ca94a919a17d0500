package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// defaultAvatarTimeout bounds the create of an avatar (its training) when timeouts.create is
// not set. Argil says training typically takes about 30 seconds.
const defaultAvatarTimeout = 10 * time.Minute

var (
	_ idResource = (*avatarResource)(nil)

	_ resource.ResourceWithConfigValidators = (*avatarResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*avatarResource)(nil)
)

// NewAvatarResource is the constructor of argil_avatar.
func NewAvatarResource() resource.Resource {
	return &avatarResource{newResourceBase("avatar", "avatar")}
}

type avatarResource struct{ resourceBase }

type avatarModel struct {
	ID            types.String   `tfsdk:"id"`
	Name          types.String   `tfsdk:"name"`
	ImageURL      types.String   `tfsdk:"image_url"`
	ImageBase64   types.String   `tfsdk:"image_base64"`
	ImageBase64WO types.String   `tfsdk:"image_base64_wo"`
	ImageSHA256   types.String   `tfsdk:"image_sha256"`
	VoiceID       types.String   `tfsdk:"voice_id"`
	Extras        types.Map      `tfsdk:"extras"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
	Status        types.String   `tfsdk:"status"`
	Gestures      types.List     `tfsdk:"gestures"`
	Orientation   types.String   `tfsdk:"orientation"`
	Model         types.String   `tfsdk:"model"`
	Width         types.Int64    `tfsdk:"width"`
	Height        types.Int64    `tfsdk:"height"`
	ThumbnailURL  types.String   `tfsdk:"thumbnail_url"`
	CoverImageURL types.String   `tfsdk:"cover_image_url"`
	ActorName     types.String   `tfsdk:"actor_name"`
	CreatedAt     types.String   `tfsdk:"created_at"`
}

// gestureAttrTypes is the object type of one element of gestures.
var gestureAttrTypes = map[string]attr.Type{
	"label":       types.StringType,
	"slug":        types.StringType,
	"start_frame": types.Float64Type,
}

var avatarDescription = "Creates an Argil avatar from one image and waits until it is trained (`IDLE`), ready to be used " +
	"in videos (the `avatar_id` of a moment).\n\n" +
	"~> **Cost.** Each avatar created through the API costs **2 Argil credits**. Changing any argument creates a new " +
	"avatar (2 more credits), and the old one is not deleted.\n\n" +
	"**Image.** Give one of `image_url`, `image_base64_wo` (write-only: only its SHA-256 enters the state) or " +
	"`image_base64`. Argil's documented requirements: PNG, JPEG or WEBP; exactly 16:9 or 9:16; from 720p (1280x720 or " +
	"720x1280) to 4K (3840x2160 or 2160x3840); at most 10 MB. The provider checks the URL, the data URI and its size at " +
	"plan time, and warns when a PNG or JPEG does not have the documented dimensions; Argil has the last word.\n\n" +
	"**Create** sends `POST /avatars` once, saves the avatar in the state, then waits until it is `IDLE` within " +
	"`timeouts.create` (Argil says training typically takes about 30 seconds). `TRAINING_FAILED` and `REFUSED` (Argil's " +
	"moderation) end the apply with an error and leave the resource tainted: fix the image before applying again. A " +
	"create request that fails without an answer is never sent again: the provider adopts the one avatar of this name " +
	"created just now, or says how to import it.\n\n" +
	"**No update.** The Argil API cannot change an avatar: every argument forces a new resource.\n\n" +
	"~> **No delete.** The Argil API cannot delete avatars. `terraform destroy` (or a replacement) only removes the " +
	"avatar from the state, with a warning: delete it in the Argil app.\n\n" +
	importNote("argil_avatar", "Argil does not return an avatar's image or voice: an imported avatar may have no image in "+
		"the configuration, and the first apply that adds one, or a `voice_id`, only records it, without a new avatar.")

func (r *avatarResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: avatarDescription,
		Attributes: map[string]schema.Attribute{
			"id": computedString("The avatar's id: use it as the `avatar_id` of `argil_video` moments."),
			"name": schema.StringAttribute{
				MarkdownDescription: "The avatar's name, 1 to 256 characters. Changing it creates a new avatar.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 256), notBlankValidator{}},
			},
			"image_url": schema.StringAttribute{
				MarkdownDescription: "An absolute `https://` URL of the source image (PNG, JPEG or WEBP; 16:9 or 9:16; 720p to 4K; " +
					"at most 10 MB). One of `image_url`, `image_base64_wo` and `image_base64` is needed to create an avatar. " +
					"Changing it creates a new avatar.",
				Optional:   true,
				Validators: []validator.String{httpsSourceURL("the image")},
			},
			"image_base64_wo": schema.StringAttribute{
				MarkdownDescription: "The source image as a data URI, like `image_base64`, but **write-only** (Terraform and " +
					"OpenTofu 1.11 and later): it never enters the plan or the state, which keep its SHA-256 (`image_sha256`), so " +
					"that a changed image still creates a new avatar. Prefer it to `image_base64`. Moving the same image from " +
					"`image_base64` to `image_base64_wo` does not create a new avatar.",
				Optional:   true,
				WriteOnly:  true,
				Sensitive:  true,
				Validators: []validator.String{imageDataURIValidator{}},
			},
			"image_base64": schema.StringAttribute{
				MarkdownDescription: "The source image as a data URI: `data:image/<png|jpeg|jpg|webp>;base64,<data>`, for example " +
					"`\"data:image/jpeg;base64,${filebase64(\"${path.module}/face.jpg\")}\"`. The same requirements as `image_url` " +
					"apply. **The whole image is stored in the state** (and shown by `terraform show`): use `image_base64_wo` " +
					"instead, unless your Terraform or OpenTofu is older than 1.11. Changing it creates a new avatar.",
				Optional:   true,
				Validators: []validator.String{imageDataURIValidator{}},
			},
			"image_sha256": computedString("SHA-256 (hex) of the decoded bytes of `image_base64_wo` or `image_base64`: what the " +
				"state keeps of a write-only image, to notice a change. Null with `image_url`, and after an import (Argil does not " +
				"return an avatar's image)."),
			"voice_id": schema.StringAttribute{
				MarkdownDescription: "The id of the voice the avatar speaks with, for example `argil_voice.narrator.id` or " +
					"`data.argil_voice.x.id`. When omitted, Argil designs a voice from the image. Changing it creates a new avatar.",
				Optional:      true,
				PlanModifiers: []planmodifier.String{replaceUnlessImported{}},
				Validators:    []validator.String{notBlankValidator{}, idValidator{}},
			},
			"extras": schema.MapAttribute{
				MarkdownDescription: "Custom key-value metadata stored with the avatar: at most 10 pairs, values of at most " +
					"256 characters. Changing it creates a new avatar.",
				Optional:      true,
				ElementType:   types.StringType,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
				Validators: []validator.Map{
					mapvalidator.SizeAtMost(10),
					mapvalidator.ValueStringsAre(stringvalidator.LengthAtMost(256)),
				},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true,
				CreateDescription: "How long to wait for the avatar to be trained (`IDLE`), as a duration such as `\"5m\"`. " +
					"Defaults to `\"10m\"`. When it runs out, the avatar keeps training at Argil and the resource is tainted: run " +
					"`terraform untaint` on it to keep this avatar rather than pay for a new one.",
			}),
			"status": computedString("The avatar's status: `IDLE` (ready) after a successful apply. Argil documents `NOT_TRAINED`, " +
				"`TRAINING`, `TRAINING_FAILED`, `IDLE` and `REFUSED`. Refreshed on every plan."),
			"gestures": schema.ListNestedAttribute{
				MarkdownDescription: "The avatar's labelled gestures. Use a `slug` as a moment's `gesture_slug`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"label":       schema.StringAttribute{MarkdownDescription: "A human-readable label.", Computed: true},
						"slug":        schema.StringAttribute{MarkdownDescription: "The gesture's identifier, for a moment's `gesture_slug`.", Computed: true},
						"start_frame": schema.Float64Attribute{MarkdownDescription: "The frame of the avatar's source video where the gesture starts.", Computed: true},
					},
				},
			},
			"orientation": computedString("`ASPECT_RATIO_16_9` (landscape) or `ASPECT_RATIO_9_16` (portrait), from the image."),
			"model":       computedString("The avatar's model: `ARGIL_V1` or `ARGIL_ATOM`."),
			"width": schema.Int64Attribute{
				MarkdownDescription: "The avatar's width in pixels.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"height": schema.Int64Attribute{
				MarkdownDescription: "The avatar's height in pixels.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"thumbnail_url":   computedString("URL of a low-resolution thumbnail of the avatar."),
			"cover_image_url": computedString("URL of a high-resolution cover image of the avatar."),
			"actor_name":      computedString("The name of the actor behind the avatar, when Argil sets one."),
			"created_at":      computedString("When the avatar was created (RFC 3339)."),
		},
	}
}

func (r *avatarResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		// At most one: an imported avatar may have none (see ModifyPlan for a new avatar).
		resourcevalidator.Conflicting(path.MatchRoot("image_url"), path.MatchRoot("image_base64"), path.MatchRoot("image_base64_wo")),
		// image_base64 stores the image in the state: a warning where the CLI can do better.
		resourcevalidator.PreferWriteOnlyAttribute(path.MatchRoot("image_base64"), path.MatchRoot("image_base64_wo")),
	}
}

// setAvatar copies what the API says of the avatar into the model. Extras stay null when the
// configuration has none and the API returns none.
func (m *avatarModel) setAvatar(ctx context.Context, a *argil.Avatar) diag.Diagnostics {
	var diags diag.Diagnostics
	if a.ID != "" {
		m.ID = types.StringValue(a.ID)
	}
	if a.Name != "" {
		m.Name = types.StringValue(a.Name)
	}
	m.Status = types.StringValue(a.Status)
	m.Orientation = optionalString(a.Orientation)
	m.Model = optionalString(a.Model)
	m.Width = optionalInt64(a.Width)
	m.Height = optionalInt64(a.Height)
	m.ThumbnailURL = optionalString(a.ThumbnailURL)
	m.CoverImageURL = optionalString(a.CoverImageURL)
	m.ActorName = optionalString(a.ActorName)
	m.CreatedAt = optionalString(a.CreatedAt)
	var d diag.Diagnostics
	m.Gestures, d = gestureList(a.Gestures)
	diags.Append(d...)
	if len(a.Extras) > 0 || (!m.Extras.IsNull() && !m.Extras.IsUnknown()) {
		m.Extras, d = types.MapValueFrom(ctx, types.StringType, nonNilMap(a.Extras))
		diags.Append(d...)
	} else {
		m.Extras = types.MapNull(types.StringType)
	}
	return diags
}

// gestureList converts gestures to a list of gesture objects (an empty list when there are none).
func gestureList(gestures []argil.Gesture) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(gestures))
	for _, g := range gestures {
		obj, d := types.ObjectValue(gestureAttrTypes, map[string]attr.Value{
			"label":       optionalString(g.Label),
			"slug":        optionalString(g.Slug),
			"start_frame": types.Float64Value(g.StartFrame),
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(types.ObjectType{AttrTypes: gestureAttrTypes}, elems)
	diags.Append(d...)
	return list, diags
}

func (r *avatarResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan avatarModel
	ctx, ok := r.begin(ctx, &resp.Diagnostics, "creating", req.Plan, &plan)
	if !ok {
		return
	}
	var imageWO types.String // write-only: only the configuration holds it
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("image_base64_wo"), &imageWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, timeout, ok := withCreateTimeout(ctx, plan.Timeouts, defaultAvatarTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	client := r.data.client
	name := plan.Name.ValueString()
	args := argil.AvatarCreateArgs{
		Name:        name,
		ImageURL:    plan.ImageURL.ValueString(),
		ImageBase64: plan.ImageBase64.ValueString(),
		VoiceID:     plan.VoiceID.ValueString(),
	}
	if !imageWO.IsNull() {
		args.ImageBase64 = imageWO.ValueString()
	}
	if !plan.Extras.IsNull() {
		resp.Diagnostics.Append(plan.Extras.ElementsAs(ctx, &args.Extras, false)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	started := r.data.clock.Now()
	tflog.Info(ctx, "Creating the Argil avatar (2 credits)", map[string]any{"name": name})
	avatar, err := client.CreateAvatar(ctx, args)
	if argil.IsAmbiguous(err) {
		lost := lostCreate{kind: argil.KindAvatar, subject: fmt.Sprintf("avatar %q", name), match: "of that name", look: "in the Argil app (or with the argil_avatars data source)"}
		if avatar = adoptLost(ctx, &resp.Diagnostics, lost, err, client.AvatarLookup(name, started).Find, func(a *argil.Avatar) string { return a.ID }); avatar == nil {
			return
		}
	} else if err != nil {
		resp.Diagnostics.AddError("Cannot create the Argil avatar", avatarErrorDetail("", name, "creating it", err))
		return
	}
	ctx = tflog.SetField(ctx, "avatar_id", avatar.ID)

	saveThenWait(ctx, r.data, resp, avatar, avatar, createWait[argil.Avatar]{
		id: avatar.ID, started: started, wait: client.WaitForAvatar,
		save: func(a *argil.Avatar) diag.Diagnostics {
			ds := plan.setAvatar(ctx, a)
			return append(ds, saveState(ctx, &resp.State, resp.Identity, &plan, plan.ID.ValueString())...)
		},
		explain: func(a *argil.Avatar, elapsed time.Duration, err error) (string, string) {
			return waitErrorDiagnostic(avatarWaitTexts(avatar.ID, a.Name), argil.KindAvatar, avatar.ID, a.Name, a.Status, timeout, elapsed, err)
		},
		readyMsg: "Argil avatar is trained (IDLE)",
	})
}

// avatarWaitTexts says what a failed wait on an avatar's training means.
func avatarWaitTexts(id, name string) waitTexts {
	const kept = "The avatar stays in your Argil workspace (the Argil API cannot delete avatars: delete it in the Argil app). " +
		"The resource is kept in state as tainted: the next terraform apply creates a new avatar, which costs 2 more credits."
	return waitTexts{
		work: "avatar training", waited: "avatar", notDone: "the avatar was not IDLE",
		stopped: "The avatar keeps training at Argil. The resource is kept in state as tainted, so the next terraform apply would create a new avatar " +
			"(2 more credits). To keep this avatar instead, run terraform untaint on this resource (for example terraform untaint argil_avatar.<name>), " +
			"then terraform apply: the refresh reads its status.",
		failed: func(subject string, e *argil.WaitFailedError) (string, string) {
			if e.Refused() {
				return "Argil refused the avatar", fmt.Sprintf("%s: Argil's moderation refused this avatar.\n\n"+
					"Review the image against Argil's content policy and use another image before applying again. %s", subject, kept)
			}
			what := "Argil could not train an avatar from this image."
			if e.Status != argil.AvatarStatusTrainingFailed {
				what = "The training ended with a status that the Argil API documentation does not list; it is treated as a failure."
			}
			return "Argil avatar training failed", fmt.Sprintf("%s: %s\n\n"+
				"Check the image against Argil's requirements (PNG, JPEG or WEBP; exactly 16:9 or 9:16; 720p to 4K; at most 10 MB) "+
				"and fix it before applying again. %s", subject, what, kept)
		},
		apiError: func(err error) string { return avatarErrorDetail(id, name, "waiting for its training", err) },
	}
}

func (r *avatarResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state avatarModel
	ctx, id, ok := r.beginRead(ctx, req, resp, &state)
	if !ok {
		return
	}
	a, err := r.data.client.GetAvatar(ctx, id)
	if r.readFailed(ctx, resp, id, err, "Cannot read the Argil avatar", func(err error) string {
		return avatarErrorDetail(id, state.Name.ValueString(), "refreshing it", err)
	}) {
		return
	}
	resp.Diagnostics.Append(state.setAvatar(ctx, a)...)
	if state.ImageSHA256.IsNull() && !state.ImageBase64.IsNull() {
		// A state written before image_sha256 existed: record the digest of its image, so that
		// the next plan has nothing to update.
		state.ImageSHA256 = types.StringValue(imageDigest(state.ImageBase64.ValueString()))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	if argil.ClassifyAvatar(a.Status) == argil.Failed {
		resp.Diagnostics.AddWarning("Argil avatar cannot be used",
			fmt.Sprintf("Avatar %s (%q) is %s at Argil: it cannot be used in videos. Replace it with another image "+
				"(terraform apply -replace=<address> creates a new avatar, which costs 2 credits).", id, a.Name, a.Status))
	}
}

// Update never calls Argil: every argument forces a new avatar, except a change of timeouts
// and the first apply after an import, which records the inputs Argil does not return.
func (r *avatarResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state avatarModel
	if !readUpdate(ctx, req, &resp.Diagnostics, &plan, &state) {
		return
	}
	state.Timeouts = plan.Timeouts
	state.ImageURL = plan.ImageURL
	state.ImageBase64 = plan.ImageBase64
	state.ImageSHA256 = plan.ImageSHA256
	state.VoiceID = plan.VoiceID
	saveRecordedInputs(ctx, resp, &state, state.ID.ValueString())
}

// Delete only forgets the avatar: the Argil API cannot delete avatars. It says so in a warning.
func (r *avatarResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	forgetUndeletable(ctx, req, resp, "avatar")
}

func (r *avatarResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importMarked(ctx, req, resp)
}
