package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ list.ListResource              = (*videoRenderListResource)(nil)
	_ list.ListResourceWithConfigure = (*videoRenderListResource)(nil)
)

// NewVideoRenderListResource is the constructor of the argil_video_render list resource.
func NewVideoRenderListResource() list.ListResource {
	return &videoRenderListResource{listBase{suffix: "video_render"}}
}

// videoRenderListResource lists the renders that ended well: an argil_video_render stands for
// the render of one video, and the only render that can be imported as it is, with nothing to
// wait for and nothing to pay, is a finished one (DONE). A video never rendered, failed, or
// still generating is listed by the argil_video list resource only.
type videoRenderListResource struct{ listBase }

func (r *videoRenderListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the rendered videos of the Argil workspace (status `DONE`, or `IDLE` with a video URL: " +
			"Argil may report a finished render as `IDLE`), for `terraform query` " +
			"(Terraform 1.14 and later): each result is an `argil_video_render` to import, identified by the video's id, " +
			"with the video's URLs, duration and metadata. Importing a render is free and adopts it as it is: nothing is " +
			"rendered again.\n\n" +
			"Only finished renders are listed: an `argil_video_render` stands for one. Videos never rendered " +
			"(`IDLE`), failed, or still generating are not renders to adopt; find them with the `argil_video` list " +
			"resource, and render them with a new `argil_video_render`. Filters combine with AND; the provider reads every " +
			"page of `GET /videos` and returns at most the list block's `limit` (100 by default).\n\n" +
			"The generated configuration sets `video_id` to the id itself, not to a reference to an `argil_video`: replace " +
			"it with `argil_video.<name>.id` if you import the video too. Keep `video_id` unchanged: a new `video_id` " +
			"renders that video, which costs credits.",
		Attributes: videoFilterAttributes(),
	}
}

func (r *videoRenderListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg videoFilters
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	ctx, client := r.client(ctx, &diags)
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	videos := listVideos(ctx, client, cfg, &diags)
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	done := make([]argil.Video, 0, len(videos))
	for _, v := range videos {
		if renderFinished(v) {
			done = append(done, v)
		}
	}
	stream.Results = listResults(ctx, req, done,
		func(v argil.Video) (string, string) { return v.ID, displayName(v.Name, v.ID) },
		func(ctx context.Context, v argil.Video) (any, diag.Diagnostics) {
			full, diags := r.fullVideo(ctx, v)
			if diags.HasError() {
				return nil, diags
			}
			return importedRenderModel(ctx, full)
		})
}

// renderFinished tells whether v is a finished render: DONE, or IDLE with the URL of its video.
// Argil documents DONE; its n8n node ends its poll on IDLE as a success, so a finished render
// may read IDLE, and an IDLE video that was never rendered has no video URL.
func renderFinished(v argil.Video) bool {
	return v.Status == argil.StatusDone || (v.Status == argil.StatusIdle && v.VideoURL != "")
}

// importedRenderModel is the state of an argil_video_render imported from v: what ImportState
// and Read give.
func importedRenderModel(ctx context.Context, v *argil.Video) (videoRenderModel, diag.Diagnostics) {
	m := videoRenderModel{
		VideoID:     types.StringValue(v.ID),
		CallbackURL: types.StringNull(),
		Timeouts:    nullTimeouts(),
	}
	diags := m.setVideo(ctx, v)
	return m, diags
}
