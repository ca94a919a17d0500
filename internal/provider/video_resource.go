package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ idResource = (*videoResource)(nil)
)

// NewVideoResource is the constructor of argil_video.
func NewVideoResource() resource.Resource {
	return &videoResource{newResourceBase("video", "video")}
}

type videoResource struct{ resourceBase }

type videoModel struct {
	ID              types.String          `tfsdk:"id"`
	Name            types.String          `tfsdk:"name"`
	Moments         []videoMomentModel    `tfsdk:"moments"`
	AspectRatio     types.String          `tfsdk:"aspect_ratio"`
	Subtitles       *videoSubtitlesModel  `tfsdk:"subtitles"`
	BackgroundMusic *videoMusicModel      `tfsdk:"background_music"`
	Model           types.String          `tfsdk:"model"`
	Extras          types.Map             `tfsdk:"extras"`
	AutoBrolls      *videoAutoBrollsModel `tfsdk:"auto_brolls"`
	Status          types.String          `tfsdk:"status"`
	PreviewURL      types.String          `tfsdk:"preview_url"`
	CreatedAt       types.String          `tfsdk:"created_at"`
}

type videoMomentModel struct {
	AvatarID    types.String  `tfsdk:"avatar_id"`
	Transcript  types.String  `tfsdk:"transcript"`
	AudioURL    types.String  `tfsdk:"audio_url"`
	VoiceID     types.String  `tfsdk:"voice_id"`
	GestureSlug types.String  `tfsdk:"gesture_slug"`
	ZoomLevel   types.Float64 `tfsdk:"zoom_level"`
	Layout      types.String  `tfsdk:"layout"`
}

type videoSubtitlesModel struct {
	Enable   types.Bool   `tfsdk:"enable"`
	StyleID  types.String `tfsdk:"style_id"`
	Position types.String `tfsdk:"position"`
	Size     types.String `tfsdk:"size"`
}

type videoMusicModel struct {
	AssetID types.String  `tfsdk:"asset_id"`
	Volume  types.Float64 `tfsdk:"volume"`
}

type videoAutoBrollsModel struct {
	Enable    types.Bool   `tfsdk:"enable"`
	Source    types.String `tfsdk:"source"`
	Intensity types.String `tfsdk:"intensity"`
	Layout    types.String `tfsdk:"layout"`
}

var videoDescription = "Creates an Argil video: its moments (who says what), subtitles, B-rolls, background music and " +
	"metadata. Creating a video is free and does not render it: pass its `id` to `argil_video_render` to render it " +
	"(which costs credits) and get its URLs.\n\n" +
	"**No update.** The Argil API cannot change a video, so changing any argument replaces it (the old video is " +
	"deleted), and an `argil_video_render` of it renders the new video, which costs credits again. `terraform plan` " +
	"shows such replacements as `-/+`.\n\n" +
	"**Lost answers never make duplicates.** `POST /videos` is never sent twice for one create. Each create carries a " +
	"random token in the video's `extras`, under the reserved key `" + argil.RequestIDExtraKey + "` (hidden from " +
	"`extras` here). When the answer is lost, the provider looks for the video by that token for up to the provider's " +
	"`create_request_timeout` and adopts it; if it cannot find it, the error gives the token, so that you can look for " +
	"the video with the `argil_videos` data source before applying again.\n\n" +
	"**Plan-time checks**, with no request to Argil: one of `transcript` or `audio_url` per moment, the transcript's " +
	"length, the zoom, the extras and the documented values of every enumeration.\n\n" +
	"**Refresh** reads the video's `status` and `preview_url`, keeps the arguments as you wrote them, and removes a " +
	"video deleted outside Terraform from the state. **Destroy** deletes the video; one already gone is not an error.\n\n" +
	importNote("argil_video", "The API returns `name`, `moments`, `aspect_ratio`, `subtitles.enable` and `extras`; "+
		"the first apply after an import records `model`, `background_music`, `auto_brolls` and the subtitles' style, "+
		"position and size from your configuration, without a new video.")

