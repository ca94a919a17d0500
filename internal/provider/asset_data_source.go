package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ datasource.DataSourceWithConfigure = (*assetDataSource)(nil)
)

// NewAssetDataSource is the constructor of the argil_asset data source.
func NewAssetDataSource() datasource.DataSource {
	return &assetDataSource{dataSourceBase{suffix: "asset"}}
}

type assetDataSource struct{ dataSourceBase }

type assetDataModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	Type         types.String `tfsdk:"type"`
	Status       types.String `tfsdk:"status"`
	FileURL      types.String `tfsdk:"file_url"`
	ThumbnailURL types.String `tfsdk:"thumbnail_url"`
	CreatedAt    types.String `tfsdk:"created_at"`
}

// assetDataAttributes are the read-only attributes of one asset in the data sources. id is
// included as computed; the argil_asset data source makes it an argument.
func assetDataAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":            dataString("The asset's id."),
		"name":          dataString("The asset's display name (may be null for some library assets)."),
		"type":          dataString("`IMAGE` or `VIDEO` (uploaded B-roll), or `AUDIO` (Argil's background-music library)."),
		"status":        dataString("`PROCESSING`, `READY` (usable in videos) or `FAILED` (processing failed: upload a new asset)."),
		"file_url":      dataString("URL of the asset's file; null while the asset is processing."),
		"thumbnail_url": dataString("URL of a thumbnail image; null while the asset is processing, and for audio."),
		"created_at":    dataString("When the asset was created (RFC 3339)."),
	}
}

// assetAttrTypes is the object type of assetDataModel, one element of argil_assets.assets.
var assetAttrTypes = map[string]attr.Type{
	"id":            types.StringType,
	"name":          types.StringType,
	"type":          types.StringType,
	"status":        types.StringType,
	"file_url":      types.StringType,
	"thumbnail_url": types.StringType,
	"created_at":    types.StringType,
}

// assetDataFromAPI maps an Asset to the data sources' model; id is the id asked for, used when
// the answer has none.
func assetDataFromAPI(id string, a *argil.Asset) assetDataModel {
	if a.ID != "" {
		id = a.ID
	}
	return assetDataModel{
		ID:           optionalString(id),
		Name:         optionalString(a.Name),
		Type:         optionalString(a.Type),
		Status:       optionalString(a.Status),
		FileURL:      optionalString(a.FileURL),
		ThumbnailURL: optionalString(a.ThumbnailURL),
		CreatedAt:    optionalString(a.CreatedAt),
	}
}

func (d *assetDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := assetDataAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The asset's id.",
		Required:            true,
		Validators:          []validator.String{notBlankValidator{}, idValidator{}},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Argil asset by id: an uploaded image or video (B-roll), or a track of Argil's " +
			"background-music library. It never waits: an asset that is still `PROCESSING` is read as it is. Deleted assets " +
			"are not found.",
		Attributes: attrs,
	}
}

func (d *assetDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg assetDataModel
	ctx, ok := d.begin(ctx, req, resp, &cfg)
	if !ok {
		return
	}
	id := cfg.ID.ValueString()
	a, err := d.data.client.GetAsset(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Argil asset", assetErrorDetail(id, "reading it", err))
		return
	}
	state := assetDataFromAPI(id, a)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
