package provider

import (
	"context"
	"iter"
	"time"

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
	return &videoRenderListResource{newListBase("video_render", "videos")}
}

// videoRenderListResource lists the renders that ended well: an argil_video_render stands for
// the render of one video, and the only render that can be imported as it is, with nothing to
// wait for and nothing to pay, is a finished one (argil.Finished: DONE, or a video URL with a
// status that is neither a failure nor a render in progress). A video never rendered, failed,
// or still generating is listed by the argil_video list resource only.
type videoRenderListResource struct{ listBase }

func (r *videoRenderListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: listDescription("the finished renders of the Argil workspace", "argil_video_render",
			"A finished render is a video `DONE`, or with a video URL and a status that is neither a failure nor a "+
				"render in progress (Argil may report one as `IDLE`); other videos are found by the `argil_video` list "+
				"resource. Filters combine with AND and are applied by Argil; the provider reads the pages of `GET /videos` "+
				"and keeps the finished renders.", true,
			"Importing a render is free and adopts it as it is: nothing is rendered again. The generated configuration "+
				"sets `video_id` to the id itself: replace it with `argil_video.<name>.id` if you import the video too, "+
				"and keep its value: a new `video_id` renders that video, which costs credits."),
		Attributes: videoFilterSchema.list(nil),
	}
}

func (r *videoRenderListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	runList(ctx, &r.listBase, req, stream, r.find,
		func(v argil.Video) (string, string) { return v.ID, displayName(v.Name, v.ID) },
		func(ctx context.Context, v argil.Video) (any, diag.Diagnostics) {
			full, diags := r.fullVideo(ctx, v)
			if diags.HasError() {
				return nil, diags
			}
			return importedRenderModel(ctx, full, r.now())
		})
}

// find streams the finished renders among the videos the list block asks for.
func (r *videoRenderListResource) find(ctx context.Context, client *argil.Client, cfg videoFilters, diags *diag.Diagnostics) iter.Seq2[argil.Video, error] {
	videos := streamVideos(ctx, client, cfg, diags)
	if videos == nil {
		return nil
	}
	return keep(videos, func(v argil.Video) bool { return argil.Finished(&v) })
}

// now is the provider's clock time, for finished_at.
func (l *listBase) now() time.Time {
	if l.data != nil && l.data.clock != nil {
		return l.data.clock.Now()
	}
	return time.Now()
}

// importedRenderModel is the state of an argil_video_render imported from v: what ImportState
// and Read give (finished_at is when the import saw the render finished, here the listing).
func importedRenderModel(ctx context.Context, v *argil.Video, now time.Time) (videoRenderModel, diag.Diagnostics) {
	m := videoRenderModel{
		VideoID:     types.StringValue(v.ID),
		CallbackURL: types.StringNull(),
		Timeouts:    nullTimeouts(),
	}
	if argil.Finished(v) {
		m.FinishedAt = types.StringValue(now.UTC().Format(time.RFC3339Nano))
	}
	diags := m.setVideo(ctx, v)
	return m, diags
}
