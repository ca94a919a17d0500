package provider

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ list.ListResource              = (*videoListResource)(nil)
	_ list.ListResourceWithConfigure = (*videoListResource)(nil)
)

// NewVideoListResource is the constructor of the argil_video list resource.
func NewVideoListResource() list.ListResource {
	return &videoListResource{newListBase("video", "videos")}
}

type videoListResource struct{ listBase }

// videoFilters are the filters of GET /videos, shared by the argil_video and
// argil_video_render list resources.
type videoFilters struct {
	NameSearch types.String `tfsdk:"name_search"`
	AvatarID   types.String `tfsdk:"avatar_id"`
	VoiceID    types.String `tfsdk:"voice_id"`
	Extras     types.Map    `tfsdk:"extras"`
}

type videoListModel struct {
	videoFilters
	Status types.String `tfsdk:"status"`
}

// videoFilterSchema is the schema of videoFilters, in the argil_videos data source too.
var videoFilterSchema = filters{
	"name_search": {desc: "Only videos whose name contains this text, ignoring case (Argil's `nameSearchQuery`).", validators: []validator.String{notBlankValidator{}}},
	"avatar_id":   {desc: "Only videos with a moment using this avatar.", validators: []validator.String{notBlankValidator{}, idValidator{}}},
	"voice_id":    {desc: "Only videos with a moment using this voice.", validators: []validator.String{notBlankValidator{}, idValidator{}}},
	"extras": {
		desc:          "Only videos whose `extras` contain every one of these key-value pairs (Argil's `extrasFilter`).",
		mapValidators: []validator.Map{mapvalidator.SizeAtLeast(1)},
	},
}

func (r *videoListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	attrs := videoFilterSchema.list(map[string]schema.Attribute{
		"status": schema.StringAttribute{
			MarkdownDescription: "Only videos in this status, such as `IDLE` (never rendered) or `DONE`. The API has no such filter: " +
				"the provider reads pages until it has found `limit` of these, or the last page.",
			Optional:   true,
			Validators: []validator.String{notBlankValidator{}},
		},
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: listDescription("the videos of the Argil workspace", "argil_video",
			fmt.Sprintf("Filters combine with AND. The provider reads the pages of `GET /videos` (%d videos per "+
				"request), newest first.", videosPageSize), true,
			"Each resource object (`include_resource`, `-generate-config-out`) is what an import gives: the generated "+
				"configuration leaves out what the API does not return (`model`, `background_music`, `auto_brolls`, the "+
				"subtitles' style, position and size). Listing and importing never create nor render anything; the "+
				"`argil_video_render` list resource finds the renders of `DONE` videos."),
		Attributes: attrs,
	}
}

// params turns the filters into the query of GET /videos.
func (f videoFilters) params(ctx context.Context) (argil.ListVideosParams, diag.Diagnostics) {
	p := argil.ListVideosParams{
		Limit:           videosPageSize,
		NameSearchQuery: f.NameSearch.ValueString(),
		AvatarID:        f.AvatarID.ValueString(),
		VoiceID:         f.VoiceID.ValueString(),
	}
	var diags diag.Diagnostics
	if !f.Extras.IsNull() && !f.Extras.IsUnknown() {
		p.ExtrasFilter = map[string]string{}
		diags.Append(f.Extras.ElementsAs(ctx, &p.ExtrasFilter, false)...)
	}
	return p, diags
}

// listVideos reads every video that matches the filters (the argil_videos data source, which
// needs the whole list).
func listVideos(ctx context.Context, client *argil.Client, f videoFilters, diags *diag.Diagnostics) []argil.Video {
	p, d := f.params(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return nil
	}
	videos, err := client.ListAllVideos(ctx, p)
	if err != nil {
		addListError(diags, "videos", err)
		return nil
	}
	tflog.Debug(ctx, "Listed Argil videos", map[string]any{"count": len(videos)})
	return videos
}

// streamVideos streams the videos that match the filters, page after page (nil after adding
// an error to diags when the filters cannot be sent).
func streamVideos(ctx context.Context, client *argil.Client, f videoFilters, diags *diag.Diagnostics) iter.Seq2[argil.Video, error] {
	p, d := f.params(ctx)
	if diags.Append(d...); diags.HasError() {
		return nil
	}
	return client.StreamVideos(ctx, p)
}

// fullVideo is v as GET /videos/{id} returns it. A page is expected to hold whole videos (the
// contract's VideoPage), but the docs' list page shows an older, shorter Video: a listed video
// without moments, aspect ratio or preview URL is read on its own, so that the resource object
// (and the configuration generated from it) is what an import gives.
func (l *listBase) fullVideo(ctx context.Context, v argil.Video) (*argil.Video, diag.Diagnostics) {
	var diags diag.Diagnostics
	if len(v.Moments) > 0 && v.AspectRatio != "" && v.PreviewURL != "" {
		return &v, diags
	}
	full, err := l.data.client.GetVideo(ctx, v.ID)
	if err != nil {
		diags.AddError("Cannot read the Argil video", videoErrorDetail(v.ID, "reading it for terraform query", err))
		return nil, diags
	}
	return full, diags
}

func (r *videoListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	runList(ctx, &r.listBase, req, stream, r.find,
		func(v argil.Video) (string, string) {
			return v.ID, fmt.Sprintf("%s (%s)", displayName(v.Name, v.ID), v.Status)
		},
		func(ctx context.Context, v argil.Video) (any, diag.Diagnostics) {
			full, diags := r.fullVideo(ctx, v)
			if diags.HasError() {
				return nil, diags
			}
			return importedVideoModel(ctx, full)
		})
}

// find streams the videos the list block asks for: the status filter is the provider's, applied
// video by video.
func (r *videoListResource) find(ctx context.Context, client *argil.Client, cfg videoListModel, diags *diag.Diagnostics) iter.Seq2[argil.Video, error] {
	videos := streamVideos(ctx, client, cfg.videoFilters, diags)
	if status := cfg.Status.ValueString(); status != "" && videos != nil {
		videos = keep(videos, func(v argil.Video) bool { return v.Status == status })
	}
	return videos
}

// importedVideoModel is the state of an argil_video imported from v: what Read gives after an
// import.
func importedVideoModel(ctx context.Context, v *argil.Video) (videoModel, diag.Diagnostics) {
	m := videoModel{
		ID:        types.StringValue(v.ID),
		Name:      types.StringNull(),
		Model:     types.StringNull(),
		Extras:    types.MapNull(types.StringType),
		Status:    types.StringNull(),
		CreatedAt: types.StringNull(),
	}
	diags := m.setArgumentsFromAPI(ctx, v)
	m.setComputed(v)
	return m, diags
}
