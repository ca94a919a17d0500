package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// defaultRenderTimeout bounds a create when timeouts.create is not set.
const defaultRenderTimeout = 30 * time.Minute

// After a render request whose outcome is unknown, the video is read renderSettleReads times,
// renderSettleDelay apart, before the provider concludes that no render started.
const (
	renderSettleReads = 3
	renderSettleDelay = 2 * time.Second
)

var (
	_ resource.Resource                = (*videoRenderResource)(nil)
	_ resource.ResourceWithConfigure   = (*videoRenderResource)(nil)
	_ resource.ResourceWithImportState = (*videoRenderResource)(nil)
	_ resource.ResourceWithIdentity    = (*videoRenderResource)(nil)
)

// NewVideoRenderResource is the constructor of argil_video_render.
func NewVideoRenderResource() resource.Resource {
	return &videoRenderResource{idIdentity: idIdentity{kind: "rendered video"}}
}

type videoRenderResource struct {
	idIdentity
	data *providerData
}

type videoRenderModel struct {
	ID                types.String   `tfsdk:"id"`
	VideoID           types.String   `tfsdk:"video_id"`
	CallbackURL       types.String   `tfsdk:"callback_url"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
	Status            types.String   `tfsdk:"status"`
	VideoURL          types.String   `tfsdk:"video_url"`
	VideoURLSubtitled types.String   `tfsdk:"video_url_subtitled"`
	Duration          types.Float64  `tfsdk:"duration"`
	PreviewURL        types.String   `tfsdk:"preview_url"`
	Name              types.String   `tfsdk:"name"`
	AspectRatio       types.String   `tfsdk:"aspect_ratio"`
	CreatedAt         types.String   `tfsdk:"created_at"`
	UpdatedAt         types.String   `tfsdk:"updated_at"`
	Extras            types.Map      `tfsdk:"extras"`
}

func (r *videoRenderResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_video_render"
}

const videoRenderDescription = "Renders an Argil video and waits until it is `DONE`, then exposes its URLs " +
	"(`video_url`, `preview_url`, ...) to the rest of your configuration.\n\n" +
	"**Create** reads the video first. An `IDLE` or `FAILED` video is rendered (`POST /videos/{id}/render`, which costs " +
	"credits). A video that is already generating is not rendered again: the resource waits on the render in flight. " +
	"A video that is already `DONE` is adopted as it is, at no cost. The resource then polls the video until it is " +
	"`DONE`, within `timeouts.create` (30 minutes by default). Progress is logged at INFO level: run with " +
	"`TF_LOG=INFO` to see each status change with the elapsed time.\n\n" +
	"~> **Money safety.** A render is never triggered twice for one intent. If the wait times out or is interrupted " +
	"(Ctrl-C), the render goes on at Argil, the resource stays in state (marked tainted), and the next " +
	"`terraform apply` finds the render in flight and resumes waiting on it without a new render. The render request " +
	"itself is never retried after an ambiguous failure (a timeout or a dropped connection): the provider reads the " +
	"video to learn whether the render started.\n\n" +
	"**Statuses.** `GENERATING_AUDIO` and `GENERATING_VIDEO` are waited on; `DONE` ends the wait. `FAILED` and " +
	"`CONTENT_MODERATED` (a status Argil uses that its docs do not list) end it with an error, as does any other " +
	"undocumented status whose name says it failed (`..._FAILED`, `..._ERROR`, `REJECTED`, `CANCELLED`, ...). A failed " +
	"render leaves the resource tainted: the next apply renders the video once more. Other undocumented statuses are " +
	"waited on, with a warning in the logs. An `IDLE` video that stays `IDLE` for 60 seconds after its render was " +
	"started is an error.\n\n" +
	"**No update, no re-render.** A video cannot change after it is created (the Argil API has no update), so rendering " +
	"the same video again would pay for the same output. Every argument forces a new resource; to render new content, " +
	"create a new video (a new `video_id`).\n\n" +
	"**Destroy** only removes the resource from the Terraform state: the video and its files stay in your Argil " +
	"workspace (delete the video itself with `argil_video` or in the Argil app).\n\n" +
	"**Import** adopts a video already rendered, by its id, at no cost: `terraform import`, an `import` block with `id`, " +
	"or with Terraform or OpenTofu 1.12 and later `identity = { id = \"<video id>\" }` (the video's id is the whole " +
	"identity). `terraform query` (Terraform 1.14) finds the `DONE` videos with the `argil_video_render` list resource."

func (r *videoRenderResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: videoRenderDescription,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The id of the rendered video (the same as `video_id`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"video_id": schema.StringAttribute{
				MarkdownDescription: "The id of the Argil video to render, for example `argil_video.intro.id`. Changing it renders the new video.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{notBlankValidator{}, idValidator{}},
			},
			"callback_url": schema.StringAttribute{
				MarkdownDescription: "An absolute `https://` URL that Argil notifies once when this render ends, with a " +
					"`VIDEO_GENERATION_SUCCESS` or `VIDEO_GENERATION_FAILED` event. Only sent when the render is started by this " +
					"resource (not when it adopts a render already in flight or done). Changing it forces a new resource. " +
					"Argil does not sign callbacks, so the usual protection is a secret token in the URL: the value is " +
					"sensitive, and error messages never quote more than its scheme and host.",
				Optional:      true,
				Sensitive:     true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{httpsOnlyValidator{why: "Argil only delivers render callbacks over HTTPS"}},
			},
			"timeouts":            timeouts.Attributes(ctx, timeouts.Opts{Create: true, CreateDescription: "How long to wait for the render to be `DONE`, as a duration such as `\"45m\"` or `\"1h\"`. Defaults to `\"30m\"`. When it runs out, the render goes on at Argil and the next apply resumes waiting on it."}),
			"status":              computedString("The video's status: `DONE` after a successful apply. Refreshed on every plan."),
			"video_url":           computedString("URL of the final video (all moments merged). Set once the video is `DONE`."),
			"video_url_subtitled": computedString("URL of the final video with subtitles burnt in. Set once the video is `DONE`, and only when the video has subtitles enabled."),
			"duration": schema.Float64Attribute{
				MarkdownDescription: "Length of the video in seconds.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Float64{float64planmodifier.UseStateForUnknown()},
			},
			"preview_url":  computedString("URL of the embeddable preview of the video. Add `?embed=true` for embed mode."),
			"name":         computedString("The video's name."),
			"aspect_ratio": computedString("The video's aspect ratio: `16:9` or `9:16`."),
			"created_at":   computedString("When the video was created (RFC 3339)."),
			"updated_at":   computedString("When the video last changed (RFC 3339)."),
			"extras": schema.MapAttribute{
				MarkdownDescription: "The video's custom key-value metadata (`extras`), without the `tf_request_id` marker that `argil_video` adds.",
				Computed:            true,
				ElementType:         types.StringType,
				PlanModifiers:       []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

// computedString is a read-only attribute that keeps its value across plans that do not
// replace the resource (only a change of timeouts does that).
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

func (r *videoRenderResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, problem := providerDataFrom(req.ProviderData)
	if problem != "" {
		resp.Diagnostics.AddError("Unexpected Resource Configure Type", problem)
		return
	}
	r.data = data
}

// setVideo copies what the API says of the video into the model.
func (m *videoRenderModel) setVideo(ctx context.Context, v *argil.Video) diag.Diagnostics {
	m.ID = types.StringValue(v.ID)
	if m.ID.ValueString() == "" {
		m.ID = m.VideoID
	}
	m.Status = types.StringValue(v.Status)
	m.VideoURL = optionalString(v.VideoURL)
	m.VideoURLSubtitled = optionalString(v.VideoURLSubtitled)
	m.PreviewURL = optionalString(v.PreviewURL)
	m.Name = optionalString(v.Name)
	m.AspectRatio = optionalString(v.AspectRatio)
	m.CreatedAt = optionalString(v.CreatedAt)
	m.UpdatedAt = optionalString(v.UpdatedAt)
	if v.Duration != nil {
		m.Duration = types.Float64Value(*v.Duration)
	} else {
		m.Duration = types.Float64Null()
	}
	extras, diags := types.MapValueFrom(ctx, types.StringType, nonNilMap(argil.UserExtras(v.Extras)))
	m.Extras = extras
	return diags
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func (r *videoRenderResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, ok := r.data.ready(ctx, &resp.Diagnostics, "creating argil_video_render")
	if !ok {
		return
	}
	var plan videoRenderModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.protect(ctx, plan.CallbackURL.ValueString())
	timeout, diags := plan.Timeouts.Create(ctx, defaultRenderTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := r.data.client
	id := plan.VideoID.ValueString()
	ctx = tflog.SetField(ctx, "video_id", id)
	started := r.data.clock.Now()

	video, err := client.GetVideo(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the video to render", videoErrorDetail(id, "reading the video before its render", err))
		return
	}
	first, diags := r.startOrAdopt(ctx, plan, video)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	// Save the resource before waiting: a timeout, an interrupt or a failure from here on leaves
	// it in state (tainted), so the next apply finds the render instead of paying for another.
	resp.Diagnostics.Append(plan.setVideo(ctx, first)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
	if resp.Diagnostics.HasError() {
		return
	}

	done, err := client.WaitForRender(ctx, id, first, argil.WaitOptions{
		Schedule: poll.NewSchedule(r.data.poll, nil),
		Clock:    r.data.clock,
		Started:  started,
		OnChange: logStatusChange,
		OnPoll:   logPoll,
	})
	if done == nil {
		done = first
	}
	resp.Diagnostics.Append(plan.setVideo(ctx, done)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
	if err != nil {
		summary, detail := waitErrorDiagnostic(id, done, timeout, r.data.clock.Now().Sub(started), err)
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	tflog.Info(ctx, "Argil video render is DONE", map[string]any{"elapsed": r.data.clock.Now().Sub(started).Round(time.Millisecond).String(), "video_url": done.VideoURL})
}

// startOrAdopt starts the render when the video needs one, or adopts the render in flight or
// done. It returns the video as seen after that decision.
func (r *videoRenderResource) startOrAdopt(ctx context.Context, plan videoRenderModel, video *argil.Video) (*argil.Video, diag.Diagnostics) {
	var diags diag.Diagnostics
	id := video.ID
	if id == "" {
		id = plan.VideoID.ValueString()
	}
	switch outcome := argil.Classify(video.Status); outcome {
	case argil.Pending, argil.Unknown:
		tflog.Info(ctx, "Argil video is already rendering: waiting on the render in flight, no new render", map[string]any{"status": video.Status})
		return video, nil
	case argil.Succeeded:
		tflog.Info(ctx, "Argil video is already DONE: adopting it, no new render", map[string]any{"status": video.Status})
		return video, nil
	}
	// IDLE, or a render that ended without a video: start one.
	tflog.Info(ctx, "Starting the render of the Argil video", map[string]any{"status_before": video.Status})
	rendered, err := r.data.client.RenderVideo(ctx, id, argil.RenderArgs{CallbackURL: plan.CallbackURL.ValueString()})
	if err == nil {
		return rendered, nil
	}
	if !argil.IsAmbiguous(err) && argil.StatusCode(err) != 400 {
		diags.AddError("Cannot start the render", videoErrorDetail(id, "starting its render", err))
		return nil, diags
	}
	// The render may have started (lost answer), or the video may be rendering already (a 400
	// "already being generated"): look at the video before anything else. Never post again here.
	tflog.Warn(ctx, "The render request failed in a way that does not say whether the render started; reading the video", map[string]any{"error": err.Error()})
	// Argil may show the new status a moment after it accepted the render: read a few times
	// before concluding that the render did not start.
	var after *argil.Video
	for read := 1; ; read++ {
		v, getErr := r.data.client.GetVideo(ctx, id)
		if getErr != nil {
			diags.AddError("Render outcome unknown", fmt.Sprintf("The render request for video %s failed and the video could not be read afterwards, so whether the render started is unknown.\n\n"+
				"Run terraform apply again: the provider will read the video first and resume waiting if the render is running, without paying twice.\n\nRender error: %v\nRead error: %v", id, err, getErr))
			return nil, diags
		}
		switch argil.Classify(v.Status) {
		case argil.Pending, argil.Succeeded, argil.Unknown:
			tflog.Info(ctx, "The render is running despite the failed request: waiting on it", map[string]any{"status": v.Status, "reads": read})
			return v, nil
		}
		after = v
		if read == renderSettleReads || v.UpdatedAt != video.UpdatedAt {
			break
		}
		if poll.Sleep(ctx, r.data.clock, renderSettleDelay) != nil {
			break
		}
	}
	diags.AddError("Cannot start the render", videoErrorDetail(id, fmt.Sprintf("starting its render (the video is still %s after %d reads over %s, so the render did not start)", after.Status, renderSettleReads, (renderSettleReads-1)*renderSettleDelay), err)+
		"\n\nNo render is running and none was paid for. Run terraform apply again to retry.")
	return nil, diags
}

func logStatusChange(ctx context.Context, v *argil.Video, elapsed time.Duration) {
	fields := map[string]any{"status": v.Status, "elapsed": elapsed.Round(time.Millisecond).String()}
	if v.Duration != nil {
		fields["duration_seconds"] = *v.Duration
	}
	if argil.Classify(v.Status) == argil.Unknown {
		tflog.Warn(ctx, "Argil video has a status the API documentation does not list; still waiting", fields)
		return
	}
	tflog.Info(ctx, fmt.Sprintf("Argil video render status: %s after %s", v.Status, elapsed.Round(time.Second)), fields)
}

func logPoll(ctx context.Context, v *argil.Video, elapsed time.Duration, err error) {
	fields := map[string]any{"elapsed": elapsed.Round(time.Millisecond).String()}
	if err != nil {
		fields["error"] = err.Error()
		tflog.Warn(ctx, "Polling the Argil video failed; will try again", fields)
		return
	}
	fields["status"] = v.Status
	tflog.Debug(ctx, "Polled the Argil video", fields)
}

// videoErrorDetail explains an API error about a video, with what to do next.
func videoErrorDetail(id, doing string, err error) string {
	var next string
	switch {
	case argil.IsNotFound(err):
		next = "No video with this id exists for this API key. Check video_id, and that the API key belongs to the workspace that owns the video."
	case argil.IsAuth(err):
		next = "Check the API key (the api_key argument or ARGIL_API_KEY)."
	case argil.IsAmbiguous(err):
		next = "Run terraform apply again: the provider reads the video first and never starts a second render while one is running."
	default:
		next = "Run terraform apply again; if the error persists, check the Argil status page or contact Argil support with the video id."
	}
	return fmt.Sprintf("Video %s: error while %s.\n\n%s\n\nOriginal error: %v", id, doing, next, err)
}

// waitErrorDiagnostic explains why a wait ended without a DONE video.
func waitErrorDiagnostic(id string, v *argil.Video, timeout, elapsed time.Duration, err error) (string, string) {
	name, status := "", "unknown"
	if v != nil {
		name, status = v.Name, v.Status
	}
	subject := fmt.Sprintf("Video %s (%q), status %s, after %s", id, name, status, elapsed.Round(time.Second))
	var failed *argil.RenderFailedError
	var idle *argil.RenderNotStartedError
	var timedOut *argil.WaitTimeoutError
	switch {
	case errors.As(err, &failed):
		what := "The render failed at Argil. Argil refunds failed generations."
		if status == argil.StatusContentModerated {
			what = "Argil's content moderation refused the video. Review the transcript and avatar against Argil's content policy."
		} else if status != argil.StatusFailed {
			what = "The render ended with a status that the Argil API documentation does not list; it is treated as a failure."
		}
		return "Argil video render failed", fmt.Sprintf("%s: %s\n\nThe resource is kept in state as tainted. The next terraform apply renders the video once more (one new render, which costs credits). "+
			"To give up instead, remove the resource from your configuration.", subject, what)
	case errors.As(err, &idle):
		return "Argil video render did not start", fmt.Sprintf("%s: the video is still IDLE although its render was requested.\n\nThe resource is kept in state as tainted; the next terraform apply requests the render again.", subject)
	case errors.As(err, &timedOut):
		if errors.Is(err, context.Canceled) {
			return "Waiting for the Argil video render was interrupted", fmt.Sprintf("%s: %v\n\nThe render goes on at Argil. The next terraform apply resumes waiting on it, without starting (or paying for) a new render.", subject, err)
		}
		unknown := ""
		if v != nil && argil.Classify(v.Status) == argil.Unknown {
			unknown = fmt.Sprintf(" The last status seen, %s, is not one the Argil API documents: the provider kept waiting on it in case it is a step before DONE. "+
				"If it never changes, check the video in the Argil app or ask Argil support what it means.", v.Status)
		}
		return "Timed out waiting for the Argil video render", fmt.Sprintf("%s: the video was not DONE within the create timeout of %s (%v).%s\n\n"+
			"The render goes on at Argil. The next terraform apply resumes waiting on the render in flight, without starting (or paying for) a new render. "+
			"To wait longer in one apply, raise timeouts = { create = \"...\" }.", subject, timeout, err, unknown)
	}
	return "Error waiting for the Argil video render", fmt.Sprintf("%s.\n\n%s", subject, videoErrorDetail(id, "waiting for its render", err))
}

func (r *videoRenderResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, ok := r.data.ready(ctx, &resp.Diagnostics, "refreshing argil_video_render")
	if !ok {
		return
	}
	var state videoRenderModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.protect(ctx, state.CallbackURL.ValueString())
	id := state.ID.ValueString()
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, id)...)
	v, err := r.data.client.GetVideo(ctx, id)
	if argil.IsNotFound(err) {
		tflog.Warn(ctx, "Argil video no longer exists; removing the render from state", map[string]any{"video_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the rendered video", videoErrorDetail(id, "refreshing it", err))
		return
	}
	if state.VideoID.IsNull() || state.VideoID.ValueString() == "" {
		state.VideoID = types.StringValue(id) // after import
	}
	resp.Diagnostics.Append(state.setVideo(ctx, v)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only ever sees a change of timeouts (every argument forces replacement): it keeps
// what is known of the video and stores the new timeouts. No API call.
func (r *videoRenderResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state videoRenderModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.Timeouts = plan.Timeouts
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.ID.ValueString())...)
}

func (r *videoRenderResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var state videoRenderModel
	_ = req.State.Get(ctx, &state)
	tflog.Info(ctx, "Removing the render from state; the Argil video itself is kept", map[string]any{"video_id": state.ID.ValueString()})
}

func (r *videoRenderResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !importID(ctx, req, resp) {
		return
	}
	id, diags := importedID(ctx, req)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("video_id"), id)...)
}