func (r *videoResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replaceString := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	// The arguments the API does not return: an import leaves them null, and the first apply
	// after it records them from the configuration.
	replaceUnlessImportedObject := []planmodifier.Object{replaceUnlessImported{}}
	resp.Schema = schema.Schema{
		MarkdownDescription: videoDescription,
		Attributes: map[string]schema.Attribute{
			"id": computedString("The video's id, for `argil_video_render.video_id`."),
			"name": schema.StringAttribute{
				MarkdownDescription: "The video's name, as shown in the Argil app. Changing it replaces the video.",
				Required:            true,
				PlanModifiers:       replaceString,
				Validators:          []validator.String{notBlankValidator{}},
			},
			"moments": schema.ListNestedAttribute{
				MarkdownDescription: "The video's moments, in order: each is one avatar saying one piece of the script, " +
					"given either as text (`transcript`, spoken by `voice_id`) or as a recording (`audio_url`). At least one. " +
					"Changing any moment replaces the video.",
				Required: true,
				// Every change replaces the video, except a moment's layout, which the API does
				// not return: its own modifier lets the first apply after an import record it.
				PlanModifiers: []planmodifier.List{momentsReplace{}},
				Validators:    []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{
					Validators: []validator.Object{momentSourceValidator{}},
					Attributes: map[string]schema.Attribute{
						"avatar_id": schema.StringAttribute{
							MarkdownDescription: "The avatar of this moment (an id from the `GET /avatars` list, or `argil_avatar`).",
							Required:            true,
							Validators:          []validator.String{notBlankValidator{}, idValidator{}},
						},
						"transcript": schema.StringAttribute{
							MarkdownDescription: fmt.Sprintf("The text the avatar says, at most %d characters (Argil's per-moment limit; "+
								"older docs said 250). Split a longer script into moments with `provider::argil::split_transcript(text, %d)`. "+
								"Exactly one of `transcript` or `audio_url`.", argil.MaxTranscriptChars, argil.MaxTranscriptChars),
							Optional:   true,
							Validators: []validator.String{transcriptLengthValidator{}},
						},
						"audio_url": schema.StringAttribute{
							MarkdownDescription: "URL of a recording the avatar lip-syncs to, instead of generating speech from a transcript " +
								"(Argil's current limit: 40 seconds per moment). Exactly one of `transcript` or `audio_url`.",
							Optional:   true,
							Validators: []validator.String{audioURLValidator{}},
						},
						"voice_id": schema.StringAttribute{
							MarkdownDescription: "The voice that reads `transcript`. Defaults to the avatar's voice.",
							Optional:            true,
							Validators:          []validator.String{notBlankValidator{}, idValidator{}},
						},
						"gesture_slug": schema.StringAttribute{
							MarkdownDescription: "A gesture of the avatar for this moment: the `slug` of one of its `gestures`.",
							Optional:            true,
							Validators:          []validator.String{notBlankValidator{}},
						},
						"zoom_level": schema.Float64Attribute{
							MarkdownDescription: "Zoom on the avatar, from `1` (100%, the default) to `2` (200%, zoomed in).",
							Optional:            true,
							Validators:          []validator.Float64{float64validator.Between(1, 2)},
						},
						"layout": schema.StringAttribute{
							MarkdownDescription: "The moment's layout: " + codeList(argil.NodeLayouts) + ". Not in Argil's docs: " +
								"accepted because Argil's own n8n node sends it. Not returned by the API: the first apply after an " +
								"import records it from the configuration, without a new video.",
							Optional:      true,
							PlanModifiers: []planmodifier.String{replaceUnlessImported{}},
							Validators:    []validator.String{stringvalidator.OneOf(argil.NodeLayouts...)},
						},
					},
				},
			},
			"aspect_ratio": schema.StringAttribute{
				MarkdownDescription: "`16:9` (landscape) or `9:16` (portrait). When not set, Argil picks it from the avatar, " +
					"and this attribute shows its choice. Changing it replaces the video.",
				Optional: true,
				Computed: true,
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplace(),
				},
				Validators: []validator.String{stringvalidator.OneOf(argil.AspectRatios...)},
			},
			"subtitles": schema.SingleNestedAttribute{
				MarkdownDescription: "Subtitles burnt into the rendered video (`argil_video_render.video_url_subtitled`). " +
					"Changing them replaces the video. An import reads subtitles that are off as no `subtitles`.",
				Optional:      true,
				PlanModifiers: []planmodifier.Object{subtitlesReplaceUnlessImported{}},
				Attributes: map[string]schema.Attribute{
					"enable": schema.BoolAttribute{
						MarkdownDescription: "Whether the video has subtitles.",
						Required:            true,
					},
					"style_id": schema.StringAttribute{
						MarkdownDescription: "A subtitle style id, from Argil's `GET /subtitles` list. Defaults to Argil's default style.",
						Optional:            true,
						Validators:          []validator.String{notBlankValidator{}, idValidator{}},
					},
					"position": schema.StringAttribute{
						MarkdownDescription: "Where subtitles appear: `Top`, `Middle` or `Bottom` (Argil's docs), or `Centered` " +
							"(not in the docs: accepted because Argil's own n8n node offers it).",
						Optional:   true,
						Validators: []validator.String{stringvalidator.OneOf(subtitlePositionValues()...)},
					},
					"size": schema.StringAttribute{
						MarkdownDescription: "Size of the subtitle text: `Small`, `Medium` or `Large`.",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.OneOf(argil.SubtitleSizes...)},
					},
				},
			},
			"background_music": schema.SingleNestedAttribute{
				MarkdownDescription: "Music played under the whole video. Changing it replaces the video.",
				Optional:            true,
				PlanModifiers:       replaceUnlessImportedObject,
				Attributes: map[string]schema.Attribute{
					"asset_id": schema.StringAttribute{
						MarkdownDescription: "The id of an audio asset (uploaded to Argil as an asset).",
						Required:            true,
						Validators:          []validator.String{notBlankValidator{}, idValidator{}},
					},
					"volume": schema.Float64Attribute{
						MarkdownDescription: "Volume of the music, from `0` to `1`. Argil's default is `0.14`.",
						Optional:            true,
						Validators:          []validator.Float64{float64validator.Between(0, 1)},
					},
				},
			},
			"model": schema.StringAttribute{
				MarkdownDescription: "The generation model: `ARGIL_V1` or `ARGIL_ATOM`. When not set, Argil picks one (its " +
					"default is not documented). Changing it replaces the video.",
				Optional:      true,
				PlanModifiers: []planmodifier.String{replaceUnlessImported{}},
				Validators:    []validator.String{stringvalidator.OneOf(argil.VideoModels...)},
			},
			"extras": schema.MapAttribute{
				MarkdownDescription: fmt.Sprintf("Your own key-value metadata, up to %d pairs with values of up to %d characters. "+
					"Argil allows %d pairs; the provider uses one, under the reserved key `%s`, to find a video whose create answer "+
					"was lost (see above), so that key cannot be set here and is never shown. Find videos by their extras with the "+
					"`argil_videos` data source. Changing extras replaces the video.",
					argil.MaxUserExtras, argil.MaxExtraValueChars, argil.MaxExtras, argil.RequestIDExtraKey),
				Optional:      true,
				ElementType:   types.StringType,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
				Validators:    []validator.Map{videoExtrasValidator{}},
			},
			"auto_brolls": schema.SingleNestedAttribute{
				MarkdownDescription: "Automatic B-rolls: images or clips that Argil picks and places over some moments. " +
					"Changing them replaces the video.",
				Optional:      true,
				PlanModifiers: replaceUnlessImportedObject,
				Attributes: map[string]schema.Attribute{
					"enable": schema.BoolAttribute{
						MarkdownDescription: "Whether Argil adds B-rolls.",
						Required:            true,
					},
					"source": schema.StringAttribute{
						MarkdownDescription: "Where B-rolls come from: `GENERATION` (generated images), `GOOGLE_IMAGES`, " +
							"`STOCKS_VIDEO` (Getty Images videos) or `AVATAR_ACTION` (generated videos with the avatar; AI Influencer avatars only).",
						Required:   true,
						Validators: []validator.String{stringvalidator.OneOf(argil.AutoBrollSources...)},
					},
					"intensity": schema.StringAttribute{
						MarkdownDescription: "How many B-rolls: `LOW`, `MEDIUM` or `HIGH`. Argil's schema requires it; its docs say it " +
							"does not apply to the `AVATAR_ACTION` source.",
						Required:   true,
						Validators: []validator.String{stringvalidator.OneOf(argil.AutoBrollIntensities...)},
					},
					"layout": schema.StringAttribute{
						MarkdownDescription: "How B-rolls sit relative to the avatar: " + codeList(argil.AutoBrollLayouts) +
							" (Argil's docs), or " + codeList(nodeOnly(argil.NodeLayouts, argil.AutoBrollLayouts)) + " (the values " +
							"Argil's own n8n node sends instead; the docs and Argil's code disagree, so both are accepted).",
						Optional:   true,
						Validators: []validator.String{stringvalidator.OneOf(autoBrollLayoutValues()...)},
					},
				},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The video's status: `IDLE` until it is rendered, then `GENERATING_AUDIO`, `GENERATING_VIDEO` " +
					"and `DONE` (or `FAILED`). Refreshed on every plan.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"preview_url": computedString("URL of the embeddable preview of the video, usable before it is rendered. Add `?embed=true` for embed mode."),
			"created_at":  computedString("When the video was created (RFC 3339)."),
		},
	}
}

