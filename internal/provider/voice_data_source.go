package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ datasource.DataSourceWithConfigure        = (*voiceDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*voiceDataSource)(nil)
)

// NewVoiceDataSource is the constructor of the argil_voice data source.
func NewVoiceDataSource() datasource.DataSource {
	return &voiceDataSource{dataSourceBase{suffix: "voice"}}
}

type voiceDataSource struct{ dataSourceBase }

// voiceDataModel is one voice as the data sources expose it: the argil_voice data source's
// model, and one element of argil_voices.voices.
type voiceDataModel struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	Status    types.String `tfsdk:"status"`
	SampleURL types.String `tfsdk:"sample_url"`
	Language  types.String `tfsdk:"language"`
	Gender    types.String `tfsdk:"gender"`
	CreatedAt types.String `tfsdk:"created_at"`
	UpdatedAt types.String `tfsdk:"updated_at"`
}

// voiceDataAttrTypes is the object type of voiceDataModel.
var voiceDataAttrTypes = map[string]attr.Type{
	"id":         types.StringType,
	"name":       types.StringType,
	"status":     types.StringType,
	"sample_url": types.StringType,
	"language":   types.StringType,
	"gender":     types.StringType,
	"created_at": types.StringType,
	"updated_at": types.StringType,
}

// voiceDataFromAPI maps a Voice to the data sources' model.
func voiceDataFromAPI(v *argil.Voice) voiceDataModel {
	return voiceDataModel{
		ID:        types.StringValue(v.ID),
		Name:      types.StringValue(v.Name),
		Status:    optionalString(v.Status),
		SampleURL: optionalString(v.SampleURL),
		Language:  optionalString(v.Language),
		Gender:    optionalString(v.Gender),
		CreatedAt: optionalString(v.CreatedAt),
		UpdatedAt: optionalString(v.UpdatedAt),
	}
}

// voiceDataAttributes are the read-only attributes of one voice in the data sources. id and
// name are included as computed; the argil_voice data source makes them arguments.
func voiceDataAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":         dataString("The voice's id: use it as the `voice_id` of `argil_video` moments or as an avatar's `voice_id`."),
		"name":       dataString("The voice's name."),
		"status":     dataString("The voice's status, as Argil reports it (`IDLE` when ready)."),
		"sample_url": dataString("URL of an audio sample of the voice."),
		"language":   dataString("The voice's language (`ENGLISH`, `FRENCH`, ...); null when Argil sets none."),
		"gender":     dataString("The voice's gender (`MALE` or `FEMALE`); null when Argil sets none."),
		"created_at": dataString("When the voice was created (RFC 3339)."),
		"updated_at": dataString("When the voice last changed (RFC 3339)."),
	}
}

func (d *voiceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := voiceDataAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The id of the voice to read. Exactly one of `id` and `name` must be set.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{notBlankValidator{}, idValidator{}},
	}
	attrs["name"] = schema.StringAttribute{
		MarkdownDescription: "The exact name of the voice to read (case and spaces included), among every voice the API key " +
			"can use. Exactly one voice must have this name. Exactly one of `id` and `name` must be set.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{notBlankValidator{}},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Argil voice, by `id` or by exact `name`: its language, gender, status and sample. Use it " +
			"to find the `voice_id` of a voice for video moments or for an `argil_avatar`. To search or list voices, use `argil_voices`.",
		Attributes: attrs,
	}
}

func (d *voiceDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *voiceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg voiceDataModel
	ctx, ok := d.begin(ctx, req, resp, &cfg)
	if !ok {
		return
	}
	voice := namedLookup[argil.Voice]{
		kind: "voice",
		get:  d.data.client.GetVoice,
		list: func(ctx context.Context) ([]argil.Voice, error) {
			return d.data.client.ListVoices(ctx, argil.ListVoicesParams{})
		},
		idName:      func(x *argil.Voice) (string, string) { return x.ID, x.Name },
		errorDetail: voiceErrorDetail,
	}.find(ctx, cfg.ID, cfg.Name, &resp.Diagnostics)
	if voice == nil {
		return
	}
	if voice.ID == "" {
		voice.ID = cfg.ID.ValueString() // an answer without id: the one asked for
	}
	state := voiceDataFromAPI(voice)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
