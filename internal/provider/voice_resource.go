package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ idResource                          = (*voiceResource)(nil)
	_ resource.ResourceWithValidateConfig = (*voiceResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*voiceResource)(nil)
)

// NewVoiceResource is the constructor of argil_voice.
func NewVoiceResource() resource.Resource {
	return &voiceResource{newResourceBase("voice", "voice")}
}

type voiceResource struct{ resourceBase }

type voiceModel struct {
	ID            types.String  `tfsdk:"id"`
	Name          types.String  `tfsdk:"name"`
	AudioURL      types.String  `tfsdk:"audio_url"`
	ModelID       types.String  `tfsdk:"model_id"`
	Stability     types.Float64 `tfsdk:"stability"`
	Similarity    types.Float64 `tfsdk:"similarity"`
	Style         types.Float64 `tfsdk:"style"`
	Speed         types.Float64 `tfsdk:"speed"`
	SpeakerBoost  types.Bool    `tfsdk:"speaker_boost"`
	LanguageBoost types.String  `tfsdk:"language_boost"`
	Emotion       types.String  `tfsdk:"emotion"`
	Status        types.String  `tfsdk:"status"`
	SampleURL     types.String  `tfsdk:"sample_url"`
	Language      types.String  `tfsdk:"language"`
	Gender        types.String  `tfsdk:"gender"`
	CreatedAt     types.String  `tfsdk:"created_at"`
}

var voiceDescription = "Clones a voice from an audio file (`audio_url`). The voice can then speak in videos (the " +
	"`voice_id` of a moment) or be given to an avatar (`argil_avatar.voice_id`). Argil says the voice is ready at once.\n\n" +
	"**Model and settings.** `model_id` picks the text-to-speech model and which settings apply: ElevenLabs models " +
	"take `stability`, `similarity`, `style`, `speed` and `speaker_boost`; Minimax models take `speed`, " +
	"`language_boost` and `emotion`. A model Argil does not document, or a setting that does not apply to the model, " +
	"gives a warning at plan time. Unset settings are not sent, so Argil applies its defaults.\n\n" +
	"**No update.** The Argil API cannot change a voice: every argument forces a new resource.\n\n" +
	"~> **No delete.** The Argil API cannot delete voices. `terraform destroy` (or a replacement) only removes the voice " +
	"from the state, with a warning: delete it in the Argil app.\n\n" +
	importNote("argil_voice", "Argil does not return a voice's audio URL, model or settings: an imported voice may "+
		"leave them out, and the first apply that sets them only records them, without a new voice.")

func (r *voiceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{replaceUnlessImported{}}
	resp.Schema = schema.Schema{
		MarkdownDescription: voiceDescription,
		Attributes: map[string]schema.Attribute{
			"id": computedString("The voice's id: use it as the `voice_id` of `argil_video` moments or as an avatar's `voice_id`."),
			"name": schema.StringAttribute{
				MarkdownDescription: "The voice's name, 1 to 256 characters. Changing it creates a new voice.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 256), notBlankValidator{}},
			},
			"audio_url": schema.StringAttribute{
				MarkdownDescription: "An absolute `https://` URL of the recording to clone: MP3, WAV or M4A, 30 seconds to 4 minutes " +
					"(Argil checks the file). Needed to create a voice; Argil does not return it, so an imported voice may leave it " +
					"out (setting it afterwards only records it). Changing it creates a new voice; removing it does not.",
				Optional:      true,
				PlanModifiers: []planmodifier.String{replaceSourceIfChanged{}},
				Validators:    []validator.String{httpsSourceURL("the audio")},
			},
			"model_id": schema.StringAttribute{
				MarkdownDescription: "The text-to-speech model. Defaults (on Argil's side) to `" + argil.DefaultVoiceModel + "` " +
					"(Minimax). ElevenLabs: " + codeList(argil.ElevenLabsVoiceModels) + " (`eleven_multilingual_v2` recommended). " +
					"Minimax: " + codeList(argil.MinimaxVoiceModels) + " (`speech-2.8-hd` recommended). Other values are sent as " +
					"they are. Changing it creates a new voice.",
				Optional:      true,
				PlanModifiers: replace,
				Validators:    []validator.String{notBlankValidator{}},
			},
			"stability": voiceSetting("ElevenLabs models: 0 to 1; higher is more consistent, lower more expressive. Argil's default is 0.5 "+
				"for `eleven_v3` and 0.8 for the other ElevenLabs models. Sent as `voiceStability`.", 0, 1),
			"similarity": voiceSetting("ElevenLabs models: clarity and similarity to the original voice, 0 to 1 (Argil's default 0.5). Sent as `voiceSimilarity`.", 0, 1),
			"style":      voiceSetting("ElevenLabs models: style exaggeration, 0 to 1 (Argil's default 0); higher is more expressive but slower. Sent as `voiceStyle`.", 0, 1),
			"speed":      voiceSetting("Speaking speed, 0.7 to 1.2 (Argil's default 1.0). Sent as `voiceSpeed`.", 0.7, 1.2),
			"speaker_boost": schema.BoolAttribute{
				MarkdownDescription: "ElevenLabs models except `eleven_v3`: enhances the similarity to the speaker (Argil's default `true`). Sent as `speakerBoost`.",
				Optional:            true,
				PlanModifiers:       []planmodifier.Bool{replaceUnlessImported{}},
			},
			"language_boost": schema.StringAttribute{
				MarkdownDescription: "Minimax models: the language to favour (Argil's default `auto`; the docs do not list the other values). Sent as `languageBoost`.",
				Optional:            true,
				PlanModifiers:       replace,
				Validators:          []validator.String{notBlankValidator{}},
			},
			"emotion": schema.StringAttribute{
				MarkdownDescription: "Minimax models: the emotion of the speech, one of " + codeList(argil.VoiceEmotions) + " (Argil's default `auto`).",
				Optional:            true,
				PlanModifiers:       replace,
				Validators:          []validator.String{stringvalidator.OneOf(argil.VoiceEmotions...)},
			},
			"status":     computedString("The voice's status, as Argil reports it (`IDLE` when ready). Refreshed on every plan."),
			"sample_url": computedString("URL of an audio sample of the voice."),
			"language":   computedString("The voice's language (`ENGLISH`, `FRENCH`, ...), when Argil sets one."),
			"gender":     computedString("The voice's gender (`MALE` or `FEMALE`), when Argil sets one."),
			"created_at": computedString("When the voice was created (RFC 3339)."),
		},
	}
}