// createArgs turns the plan into the body of POST /videos.
func (m *videoModel) createArgs(ctx context.Context) (argil.VideoCreateArgs, diag.Diagnostics) {
	var diags diag.Diagnostics
	args := argil.VideoCreateArgs{
		Name:        m.Name.ValueString(),
		AspectRatio: m.AspectRatio.ValueString(), // "" when unknown: Argil picks
		Model:       m.Model.ValueString(),
	}
	for _, mo := range m.Moments {
		a := argil.MomentCreateArgs{
			AvatarID:    mo.AvatarID.ValueString(),
			Transcript:  mo.Transcript.ValueString(),
			AudioURL:    mo.AudioURL.ValueString(),
			VoiceID:     mo.VoiceID.ValueString(),
			GestureSlug: mo.GestureSlug.ValueString(),
			Layout:      mo.Layout.ValueString(),
		}
		if !mo.ZoomLevel.IsNull() && !mo.ZoomLevel.IsUnknown() {
			a.Zoom = &argil.Zoom{Level: mo.ZoomLevel.ValueFloat64()}
		}
		args.Moments = append(args.Moments, a)
	}
	if s := m.Subtitles; s != nil {
		args.Subtitles = &argil.SubtitlesArgs{Enable: s.Enable.ValueBool(), StyleID: s.StyleID.ValueString(), Position: s.Position.ValueString(), Size: s.Size.ValueString()}
	}
	if b := m.BackgroundMusic; b != nil {
		args.BackgroundMusic = &argil.BackgroundMusicArgs{AssetID: b.AssetID.ValueString()}
		if !b.Volume.IsNull() && !b.Volume.IsUnknown() {
			v := b.Volume.ValueFloat64()
			args.BackgroundMusic.Volume = &v
		}
	}
	if a := m.AutoBrolls; a != nil {
		args.AutoBrolls = &argil.AutoBrollsArgs{Enable: a.Enable.ValueBool(), Source: a.Source.ValueString(), Intensity: a.Intensity.ValueString(), Layout: a.Layout.ValueString()}
	}
	if !m.Extras.IsNull() && !m.Extras.IsUnknown() {
		extras := map[string]string{}
		diags.Append(m.Extras.ElementsAs(ctx, &extras, false)...)
		args.Extras = extras
	}
	return args, diags
}

