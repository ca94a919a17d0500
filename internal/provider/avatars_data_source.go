package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ datasource.DataSourceWithConfigure = (*avatarsDataSource)(nil)
)

// NewAvatarsDataSource is the constructor of the argil_avatars data source.
func NewAvatarsDataSource() datasource.DataSource {
	return &avatarsDataSource{dataSourceBase{suffix: "avatars"}}
}

type avatarsDataSource struct{ dataSourceBase }

type avatarsDataModel struct {
	Orientation types.String `tfsdk:"orientation"`
	Model       types.String `tfsdk:"model"`
	Visibility  types.String `tfsdk:"visibility"`
	NameRegex   types.String `tfsdk:"name_regex"`
	Avatars     types.List   `tfsdk:"avatars"`
}

func (d *avatarsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Argil avatars the API key can use (Argil's public avatars and your workspace's own), " +
			"optionally filtered. `orientation`, `model` and `visibility` are applied by Argil; `name_regex` is applied by the " +
			"provider to the names Argil returns.",
		Attributes: avatarFilters.dataSource(map[string]schema.Attribute{
			"visibility": schema.StringAttribute{
				MarkdownDescription: "`public` for Argil's stock avatars only, `private` for your workspace's own avatars only. Both when omitted.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf("public", "private")},
			},
			"avatars": schema.ListNestedAttribute{
				MarkdownDescription: "The matching avatars, in the order Argil returns them.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: avatarDataAttributes()},
			},
		}),
	}
}

// avatarFilters are the filters of argil_avatars and of the argil_avatar list resource.
var avatarFilters = filters{
	"orientation": oneOf("Only avatars of this orientation: `ASPECT_RATIO_16_9` (landscape) or `ASPECT_RATIO_9_16` (portrait).",
		argil.AvatarOrientationLandscape, argil.AvatarOrientationPortrait),
	"model":      oneOf("Only avatars of this model: `ARGIL_V1` or `ARGIL_ATOM`.", argil.AvatarModelV1, argil.AvatarModelAtom),
	"name_regex": nameRegex("avatars"),
}

func (d *avatarsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg avatarsDataModel
	ctx, ok := d.begin(ctx, req, resp, &cfg)
	if !ok {
		return
	}
	avatars := findNamed(cfg.NameRegex, &resp.Diagnostics, "avatars", avatarName, func() ([]argil.Avatar, error) {
		return d.data.client.ListAvatars(ctx, argil.ListAvatarsParams{
			Orientation: cfg.Orientation.ValueString(),
			Model:       cfg.Model.ValueString(),
			Visibility:  cfg.Visibility.ValueString(),
		})
	})
	if resp.Diagnostics.HasError() {
		return
	}
	list, diags := objectList(ctx, avatars, avatarDataAttrTypes, func(a *argil.Avatar) (any, diag.Diagnostics) { return avatarDataFromAPI(ctx, a) })
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.Avatars = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// avatarName is an avatar's name, for name_regex.
func avatarName(a *argil.Avatar) string { return a.Name }