// voiceSetting is a numeric voice setting, from lo to hi. Like every argument of a voice,
// changing it creates a new voice, except on the first apply after an import.
func voiceSetting(desc string, lo, hi float64) schema.Float64Attribute {
	return schema.Float64Attribute{
		MarkdownDescription: desc,
		Optional:            true,
		PlanModifiers:       []planmodifier.Float64{replaceUnlessImported{}},
		Validators:          []validator.Float64{float64validator.Between(lo, hi)},
	}
}

// ValidateConfig warns about a model the docs do not list and about settings that do not apply
// to the chosen model. Argil decides; these are warnings only.
func (r *voiceResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg voiceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.ModelID.IsUnknown() {
		return
	}
	model := cfg.ModelID.ValueString()
	if cfg.ModelID.IsNull() {
		model = argil.DefaultVoiceModel
	}
	eleven := slices.Contains(argil.ElevenLabsVoiceModels, model)
	minimax := slices.Contains(argil.MinimaxVoiceModels, model)
	if !eleven && !minimax {
		resp.Diagnostics.AddAttributeWarning(path.Root("model_id"), "Voice model not in Argil's documented list",
			fmt.Sprintf("%q is not one of the models Argil documents (ElevenLabs: %s; Minimax: %s). It is sent as it is; Argil may refuse it.",
				model, strings.Join(argil.ElevenLabsVoiceModels, ", "), strings.Join(argil.MinimaxVoiceModels, ", ")))
		return
	}
	which := fmt.Sprintf("model %q", model)
	if cfg.ModelID.IsNull() {
		which = fmt.Sprintf("Argil's default model %q", model)
	}
	family := "a Minimax"
	if eleven {
		family = "an ElevenLabs"
	}
	warn := func(attr string, set bool, appliesTo string) {
		if !set {
			return
		}
		resp.Diagnostics.AddAttributeWarning(path.Root(attr), "Voice setting does not apply to this model",
			fmt.Sprintf("%s applies to %s; %s is %s model, so Argil may ignore the setting or refuse the request.", attr, appliesTo, which, family))
	}
	if minimax {
		warn("stability", !cfg.Stability.IsNull(), "ElevenLabs models")
		warn("similarity", !cfg.Similarity.IsNull(), "ElevenLabs models")
		warn("style", !cfg.Style.IsNull(), "ElevenLabs models")
		warn("speaker_boost", !cfg.SpeakerBoost.IsNull(), "ElevenLabs models")
	}
	if eleven {
		warn("language_boost", !cfg.LanguageBoost.IsNull(), "Minimax models")
		warn("emotion", !cfg.Emotion.IsNull(), "Minimax models")
		warn("speaker_boost", model == "eleven_v3" && !cfg.SpeakerBoost.IsNull(), "ElevenLabs models other than eleven_v3")
	}
}