// setComputed copies the read-only attributes from the API.
func (m *videoModel) setComputed(v *argil.Video) {
	if v.ID != "" {
		m.ID = types.StringValue(v.ID)
	}
	m.Status = types.StringValue(v.Status)
	m.PreviewURL = optionalString(v.PreviewURL)
	if v.CreatedAt != "" || m.CreatedAt.IsUnknown() {
		m.CreatedAt = optionalString(v.CreatedAt)
	}
	if m.AspectRatio.IsUnknown() || m.AspectRatio.IsNull() {
		m.AspectRatio = optionalString(v.AspectRatio)
	}
}

// setArgumentsFromAPI fills the arguments with what the API returns of them, for an import.
// The API does not return model, background_music, auto_brolls, nor the subtitles' style,
// position and size: they stay null.
func (m *videoModel) setArgumentsFromAPI(ctx context.Context, v *argil.Video) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Name = types.StringValue(v.Name)
	m.AspectRatio = optionalString(v.AspectRatio)
	m.Moments = make([]videoMomentModel, 0, len(v.Moments))
	for _, mo := range v.Moments {
		mm := videoMomentModel{
			AvatarID:    types.StringValue(mo.AvatarID),
			Transcript:  optionalString(mo.Transcript),
			AudioURL:    types.StringNull(),
			VoiceID:     optionalString(mo.VoiceID),
			GestureSlug: optionalString(mo.GestureSlug),
			ZoomLevel:   types.Float64Null(),
			Layout:      types.StringNull(),
		}
		if mo.Transcript == "" {
			// With a transcript, audioUrl is the speech Argil generated, not an argument.
			mm.AudioURL = optionalString(mo.AudioURL)
		}
		if mo.Zoom != nil && mo.Zoom.Level > 0 {
			mm.ZoomLevel = types.Float64Value(mo.Zoom.Level)
		}
		m.Moments = append(m.Moments, mm)
	}
	// Disabled subtitles are the same as none: keep the shorter form, which configurations use.
	m.Subtitles = nil
	if v.Subtitles != nil && v.Subtitles.Enable {
		m.Subtitles = &videoSubtitlesModel{Enable: types.BoolValue(true), StyleID: types.StringNull(), Position: types.StringNull(), Size: types.StringNull()}
	}
	m.Extras = types.MapNull(types.StringType)
	if user := argil.UserExtras(v.Extras); len(user) > 0 {
		var d diag.Diagnostics
		m.Extras, d = types.MapValueFrom(ctx, types.StringType, user)
		diags.Append(d...)
	}
	m.Model = types.StringNull()
	m.BackgroundMusic = nil
	m.AutoBrolls = nil
	return diags
}

