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
	_ datasource.DataSourceWithConfigure = (*avatarsDataSource)(nil)
)

// NewAvatarsDataSource is the constructor of the argil_avatars data source.
func NewAvatarsDataSource() datasource.DataSource { return &avatarsDataSource{} }

type avatarsDataSource struct{ dataSourceBase }

type avatarsDataModel struct {
	Orientation types.String `tfsdk:"orientation"`
	Model       types.String `tfsdk:"model"`
	Visibility  types.String `tfsdk:"visibility"`
	NameRegex   types.String `tfsdk:"name_regex"`
	Avatars     types.List   `tfsdk:"avatars"`
}

func (d *avatarsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_avatars"
}

func (d *avatarsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Argil avatars the API key can use (Argil's public avatars and your workspace's own), " +
			"optionally filtered. `orientation`, `model` and `visibility` are applied by Argil; `name_regex` is applied by the " +
			"provider to the names Argil returns.",
		Attributes: map[string]schema.Attribute{
			"orientation": schema.StringAttribute{
				MarkdownDescription: "Only avatars of this orientation: `ASPECT_RATIO_16_9` (landscape) or `ASPECT_RATIO_9_16` (portrait).",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(argil.AvatarOrientationLandscape, argil.AvatarOrientationPortrait)},
			},
			"model": schema.StringAttribute{
				MarkdownDescription: "Only avatars of this model: `ARGIL_V1` or `ARGIL_ATOM`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(argil.AvatarModelV1, argil.AvatarModelAtom)},
			},
			"visibility": schema.StringAttribute{
				MarkdownDescription: "`public` for Argil's stock avatars only, `private` for your workspace's own avatars only. Both when omitted.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("public", "private")},
			},
			"name_regex": schema.StringAttribute{
				MarkdownDescription: "Only avatars whose name matches this regular expression ([RE2 syntax](https://github.com/google/re2/wiki/Syntax); " +
					"not anchored: use `^...$` for a whole-name match, `(?i)` to ignore case).",
				Optional:   true,
				Validators: []validator.String{regexValidator{}},
			},
			"avatars": schema.ListNestedAttribute{
				MarkdownDescription: "The matching avatars, in the order Argil returns them.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: avatarDataAttributes()},
			},
		},
	}
}

func (d *avatarsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, ok := d.data.ready(ctx, &resp.Diagnostics, "reading data.argil_avatars")
	if !ok {
		return
	}
	var cfg avatarsDataModel
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
	list, err := d.data.client.ListAvatars(ctx, argil.ListAvatarsParams{
		Orientation: cfg.Orientation.ValueString(),
		Model:       cfg.Model.ValueString(),
		Visibility:  cfg.Visibility.ValueString(),
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot list the Argil avatars", listErrorDetail("avatars", err))
		return
	}
	elems := make([]attr.Value, 0, len(list))
	for i := range list {
		if re != nil && !re.MatchString(list[i].Name) {
			continue
		}
		m, diags := avatarDataFromAPI(ctx, &list[i])
		resp.Diagnostics.Append(diags...)
		obj, diags := types.ObjectValueFrom(ctx, avatarDataAttrTypes, m)
		resp.Diagnostics.Append(diags...)
		elems = append(elems, obj)
	}
	avatars, diags := types.ListValue(types.ObjectType{AttrTypes: avatarDataAttrTypes}, elems)
	resp.Diagnostics.Append(diags...)
	cfg.Avatars = avatars
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
