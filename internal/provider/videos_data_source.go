package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ datasource.DataSourceWithConfigure = (*videosDataSource)(nil)
)

// videosPageSize is how many videos the data source asks for per page.
const videosPageSize = 50

// NewVideosDataSource is the constructor of the argil_videos data source.
func NewVideosDataSource() datasource.DataSource { return &videosDataSource{} }

type videosDataSource struct{ dataSourceBase }

type videosDataModel struct {
	NameSearch types.String `tfsdk:"name_search"`
	AvatarID   types.String `tfsdk:"avatar_id"`
	VoiceID    types.String `tfsdk:"voice_id"`
	Extras     types.Map    `tfsdk:"extras"`
	Videos     types.List   `tfsdk:"videos"`
	Total      types.Int64  `tfsdk:"total"`
}

// videoSummaryAttrTypes is the object type of one element of videos.
var videoSummaryAttrTypes = map[string]attr.Type{
	"id":           types.StringType,
	"name":         types.StringType,
	"status":       types.StringType,
	"video_url":    types.StringType,
	"preview_url":  types.StringType,
	"duration":     types.Float64Type,
	"aspect_ratio": types.StringType,
	"created_at":   types.StringType,
	"extras":       types.MapType{ElemType: types.StringType},
}

func (d *videosDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_videos"
}

func (d *videosDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	filter := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Validators: []validator.String{notBlankValidator{}}}
	}
	idFilter := func(desc string) schema.StringAttribute {
		a := filter(desc)
		a.Validators = append(a.Validators, idValidator{})
		return a
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Argil videos of the workspace, optionally filtered by name, avatar, voice or extras. " +
			fmt.Sprintf("Every page of `GET /videos` is read (%d videos per request), so `videos` holds every match. ", videosPageSize) +
			"Filters combine with AND.\n\n" +
			"Videos created by `argil_video` carry the provider's create token in `extras`, under `" + argil.RequestIDExtraKey +
			"`: this data source shows it, so `extras = { " + argil.RequestIDExtraKey + " = \"<token>\" }` finds the video of " +
			"a create whose outcome the provider could not learn.",
		Attributes: map[string]schema.Attribute{
			"name_search": filter("Only videos whose name contains this text, ignoring case."),
			"avatar_id":   idFilter("Only videos with a moment using this avatar."),
			"voice_id":    idFilter("Only videos with a moment using this voice."),
			"extras": schema.MapAttribute{
				MarkdownDescription: "Only videos whose `extras` contain every one of these key-value pairs (Argil's `extrasFilter`).",
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          []validator.Map{mapvalidator.SizeAtLeast(1)},
			},
			"total": schema.Int64Attribute{
				MarkdownDescription: "How many videos match: the length of `videos`.",
				Computed:            true,
			},
			"videos": schema.ListNestedAttribute{
				MarkdownDescription: "The matching videos, in the order Argil lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":          str("The video's id."),
						"name":        str("The video's name."),
						"status":      str("The video's status: `IDLE`, `GENERATING_AUDIO`, `GENERATING_VIDEO`, `DONE` or `FAILED` (Argil may send others, such as `CONTENT_MODERATED`)."),
						"video_url":   str("URL of the final video; null until the video is `DONE`."),
						"preview_url": str("URL of the embeddable preview."),
						"duration": schema.Float64Attribute{
							MarkdownDescription: "Length of the video in seconds; null until its audio is generated.",
							Computed:            true,
						},
						"aspect_ratio": str("`16:9` or `9:16`."),
						"created_at":   str("When the video was created (RFC 3339)."),
						"extras": schema.MapAttribute{
							MarkdownDescription: "The video's custom key-value metadata, including `" + argil.RequestIDExtraKey + "` on videos created by `argil_video`.",
							Computed:            true,
							ElementType:         types.StringType,
						},
					},
				},
			},
		},
	}
}

func (d *videosDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, ok := d.data.ready(ctx, &resp.Diagnostics, "reading data.argil_videos")
	if !ok {
		return
	}
	var cfg videosDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	params := argil.ListVideosParams{
		Limit:           videosPageSize,
		NameSearchQuery: cfg.NameSearch.ValueString(),
		AvatarID:        cfg.AvatarID.ValueString(),
		VoiceID:         cfg.VoiceID.ValueString(),
	}
	if !cfg.Extras.IsNull() {
		params.ExtrasFilter = map[string]string{}
		resp.Diagnostics.Append(cfg.Extras.ElementsAs(ctx, &params.ExtrasFilter, false)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	videos, err := d.data.client.ListAllVideos(ctx, params)
	if err != nil {
		resp.Diagnostics.AddError("Cannot list the Argil videos", listErrorDetail("videos", err))
		return
	}
	tflog.Debug(ctx, "Listed Argil videos", map[string]any{"count": len(videos)})
	list, diags := videoSummaries(ctx, videos)
	resp.Diagnostics.Append(diags...)
	cfg.Videos = list
	cfg.Total = types.Int64Value(int64(len(videos)))
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// videoSummaries maps videos to the elements of the videos attribute.
func videoSummaries(ctx context.Context, videos []argil.Video) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(videos))
	for _, v := range videos {
		extras, d := types.MapValueFrom(ctx, types.StringType, nonNilMap(v.Extras))
		diags.Append(d...)
		duration := types.Float64Null()
		if v.Duration != nil {
			duration = types.Float64Value(*v.Duration)
		}
		obj, d := types.ObjectValue(videoSummaryAttrTypes, map[string]attr.Value{
			"id":           types.StringValue(v.ID),
			"name":         optionalString(v.Name),
			"status":       types.StringValue(v.Status),
			"video_url":    optionalString(v.VideoURL),
			"preview_url":  optionalString(v.PreviewURL),
			"duration":     duration,
			"aspect_ratio": optionalString(v.AspectRatio),
			"created_at":   optionalString(v.CreatedAt),
			"extras":       extras,
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(types.ObjectType{AttrTypes: videoSummaryAttrTypes}, elems)
	diags.Append(d...)
	return list, diags
}