func (r *videoResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan videoModel
	ctx, ok := r.begin(ctx, &resp.Diagnostics, "creating", req.Plan, &plan)
	if !ok {
		return
	}
	args, diags := plan.createArgs(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	args.RequestID = argil.NewRequestID()
	ctx = tflog.SetField(ctx, "request_id", args.RequestID)
	tflog.Info(ctx, "Creating the Argil video", map[string]any{"name": args.Name, "moments": len(args.Moments)})

	v, err := r.data.client.CreateVideo(ctx, args)
	if err != nil {
		summary, detail := createErrorDiagnostic(args, err)
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	plan.setComputed(v)
	tflog.Info(ctx, "Created the Argil video", map[string]any{"video_id": v.ID, "status": v.Status})
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &plan, plan.ID.ValueString())...)
}

// createErrorDiagnostic explains why a create failed, and whether a video may exist.
func createErrorDiagnostic(args argil.VideoCreateArgs, err error) (string, string) {
	subject := fmt.Sprintf("Video %q (request token %s=%s)", args.Name, argil.RequestIDExtraKey, args.RequestID)
	lost := lostCreate{kind: argil.KindVideo, subject: subject, look: fmt.Sprintf("with the argil_videos data source (extras = { %s = %q }) or in the Argil app",
		argil.RequestIDExtraKey, args.RequestID)}
	if summary, detail, ok := lostCreateDiagnostic(lost, err); ok {
		return summary, detail
	}
	switch {
	case argil.StatusCode(err) == 400:
		return "Argil refused the video", fmt.Sprintf("%s: Argil answered that the video is not valid, and created nothing.\n\n"+
			"Check the ids (avatar_id, voice_id, gesture_slug, background_music.asset_id, subtitles.style_id) and the message "+
			"below, fix the configuration and apply again.\n\nOriginal error: %v", subject, err)
	case argil.IsAuth(err):
		return "Argil video not created", fmt.Sprintf("%s: the API key was refused; no video was created.\n\n%s\n\nOriginal error: %v\n\n%s",
			subject, checkAPIKey, err, apiKeySource)
	}
	return "Argil video not created", fmt.Sprintf("%s: the create request failed before Argil acted on it; no video was created.\n\n"+
		"Run terraform apply again; if the error persists, check the Argil status page.\n\nOriginal error: %v", subject, err)
}

