package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ datasource.DataSourceWithConfigure = (*videosDataSource)(nil)
)

// videosPageSize is how many videos the data source asks for per page.
const videosPageSize = 50

// NewVideosDataSource is the constructor of the argil_videos data source.
func NewVideosDataSource() datasource.DataSource {
	return &videosDataSource{dataSourceBase{suffix: "videos"}}
}

type videosDataSource struct{ dataSourceBase }

type videosDataModel struct {
	videoFilters
	Videos types.List  `tfsdk:"videos"`
	Total  types.Int64 `tfsdk:"total"`
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

func (d *videosDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Argil videos of the workspace, optionally filtered by name, avatar, voice or extras. " +
			fmt.Sprintf("Every page of `GET /videos` is read (%d videos per request), so `videos` holds every match. ", videosPageSize) +
			"Filters combine with AND.\n\n" +
			"Videos created by `argil_video` carry the provider's create token in `extras`, under `" + argil.RequestIDExtraKey +
			"`: this data source shows it, so `extras = { " + argil.RequestIDExtraKey + " = \"<token>\" }` finds the video of " +
			"a create whose outcome the provider could not learn.",
		Attributes: videoFilterSchema.dataSource(map[string]schema.Attribute{
			"total": schema.Int64Attribute{
				MarkdownDescription: "How many videos match: the length of `videos`.",
				Computed:            true,
			},
			"videos": schema.ListNestedAttribute{
				MarkdownDescription: "The matching videos, in the order Argil lists them.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":          dataString("The video's id."),
						"name":        dataString("The video's name."),
						"status":      dataString("The video's status: `IDLE`, `GENERATING_AUDIO`, `GENERATING_VIDEO`, `DONE` or `FAILED` (Argil may send others, such as `CONTENT_MODERATED`)."),
						"video_url":   dataString("URL of the final video; null until the video is `DONE`."),
						"preview_url": dataString("URL of the embeddable preview."),
						"duration": schema.Float64Attribute{
							MarkdownDescription: "Length of the video in seconds; null until its audio is generated.",
							Computed:            true,
						},
						"aspect_ratio": dataString("`16:9` or `9:16`."),
						"created_at":   dataString("When the video was created (RFC 3339)."),
						"extras": schema.MapAttribute{
							MarkdownDescription: "The video's custom key-value metadata, including `" + argil.RequestIDExtraKey + "` on videos created by `argil_video`.",
							Computed:            true,
							ElementType:         types.StringType,
						},
					},
				},
			},
		}),
	}
}

func (d *videosDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg videosDataModel
	ctx, ok := d.begin(ctx, req, resp, &cfg)
	if !ok {
		return
	}
	videos := listVideos(ctx, d.data.client, cfg.videoFilters, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
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
