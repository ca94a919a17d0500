package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ datasource.DataSourceWithConfigure = (*voicesDataSource)(nil)
)

// NewVoicesDataSource is the constructor of the argil_voices data source.
func NewVoicesDataSource() datasource.DataSource {
	return &voicesDataSource{dataSourceBase{suffix: "voices"}}
}

type voicesDataSource struct{ dataSourceBase }

type voicesDataModel struct {
	Language  types.String `tfsdk:"language"`
	Gender    types.String `tfsdk:"gender"`
	NameRegex types.String `tfsdk:"name_regex"`
	Voices    types.List   `tfsdk:"voices"`
}

func (d *voicesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Argil voices the API key can use, optionally filtered. `language` and `gender` are " +
			"applied by Argil; `name_regex` is applied by the provider to the names Argil returns.",
		Attributes: voiceFilters.dataSource(map[string]schema.Attribute{
			"voices": schema.ListNestedAttribute{
				MarkdownDescription: "The matching voices, in the order Argil returns them.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: voiceDataAttributes()},
			},
		}),
	}
}

// voiceFilters are the filters of argil_voices and of the argil_voice list resource.
var voiceFilters = filters{
	"language":   oneOf("Only voices of this language: one of "+codeList(argil.VoiceLanguages)+".", argil.VoiceLanguages...),
	"gender":     oneOf("Only voices of this gender: `MALE` or `FEMALE`.", argil.VoiceGenders...),
	"name_regex": nameRegex("voices"),
}

func (d *voicesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg voicesDataModel
	ctx, ok := d.begin(ctx, req, resp, &cfg)
	if !ok {
		return
	}
	voices := findNamed(cfg.NameRegex, &resp.Diagnostics, "voices", voiceName, func() ([]argil.Voice, error) {
		return d.data.client.ListVoices(ctx, argil.ListVoicesParams{
			Language: cfg.Language.ValueString(),
			Gender:   cfg.Gender.ValueString(),
		})
	})
	if resp.Diagnostics.HasError() {
		return
	}
	list, diags := objectList(ctx, voices, voiceDataAttrTypes, func(v *argil.Voice) (any, diag.Diagnostics) { return voiceDataFromAPI(v), nil })
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.Voices = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// voiceName is a voice's name, for name_regex.
func voiceName(v *argil.Voice) string { return v.Name }