// ModifyPlan refuses at plan time a new voice without audio_url: a create, or a replacement of
// a voice imported without it.
func (r *voiceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	refuseNewWithoutSource(ctx, req, resp, "voice", "audio_url", func(plan, state *voiceModel) bool {
		return !plan.Name.Equal(state.Name) || replacesUnlessImported(ctx, req.Private,
			[2]attr.Value{plan.ModelID, state.ModelID}, [2]attr.Value{plan.Stability, state.Stability},
			[2]attr.Value{plan.Similarity, state.Similarity}, [2]attr.Value{plan.Style, state.Style},
			[2]attr.Value{plan.Speed, state.Speed}, [2]attr.Value{plan.SpeakerBoost, state.SpeakerBoost},
			[2]attr.Value{plan.LanguageBoost, state.LanguageBoost}, [2]attr.Value{plan.Emotion, state.Emotion})
	})
}

// setVoice copies what the API says of the voice into the model.
func (m *voiceModel) setVoice(v *argil.Voice) {
	if v.ID != "" {
		m.ID = types.StringValue(v.ID)
	}
	if v.Name != "" {
		m.Name = types.StringValue(v.Name)
	}
	m.Status = optionalString(v.Status)
	m.SampleURL = optionalString(v.SampleURL)
	m.Language = optionalString(v.Language)
	m.Gender = optionalString(v.Gender)
	m.CreatedAt = optionalString(v.CreatedAt)
}

func (r *voiceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan voiceModel
	ctx, ok := r.begin(ctx, &resp.Diagnostics, "creating", req.Plan, &plan)
	if !ok {
		return
	}
	args := argil.VoiceCreateArgs{
		Name:            plan.Name.ValueString(),
		AudioURL:        plan.AudioURL.ValueString(),
		ModelID:         plan.ModelID.ValueString(),
		VoiceStability:  optionalFloat(plan.Stability),
		VoiceSimilarity: optionalFloat(plan.Similarity),
		VoiceStyle:      optionalFloat(plan.Style),
		VoiceSpeed:      optionalFloat(plan.Speed),
		LanguageBoost:   plan.LanguageBoost.ValueString(),
		Emotion:         plan.Emotion.ValueString(),
	}
	if !plan.SpeakerBoost.IsNull() && !plan.SpeakerBoost.IsUnknown() {
		b := plan.SpeakerBoost.ValueBool()
		args.SpeakerBoost = &b
	}
	started := r.data.clock.Now()
	tflog.Info(ctx, "Cloning an Argil voice", map[string]any{"name": args.Name, "model_id": args.ModelID})
	v, err := r.data.client.CreateVoice(ctx, args)
	if argil.IsAmbiguous(err) {
		lost := lostCreate{kind: argil.KindVoice, subject: fmt.Sprintf("voice %q", args.Name), match: "of that name", look: "in the Argil app (or with the argil_voices data source)"}
		if v = adoptLost(ctx, &resp.Diagnostics, lost, err, r.data.client.VoiceLookup(args.Name, started).Find, func(v *argil.Voice) string { return v.ID }); v == nil {
			return
		}
	} else if err != nil {
		resp.Diagnostics.AddError("Cannot create the Argil voice", voiceErrorDetail("", args.Name, "creating it", err))
		return
	}
	if v.ID == "" {
		resp.Diagnostics.AddError("Argil returned a voice without id",
			fmt.Sprintf("POST /voices answered without an id for voice %q, so Terraform cannot track it. Look for the voice in the Argil app and import it (terraform import <address> <voice id>).", args.Name))
		return
	}
	if v.Status != "" && v.Status != argil.VoiceStatusIdle {
		tflog.Warn(ctx, "The new Argil voice is not IDLE; Argil says cloned voices are ready at once", map[string]any{"voice_id": v.ID, "status": v.Status})
	}
	plan.setVoice(v)
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &plan, plan.ID.ValueString())...)
}

func (r *voiceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state voiceModel
	ctx, id, ok := r.beginRead(ctx, req, resp, &state)
	if !ok {
		return
	}
	v, err := r.data.client.GetVoice(ctx, id)
	if r.readFailed(ctx, resp, id, err, "Cannot read the Argil voice", func(err error) string {
		return voiceErrorDetail(id, state.Name.ValueString(), "refreshing it", err)
	}) {
		return
	}
	state.setVoice(v)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update never calls Argil: every argument forces a new voice, except on the first apply after
// an import, which records the inputs Argil does not return.
func (r *voiceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state voiceModel
	if !readUpdate(ctx, req, &resp.Diagnostics, &plan, &state) {
		return
	}
	state.AudioURL = plan.AudioURL
	state.ModelID = plan.ModelID
	state.Stability = plan.Stability
	state.Similarity = plan.Similarity
	state.Style = plan.Style
	state.Speed = plan.Speed
	state.SpeakerBoost = plan.SpeakerBoost
	state.LanguageBoost = plan.LanguageBoost
	state.Emotion = plan.Emotion
	saveRecordedInputs(ctx, resp, &state, state.ID.ValueString())
}

// Delete only forgets the voice: the Argil API cannot delete voices. It says so in a warning.
func (r *voiceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	forgetUndeletable(ctx, req, resp, "voice")
}

func (r *voiceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importMarked(ctx, req, resp)
}
