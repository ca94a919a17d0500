package provider

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ list.ListResource              = (*assetListResource)(nil)
	_ list.ListResourceWithConfigure = (*assetListResource)(nil)
)

// NewAssetListResource is the constructor of the argil_asset list resource.
func NewAssetListResource() list.ListResource {
	return &assetListResource{newListBase("asset", "assets")}
}

type assetListResource struct{ listBase }

type assetListModel struct {
	Types  types.List   `tfsdk:"types"`
	Status types.String `tfsdk:"status"`
}

func (r *assetListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: listDescription("the uploaded images and videos of the Argil asset library", "argil_asset",
			"The provider reads the pages of `GET /assets` (100 assets per request). Argil's background-music library "+
				"(`AUDIO`) is not listed: `argil_asset` cannot upload audio.", true,
			"Argil does not return the URL an asset was uploaded from, so the generated configuration has no `url`: "+
				"valid for an imported asset, which is never uploaded again."),
		Attributes: map[string]schema.Attribute{
			"types": schema.ListAttribute{
				MarkdownDescription: "Only assets of these types: `IMAGE`, `VIDEO`. Both when omitted.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(stringvalidator.OneOf(argil.AssetTypeImage, argil.AssetTypeVideo)),
				},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only assets in this status: `READY` (the default, as in the Argil API), `PROCESSING` or `FAILED`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(argil.AssetStatusProcessing, argil.AssetStatusReady, argil.AssetStatusFailed)},
			},
		},
	}
}

func (r *assetListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	runList(ctx, &r.listBase, req, stream, r.find,
		func(a argil.Asset) (string, string) {
			return a.ID, fmt.Sprintf("%s (%s)", displayName(a.Name, a.ID), a.Type)
		},
		func(_ context.Context, a argil.Asset) (any, diag.Diagnostics) { return importedAssetModel(&a), nil })
}

// find streams the assets the list block asks for: images and videos that are READY unless it
// says otherwise.
func (r *assetListResource) find(ctx context.Context, client *argil.Client, cfg assetListModel, diags *diag.Diagnostics) iter.Seq2[argil.Asset, error] {
	params := argil.ListAssetsParams{Types: []string{argil.AssetTypeImage, argil.AssetTypeVideo}, Status: cfg.Status.ValueString()}
	if !cfg.Types.IsNull() {
		params.Types = nil
		if diags.Append(cfg.Types.ElementsAs(ctx, &params.Types, false)...); diags.HasError() {
			return nil
		}
	}
	if params.Status == "" {
		params.Status = argil.AssetStatusReady
	}
	tflog.Debug(ctx, "Listing the Argil assets", map[string]any{"status": params.Status, "types": params.Types})
	// The API filters by type; an answer that does not must still not offer audio to import.
	return keep(client.StreamAssets(ctx, params), func(a argil.Asset) bool {
		return a.Type == argil.AssetTypeImage || a.Type == argil.AssetTypeVideo
	})
}

// importedAssetModel is the state of an argil_asset imported from a: what Read gives after an
// import, without the source URL that Argil does not return.
func importedAssetModel(a *argil.Asset) assetModel {
	m := assetModel{
		ID:       types.StringValue(a.ID),
		URL:      types.StringNull(),
		Timeouts: nullTimeouts(),
	}
	m.setAsset(a)
	return m
}
