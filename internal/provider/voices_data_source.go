package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ datasource.DataSourceWithConfigure = (*voicesDataSource)(nil)
)

// NewVoicesDataSource is the constructor of the argil_voices data source.
func NewVoicesDataSource() datasource.DataSource { return &voicesDataSource{} }

type voicesDataSource struct{ dataSourceBase }

type voicesDataModel struct {
	Language  types.String `tfsdk:"language"`
	Gender    types.String `tfsdk:"gender"`
	NameRegex types.String `tfsdk:"name_regex"`
	Voices    types.List   `tfsdk:"voices"`
}

func (d *voicesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_voices"
}

func (d *voicesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Argil voices the API key can use, optionally filtered. `language` and `gender` are " +
			"applied by Argil; `name_regex` is applied by the provider to the names Argil returns.",
		Attributes: map[string]schema.Attribute{
			"language": schema.StringAttribute{
				MarkdownDescription: "Only voices of this language: one of " + codeList(argil.VoiceLanguages) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(argil.VoiceLanguages...)},
			},
			"gender": schema.StringAttribute{
				MarkdownDescription: "Only voices of this gender: `MALE` or `FEMALE`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(argil.VoiceGenders...)},
			},
			"name_regex": schema.StringAttribute{
				MarkdownDescription: "Only voices whose name matches this regular expression ([RE2 syntax](https://github.com/google/re2/wiki/Syntax); " +
					"not anchored: use `^...$` for a whole-name match, `(?i)` to ignore case).",
				Optional:   true,
				Validators: []validator.String{regexValidator{}},
			},
			"voices": schema.ListNestedAttribute{
				MarkdownDescription: "The matching voices, in the order Argil returns them.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: voiceDataAttributes()},
			},
		},
	}
}

func (d *voicesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, ok := d.data.ready(ctx, &resp.Diagnostics, "reading data.argil_voices")
	if !ok {
		return
	}
	var cfg voicesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var re *regexp.Regexp
	if !cfg.NameRegex.IsNull() {
		var err error
		if re, err = regexp.Compile(cfg.NameRegex.ValueString()); err != nil {
			resp.Diagnostics.AddError("Invalid name_regex", err.Error())
			return
		}
	}
	list, err := d.data.client.ListVoices(ctx, argil.ListVoicesParams{
		Language: cfg.Language.ValueString(),
		Gender:   cfg.Gender.ValueString(),
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot list the Argil voices", listErrorDetail("voices", err))
		return
	}
	elems := make([]attr.Value, 0, len(list))
	for i := range list {
		if re != nil && !re.MatchString(list[i].Name) {
			continue
		}
		obj, diags := types.ObjectValueFrom(ctx, voiceDataAttrTypes, voiceDataFromAPI(&list[i]))
		resp.Diagnostics.Append(diags...)
		elems = append(elems, obj)
	}
	voices, diags := types.ListValue(types.ObjectType{AttrTypes: voiceDataAttrTypes}, elems)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.Voices = voices
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
