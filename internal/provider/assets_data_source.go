package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// assetsPageSize is the page size argil_assets asks for: the largest the API allows.
const assetsPageSize = 100

var (
	_ datasource.DataSourceWithConfigure = (*assetsDataSource)(nil)
)

// NewAssetsDataSource is the constructor of the argil_assets data source.
func NewAssetsDataSource() datasource.DataSource {
	return &assetsDataSource{dataSourceBase{suffix: "assets"}}
}

type assetsDataSource struct{ dataSourceBase }

type assetsDataModel struct {
	Types  types.Set    `tfsdk:"types"`
	Status types.String `tfsdk:"status"`
	Assets types.List   `tfsdk:"assets"`
	Total  types.Int64  `tfsdk:"total"`
}

func (d *assetsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the assets of your Argil library: uploaded images and videos (B-roll) and Argil's " +
			"background-music library (`AUDIO`). The API pages this list; the data source reads every page (100 assets per " +
			"request, following the `X-Total-Pages` header) and returns all matching assets. Deleted assets are not listed.",
		Attributes: map[string]schema.Attribute{
			"types": schema.SetAttribute{
				MarkdownDescription: "Keep only assets of these types: `AUDIO`, `IMAGE`, `VIDEO`. All types when omitted.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(argil.AssetTypeAudio, argil.AssetTypeImage, argil.AssetTypeVideo)),
				},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Keep only assets in this status: `PROCESSING`, `READY` or `FAILED`. Defaults to `READY`, " +
					"as the Argil API does when no status is given: assets still processing or failed are listed only when asked for.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{
					stringvalidator.OneOf(argil.AssetStatusProcessing, argil.AssetStatusReady, argil.AssetStatusFailed),
				},
			},
			"total": schema.Int64Attribute{
				MarkdownDescription: "How many assets match, as the API counts them (`X-Total-Count`).",
				Computed:            true,
			},
			"assets": schema.ListNestedAttribute{
				MarkdownDescription: "The matching assets, in the API's order.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: assetDataAttributes()},
			},
		},
	}
}

func (d *assetsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg assetsDataModel
	ctx, ok := d.begin(ctx, req, resp, &cfg)
	if !ok {
		return
	}
	params := argil.ListAssetsParams{Status: argil.AssetStatusReady, PageSize: assetsPageSize}
	if !cfg.Status.IsNull() && !cfg.Status.IsUnknown() {
		params.Status = cfg.Status.ValueString()
	}
	if !cfg.Types.IsNull() {
		resp.Diagnostics.Append(cfg.Types.ElementsAs(ctx, &params.Types, false)...)
		slices.Sort(params.Types)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	assets, total, err := d.data.client.ListAllAssets(ctx, params)
	if err != nil {
		addListError(&resp.Diagnostics, "assets", err)
		return
	}
	tflog.Debug(ctx, "Listed the Argil assets", map[string]any{"count": len(assets), "total": total, "status": params.Status, "types": params.Types})
	list, diags := objectList(ctx, assets, assetAttrTypes, func(a *argil.Asset) (any, diag.Diagnostics) { return assetDataFromAPI(a.ID, a), nil })
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.Status = types.StringValue(params.Status)
	cfg.Assets = list
	cfg.Total = types.Int64Value(int64(total))
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