func (r *videoResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state videoModel
	ctx, id, ok := r.beginRead(ctx, req, resp, &state)
	if !ok {
		return
	}
	var v *argil.Video
	var err error
	if state.Name.IsNull() {
		// Just imported: the arguments come from the video's own GET.
		v, err = r.data.client.GetVideo(ctx, id)
	} else {
		known := &argil.Video{Status: state.Status.ValueString(), PreviewURL: state.PreviewURL.ValueString(),
			CreatedAt: state.CreatedAt.ValueString(), AspectRatio: state.AspectRatio.ValueString()}
		v, err = r.data.client.ReadVideo(ctx, id, argil.ReadOptions{Uses: []string{"status", "previewUrl", "createdAt", "aspectRatio"}, Known: known})
	}
	if r.readFailed(ctx, resp, id, err, "Cannot read the Argil video", func(err error) string { return videoErrorDetail(id, "refreshing it", err) }) {
		return
	}
	if state.Name.IsNull() {
		// Just imported: only the id is known. Take the arguments the API returns.
		resp.Diagnostics.Append(state.setArgumentsFromAPI(ctx, v)...)
	}
	state.setComputed(v)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update is never needed: every argument forces a replacement and the read-only attributes keep
// their state. It stores the plan, keeping what is known of the video, without an API call.
func (r *videoResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state videoModel
	if !readUpdate(ctx, req, &resp.Diagnostics, &plan, &state) {
		return
	}
	plan.ID, plan.Status, plan.PreviewURL, plan.CreatedAt = state.ID, state.Status, state.PreviewURL, state.CreatedAt
	if plan.AspectRatio.IsUnknown() {
		plan.AspectRatio = state.AspectRatio
	}
	// The only update is the first apply after an import, which records the arguments the API
	// does not return: from now on, changing them replaces the video.
	saveRecordedInputs(ctx, resp, &plan, plan.ID.ValueString())
}

func (r *videoResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.deleteObject(ctx, req, resp, (*argil.Client).DeleteVideo, videoErrorDetail, "Deleted the Argil video")
}

func (r *videoResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importMarked(ctx, req, resp)
}

// autoBrollLayoutValues are the accepted auto_brolls.layout values: the docs' and the n8n node's.
func autoBrollLayoutValues() []string {
	return append(slices.Clone(argil.AutoBrollLayouts), nodeOnly(argil.NodeLayouts, argil.AutoBrollLayouts)...)
}

// subtitlePositionValues are the accepted subtitles.position values: the docs' and the node's.
func subtitlePositionValues() []string {
	return append(slices.Clone(argil.SubtitlePositions), argil.NodeSubtitlePositions...)
}

// nodeOnly returns the values of node that documented does not hold.
func nodeOnly(node, documented []string) []string {
	var out []string
	for _, v := range node {
		if !slices.Contains(documented, v) {
			out = append(out, v)
		}
	}
	return out
}

// momentsReplace forces a new video when the moments change, like RequiresReplace, but does
// not look at each moment's layout (see replaceUnlessImported on it).
type momentsReplace struct{}

var _ planmodifier.List = momentsReplace{}

func (momentsReplace) Description(context.Context) string {
	return "Changing the moments forces a new resource (a moment's layout has its own rule)."
}

func (m momentsReplace) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (momentsReplace) PlanModifyList(_ context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.PlanValue.Equal(req.StateValue) {
		return
	}
	if req.PlanValue.IsUnknown() || req.StateValue.IsNull() || req.StateValue.IsUnknown() {
		resp.RequiresReplace = true
		return
	}
	plan, state := req.PlanValue.Elements(), req.StateValue.Elements()
	if len(plan) != len(state) {
		resp.RequiresReplace = true
		return
	}
	for i := range plan {
		if !withoutLayout(plan[i]).Equal(withoutLayout(state[i])) {
			resp.RequiresReplace = true
			return
		}
	}
}

// withoutLayout returns a moment object with its layout attribute dropped (other values as is).
func withoutLayout(v attr.Value) attr.Value {
	o, ok := v.(types.Object)
	if !ok || o.IsNull() || o.IsUnknown() {
		return v
	}
	attrs := o.Attributes()
	attrTypes := o.AttributeTypes(context.Background())
	delete(attrs, "layout")
	delete(attrTypes, "layout")
	out, diags := types.ObjectValue(attrTypes, attrs)
	if diags.HasError() {
		return v
	}
	return out
}
