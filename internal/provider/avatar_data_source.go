package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ datasource.DataSourceWithConfigure        = (*avatarDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*avatarDataSource)(nil)
)

// NewAvatarDataSource is the constructor of the argil_avatar data source.
func NewAvatarDataSource() datasource.DataSource {
	return &avatarDataSource{dataSourceBase{suffix: "avatar"}}
}

type avatarDataSource struct{ dataSourceBase }

// avatarDataModel is one avatar as the data sources expose it: the argil_avatar data source's
// model, and one element of argil_avatars.avatars.
type avatarDataModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	ActorName     types.String `tfsdk:"actor_name"`
	Status        types.String `tfsdk:"status"`
	Orientation   types.String `tfsdk:"orientation"`
	Model         types.String `tfsdk:"model"`
	Width         types.Int64  `tfsdk:"width"`
	Height        types.Int64  `tfsdk:"height"`
	ThumbnailURL  types.String `tfsdk:"thumbnail_url"`
	CoverImageURL types.String `tfsdk:"cover_image_url"`
	CreatedAt     types.String `tfsdk:"created_at"`
	UpdatedAt     types.String `tfsdk:"updated_at"`
	Gestures      types.List   `tfsdk:"gestures"`
	Extras        types.Map    `tfsdk:"extras"`
}

// avatarDataAttrTypes is the object type of avatarDataModel.
var avatarDataAttrTypes = map[string]attr.Type{
	"id":              types.StringType,
	"name":            types.StringType,
	"actor_name":      types.StringType,
	"status":          types.StringType,
	"orientation":     types.StringType,
	"model":           types.StringType,
	"width":           types.Int64Type,
	"height":          types.Int64Type,
	"thumbnail_url":   types.StringType,
	"cover_image_url": types.StringType,
	"created_at":      types.StringType,
	"updated_at":      types.StringType,
	"gestures":        types.ListType{ElemType: types.ObjectType{AttrTypes: gestureAttrTypes}},
	"extras":          types.MapType{ElemType: types.StringType},
}

// avatarDataFromAPI maps an Avatar to the data sources' model.
func avatarDataFromAPI(ctx context.Context, a *argil.Avatar) (avatarDataModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := avatarDataModel{
		ID:            types.StringValue(a.ID),
		Name:          types.StringValue(a.Name),
		ActorName:     optionalString(a.ActorName),
		Status:        optionalString(a.Status),
		Orientation:   optionalString(a.Orientation),
		Model:         optionalString(a.Model),
		Width:         optionalInt64(a.Width),
		Height:        optionalInt64(a.Height),
		ThumbnailURL:  optionalString(a.ThumbnailURL),
		CoverImageURL: optionalString(a.CoverImageURL),
		CreatedAt:     optionalString(a.CreatedAt),
		UpdatedAt:     optionalString(a.UpdatedAt),
	}
	var d diag.Diagnostics
	m.Gestures, d = gestureList(a.Gestures)
	diags.Append(d...)
	m.Extras, d = types.MapValueFrom(ctx, types.StringType, nonNilMap(a.Extras))
	diags.Append(d...)
	return m, diags
}

// avatarDataAttributes are the read-only attributes of one avatar in the data sources. id and
// name are included as computed; the argil_avatar data source makes them arguments.
func avatarDataAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":          dataString("The avatar's id: use it as the `avatar_id` of `argil_video` moments."),
		"name":        dataString("The avatar's name."),
		"actor_name":  dataString("The name of the actor behind the avatar."),
		"status":      dataString("The avatar's status: `IDLE` when it can be used; Argil also documents `NOT_TRAINED`, `TRAINING`, `TRAINING_FAILED` and `REFUSED`."),
		"orientation": dataString("`ASPECT_RATIO_16_9` (landscape) or `ASPECT_RATIO_9_16` (portrait)."),
		"model":       dataString("The avatar's model: `ARGIL_V1` or `ARGIL_ATOM`."),
		"width": schema.Int64Attribute{
			MarkdownDescription: "The avatar's width in pixels.",
			Computed:            true,
		},
		"height": schema.Int64Attribute{
			MarkdownDescription: "The avatar's height in pixels.",
			Computed:            true,
		},
		"thumbnail_url":   dataString("URL of a low-resolution thumbnail of the avatar."),
		"cover_image_url": dataString("URL of a high-resolution cover image of the avatar."),
		"created_at":      dataString("When the avatar was created (RFC 3339)."),
		"updated_at":      dataString("When the avatar last changed (RFC 3339)."),
		"gestures": schema.ListNestedAttribute{
			MarkdownDescription: "The avatar's labelled gestures. Use a `slug` as a moment's `gesture_slug`.",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{
				Attributes: map[string]schema.Attribute{
					"label":       dataString("A human-readable label."),
					"slug":        dataString("The gesture's identifier, for a moment's `gesture_slug`."),
					"start_frame": schema.Float64Attribute{MarkdownDescription: "The frame of the avatar's source video where the gesture starts.", Computed: true},
				},
			},
		},
		"extras": schema.MapAttribute{
			MarkdownDescription: "The avatar's custom key-value metadata.",
			Computed:            true,
			ElementType:         types.StringType,
		},
	}
}

func (d *avatarDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := avatarDataAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The id of the avatar to read. Exactly one of `id` and `name` must be set.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{notBlankValidator{}, idValidator{}},
	}
	attrs["name"] = schema.StringAttribute{
		MarkdownDescription: "The exact name of the avatar to read (case and spaces included), among every avatar the API key " +
			"can use: Argil's public avatars and your workspace's own. Exactly one avatar must have this name. Exactly one of " +
			"`id` and `name` must be set.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{notBlankValidator{}},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Argil avatar, by `id` or by exact `name`: its status, gestures, orientation, model and " +
			"images. Use it to find the `avatar_id` (and `gesture_slug`s) of a stock or workspace avatar. To search or list " +
			"avatars, use `argil_avatars`.",
		Attributes: attrs,
	}
}

func (d *avatarDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *avatarDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg avatarDataModel
	ctx, ok := d.begin(ctx, req, resp, &cfg)
	if !ok {
		return
	}
	avatar := namedLookup[argil.Avatar]{
		kind: "avatar",
		get:  d.data.client.GetAvatar,
		list: func(ctx context.Context) ([]argil.Avatar, error) {
			return d.data.client.ListAvatars(ctx, argil.ListAvatarsParams{})
		},
		idName:      func(x *argil.Avatar) (string, string) { return x.ID, x.Name },
		errorDetail: avatarErrorDetail,
	}.find(ctx, cfg.ID, cfg.Name, &resp.Diagnostics)
	if avatar == nil {
		return
	}
	if avatar.ID == "" {
		avatar.ID = cfg.ID.ValueString() // an answer without id: the one asked for
	}
	state, diags := avatarDataFromAPI(ctx, avatar)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
