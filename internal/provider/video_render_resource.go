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
)

// defaultRenderTimeout bounds a create when timeouts.create is not set.
const defaultRenderTimeout = 30 * time.Minute

var (
	_ idResource = (*videoRenderResource)(nil)
)

// NewVideoRenderResource is the constructor of argil_video_render.
func NewVideoRenderResource() resource.Resource {
	return &videoRenderResource{newResourceBase("video_render", "rendered video")}
}

type videoRenderResource struct{ resourceBase }

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
	RenderAcceptedAt  types.String   `tfsdk:"render_accepted_at"`
	FinishedAt        types.String   `tfsdk:"finished_at"`
}

var videoRenderDescription = "Renders an Argil video and waits until the render is finished, then exposes its URLs " +
	"(`video_url`, `preview_url`, ...) and `duration` to the rest of your configuration.\n\n" +
	"**Create** reads the video first. A video never rendered (`IDLE` without a `videoUrl`), or whose last render " +
	"failed, is rendered once (`POST /videos/{id}/render`, which costs credits). A video already rendering is waited " +
	"on, and a finished one (`DONE`, or a `videoUrl` with a status that is neither a failure nor a render in progress) " +
	"is adopted at no cost. The wait lasts at most `timeouts.create`; `TF_LOG=INFO` logs each status change.\n\n" +
	"~> **Money safety.** Once Argil accepted a render, the provider never requests another render of that video on " +
	"its own unless Argil reports that render failed. After a timeout, Ctrl-C, a crash or a lost answer, the next " +
	"apply waits on the render in flight or adopts its result: see [Timeouts, interrupts and resuming]" +
	"(../guides/timeouts-and-resuming.md), and [the money rule's limits](../guides/reliability.md#the-money-rule-and-its-limits).\n\n" +
	"**Statuses** are compared case-insensitively. `FAILED`, `CONTENT_MODERATED` and undocumented statuses whose name " +
	"says they failed end the wait with an error and leave the resource tainted: the next apply renders the video once " +
	"more. Other undocumented statuses are waited on, with a warning in the logs.\n\n" +
	"**Changes.** `callback_url` and `timeouts` change in place, without a render; a new `video_id` renders that " +
	"video. `terraform apply -replace` on a finished render is the way to pay for a new render of the same video. " +
	"Rename a render with a `moved` block.\n\n" +
	"**Destroy** only removes the resource from the state: the video stays in your workspace (`argil_video` deletes it).\n\n" +
	importNote("argil_video_render", "An import adopts a rendered video at no cost.")

func (r *videoRenderResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: videoRenderDescription,
		Attributes: map[string]schema.Attribute{
			"id": computedString("The id of the rendered video (the same as `video_id`)."),
			"video_id": schema.StringAttribute{
				MarkdownDescription: "The id of the Argil video to render, for example `argil_video.intro.id`. Changing it renders the new video.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{notBlankValidator{}, idValidator{}},
			},
			"callback_url": schema.StringAttribute{
				MarkdownDescription: "An absolute `https://` URL that Argil notifies when the render this resource starts ends " +
					"(`VIDEO_GENERATION_SUCCESS` or `VIDEO_GENERATION_FAILED`); not sent for a render it adopts. Changing it only " +
					"records the new value, without a render. Argil does not sign callbacks, so protect the URL with a secret " +
					"token: the value is sensitive, and errors quote only its scheme and host.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{httpsOnlyValidator{why: "Argil only delivers render callbacks over HTTPS"}},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, CreateDescription: "How long to wait for the render " +
				"to finish, such as `\"45m\"` or `\"1h\"`. Defaults to `\"30m\"`. When it runs out, the render goes on at " +
				"Argil and the next apply resumes waiting on it."}),
			"status":              computedString("The video's status: `DONE` after a successful apply (or `IDLE` with `video_url` set, if Argil reports finished renders as `IDLE`). Refreshed on every plan."),
			"video_url":           computedString("URL of the final video (all moments merged). Set once the render is finished."),
			"video_url_subtitled": computedString("URL of the final video with subtitles burnt in. Set once the render is finished, and only when the video has subtitles enabled."),
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
			"render_accepted_at": computedString("When Argil accepted the render this resource requested (RFC 3339). Null when the " +
				"resource adopted a render that was in flight or finished, or was imported. While that render has not ended, the " +
				"provider never requests another render of the video on its own (the money rule: see the resource description)."),
			"finished_at": computedString("When this resource saw the render finished (RFC 3339): set by the apply that waited on " +
				"it to the end, or by the import of a finished video. Null while the resource is tainted (after a timeout, an " +
				"interrupt or a failure), even once a refresh sees the video finished: `terraform apply -replace` renders the " +
				"video again only when it is set."),
			"extras": schema.MapAttribute{
				MarkdownDescription: "The video's custom key-value metadata (`extras`), without the `tf_request_id` marker that `argil_video` adds.",
				Computed:            true,
				ElementType:         types.StringType,
				PlanModifiers:       []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

// setVideo copies what the API says of the video into the model.
func (m *videoRenderModel) setVideo(ctx context.Context, v *argil.Video) diag.Diagnostics {
	// The id is the configured video_id (the one every request names), never what an answer
	// says: an answer that names another video is refused before it gets here.
	m.ID = m.VideoID
	if m.ID.IsNull() || m.ID.IsUnknown() || m.ID.ValueString() == "" {
		m.ID = types.StringValue(v.ID)
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

// renderFields are the Video fields setVideo maps.
var renderFields = []string{"name", "createdAt", "updatedAt", "status", "duration", "videoUrl", "videoUrlSubtitled", "previewUrl", "aspectRatio", "extras"}

// known is what the state holds of the video, for argil.ReadOptions.Known.
func (m *videoRenderModel) known(ctx context.Context) *argil.Video {
	v := &argil.Video{
		ID:          m.ID.ValueString(),
		Status:      m.Status.ValueString(),
		Name:        m.Name.ValueString(),
		CreatedAt:   m.CreatedAt.ValueString(),
		PreviewURL:  m.PreviewURL.ValueString(),
		AspectRatio: m.AspectRatio.ValueString(),
	}
	if !m.Duration.IsNull() && !m.Duration.IsUnknown() {
		d := m.Duration.ValueFloat64()
		v.Duration = &d
	}
	if !m.Extras.IsNull() && !m.Extras.IsUnknown() {
		extras := map[string]string{}
		if !m.Extras.ElementsAs(ctx, &extras, false).HasError() {
			v.Extras = extras
		}
	}
	return v
}

func (r *videoRenderResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan videoRenderModel
	ctx, ok := r.begin(ctx, &resp.Diagnostics, "creating", req.Plan, &plan)
	if !ok {
		return
	}
	ctx = r.data.protect(ctx, plan.CallbackURL.ValueString())
	ctx, cancel, timeout, ok := withCreateTimeout(ctx, plan.Timeouts, defaultRenderTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	client := r.data.client
	mem := r.data.renders
	id := plan.VideoID.ValueString()
	ctx = tflog.SetField(ctx, "video_id", id)
	started := r.data.clock.Now()

	video, err := client.GetVideo(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the video to render", videoErrorDetail(id, "reading the video before its render", err))
		return
	}
	if otherVideo(id, video) {
		resp.Diagnostics.AddError("Argil answered with another video", fmt.Sprintf("Video %s: the API answered the read of this video with video %s. "+
			"No render was requested. Check base_url (a proxy or a server that is not Argil may be answering), then apply again.", id, quoteID(video.ID)))
		return
	}
	rec, replacedFinished := r.knownRender(ctx, id)
	d := decideRender(video, rec, replacedFinished)
	tflog.Info(ctx, "Argil video render: "+d.reason, map[string]any{"status": video.Status})

	first, before := video, d.before
	if d.action == actRender {
		var ok bool
		if first, rec, ok = r.startRender(ctx, plan, video, resp); !ok {
			return
		}
		before = video
	}
	plan.RenderAcceptedAt = types.StringNull()
	plan.FinishedAt = types.StringNull()
	if rec != nil {
		plan.RenderAcceptedAt = types.StringValue(rec.At.UTC().Format(time.RFC3339Nano))
	}

	// Saved before the wait with render_accepted_at set, the resource left tainted by a
	// timeout, an interrupt or a failure lets the next apply find the render instead of paying
	// for another.
	shown := first
	if shown == nil || otherVideo(id, shown) {
		shown = video
	}
	_, ok = saveThenWait(ctx, r.data, resp, shown, first, createWait[argil.Video]{
		id: id, started: started, before: before, wait: client.WaitForRender,
		save: func(v *argil.Video) diag.Diagnostics {
			ds := plan.setVideo(ctx, v)
			return append(ds, saveState(ctx, &resp.State, resp.Identity, &plan, plan.ID.ValueString())...)
		},
		checked: func() bool {
			if first == nil || !otherVideo(id, first) {
				return true
			}
			// The render request went to the configured id and Argil accepted it (2xx): keep
			// the resource (tainted, render_accepted_at set) so that no second render follows.
			resp.Diagnostics.AddError("Argil answered with another video", fmt.Sprintf("Video %s: Argil accepted the render request for this video "+
				"but its answer names video %s. The resource is kept in state as tainted, with the accepted render recorded: the next "+
				"terraform apply waits on the render of %s and does not request another one. Check base_url.", id, quoteID(first.ID), id))
			return false
		},
		ended: func(err error) {
			var failed *argil.WaitFailedError
			if err == nil || errors.As(err, &failed) {
				mem.forget(ctx, id) // the render ended: nothing in flight to remember
			}
		},
		explain: func(v *argil.Video, elapsed time.Duration, err error) (string, string) {
			return waitErrorDiagnostic(renderWaitTexts(id, v, rec), argil.KindVideo, id, v.Name, v.Status, timeout, elapsed, err)
		},
		readyMsg: "Argil video render is finished",
		readyFields: func(v *argil.Video) map[string]any {
			return map[string]any{"status": v.Status, "video_url": v.VideoURL}
		},
	})
	if !ok {
		return
	}
	plan.FinishedAt = types.StringValue(r.data.clock.Now().UTC().Format(time.RFC3339Nano))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// knownRender gathers what is known of a render of this video that this provider requested:
// the local journal's record (which keeps the video as it read just before the request), else
// the record the Delete of the previous object released in this apply. A journal record of a
// request whose outcome was never settled (the provider stopped while it was being sent) is
// settled here, by reading the video over what is left of the read-back window.
// replacedFinished tells that the previous object, destroyed in this apply, showed a finished
// render (terraform apply -replace).
func (r *videoRenderResource) knownRender(ctx context.Context, id string) (*renderRecord, bool) {
	mem := r.data.renders
	rel, hasRel := mem.take(id)
	replacedFinished := hasRel && rel.finished
	var rec *renderRecord
	if j := mem.read(ctx, id, r.data.clock.Now()); j != nil && !replacedFinished {
		rec = j
	} else if hasRel {
		rec = rel.record
	}
	if rec == nil || rec.State != recordPosting {
		return rec, replacedFinished
	}
	// A render request was being sent when the provider last stopped: did Argil accept it?
	window := max(0, rec.At.Add(r.data.client.ReadBackWindow()).Sub(r.data.clock.Now()))
	tflog.Warn(ctx, "A render request of this video was being sent when the provider last stopped; reading the video to learn whether Argil accepted it", map[string]any{"sent_at": rec.At.UTC().Format(time.RFC3339), "window": window.String()})
	if _, err := r.data.client.WatchForRender(ctx, id, rec.Before.video(id), errors.New("the provider stopped while the render request was in flight"), window); err == nil {
		rec.State = recordAccepted
		mem.write(ctx, rec)
		return rec, replacedFinished
	}
	mem.forget(ctx, id)
	return nil, replacedFinished
}

// startRender requests the render (the one call that costs credits) and returns the video as
// seen after it (nil when Argil accepted with an unreadable answer) and the record of the
// accepted render. On failure it adds the diagnostic and returns ok = false.
func (r *videoRenderResource) startRender(ctx context.Context, plan videoRenderModel, video *argil.Video, resp *resource.CreateResponse) (*argil.Video, *renderRecord, bool) {
	mem := r.data.renders
	id := plan.VideoID.ValueString()
	rec := &renderRecord{VideoID: id, State: recordPosting, At: r.data.clock.Now(), Before: snapOf(video)}
	mem.write(ctx, rec) // before the request leaves: a crash during it is not forgotten
	res, err := r.data.client.StartRender(ctx, id, argil.RenderArgs{CallbackURL: plan.CallbackURL.ValueString()}, video)
	if err != nil {
		var unknown *argil.RenderOutcomeUnknownError
		if errors.As(err, &unknown) {
			// The journal keeps the request as "posting": the next apply reads the video over
			// what is left of the window before it requests anything.
			resp.Diagnostics.AddError("Argil render outcome unknown", renderUnknownDetail(id, unknown))
			return nil, nil, false
		}
		mem.forget(ctx, id)
		resp.Diagnostics.AddError("Cannot start the render", videoErrorDetail(id, "starting its render", err)+
			"\n\nArgil refused the request, so it started no render and charged nothing for it.")
		return nil, nil, false
	}
	if res.Adopted {
		mem.forget(ctx, id)
		tflog.Info(ctx, "Argil refused the render request because the video is rendering already: waiting on that render, no new render", map[string]any{"status": res.Video.Status})
		return res.Video, nil, true
	}
	rec.State = recordAccepted
	mem.write(ctx, rec)
	tflog.Info(ctx, "Argil accepted the render", map[string]any{"evidence": res.Evidence})
	return res.Video, rec, true
}

// renderUnknownDetail explains a render request whose outcome stayed unknown, without claiming
// what the provider does not know.
func renderUnknownDetail(id string, e *argil.RenderOutcomeUnknownError) string {
	status := "unknown"
	if e.Last != nil {
		status = e.Last.Status
	}
	return fmt.Sprintf("Video %s: the render request failed without saying whether Argil accepted it, and %d read(s) of the video over %s "+
		"(create_request_timeout) showed no sign of a render (last status: %s). Argil may still have accepted it, and render it later: "+
		"a render waiting in Argil's queue can read IDLE like a video never rendered.\n\n"+
		"The resource was not saved. Before you apply again, look at the video in the Argil app (or with the argil_video data source): "+
		"if it is rendering or rendered, the next terraform apply finds that and waits on it or adopts it without a new render; "+
		"if it still reads IDLE, the next apply requests the render once more, which Argil charges again if it had accepted "+
		"this request after all. Raise create_request_timeout to give a slow Argil more time.\n\nRender error: %v",
		id, e.Reads, e.Window.Round(time.Second), status, e.Err) + readErrorSuffix(e.ReadErr)
}

// otherVideo tells whether an answer names a video other than the configured one (an answer
// without an id names none).
func otherVideo(id string, v *argil.Video) bool { return v != nil && v.ID != "" && v.ID != id }

// renderWaitTexts says what a failed wait on a render means. v is the last observation, rec
// the record of the render this resource requested (nil when it adopted one).
func renderWaitTexts(id string, v *argil.Video, rec *renderRecord) waitTexts {
	t := waitTexts{
		work: "video render", waited: "video render", notDone: "the render did not end",
		stopped: "The render goes on at Argil. The next terraform apply resumes waiting on it, without starting (or paying for) a new render.",
		failed: func(subject string, e *argil.WaitFailedError) (string, string) {
			what := "The render failed at Argil. Argil refunds failed generations."
			if argil.NormalizeStatus(e.Status) == argil.StatusContentModerated {
				what = "Argil's content moderation refused the video. Review the transcript and avatar against Argil's content policy."
			} else if argil.NormalizeStatus(e.Status) != argil.StatusFailed {
				what = "The render ended with a status that the Argil API documentation does not list; it is treated as a failure."
			}
			return "Argil video render failed", fmt.Sprintf("%s: %s\n\nThe resource is kept in state as tainted. The next terraform apply renders the video once more (one new render, which costs credits). "+
				"To give up instead, remove the resource from your configuration.", subject, what)
		},
		apiError: func(err error) string { return videoErrorDetail(id, "waiting for its render", err) },
	}
	if argil.Classify(v.Status) == argil.NotStarted && !argil.Finished(v) && rec != nil {
		t.notes = fmt.Sprintf(" Argil accepted the render at %s and the video still reads IDLE, as a render waiting in Argil's queue does.", rec.At.UTC().Format(time.RFC3339))
		t.lost = " If Argil never starts it (the video stays IDLE in the Argil app for hours), ask Argil support; the provider will not pay for " +
			"another render on its own while it knows of this one (see the money rule in the guide \"Reliability\")."
	}
	if argil.Classify(v.Status) == argil.Unknown {
		t.timeoutNotes = fmt.Sprintf(" The last status seen, %s, is not one the Argil API documents: the provider kept waiting on it in case it is a step before the end. "+
			"If it never changes, check the video in the Argil app or ask Argil support what it means.", v.Status)
	}
	return t
}

func (r *videoRenderResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state videoRenderModel
	ctx, id, ok := r.beginRead(ctx, req, resp, &state)
	if !ok {
		return
	}
	ctx = r.data.protect(ctx, state.CallbackURL.ValueString())
	v, err := r.data.client.ReadVideo(ctx, id, argil.ReadOptions{Uses: renderFields, Known: state.known(ctx)})
	if r.readFailed(ctx, resp, id, err, "Cannot read the rendered video", func(err error) string { return videoErrorDetail(id, "refreshing it", err) }) {
		return
	}
	if state.VideoID.IsNull() || state.VideoID.ValueString() == "" {
		state.VideoID = types.StringValue(id) // after import
		if argil.Finished(v) {
			state.FinishedAt = types.StringValue(r.data.clock.Now().UTC().Format(time.RFC3339Nano))
		}
	}
	resp.Diagnostics.Append(state.setVideo(ctx, v)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update sees a change of timeouts or callback_url (video_id forces a new resource): it keeps
// what is known of the video and records the new values. No API call: a callback_url only
// matters for a render this resource starts, and a render is never requested again for it.
func (r *videoRenderResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state videoRenderModel
	if !readUpdate(ctx, req, &resp.Diagnostics, &plan, &state) {
		return
	}
	state.Timeouts = plan.Timeouts
	state.CallbackURL = plan.CallbackURL
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &state, state.ID.ValueString())...)
}

// Delete only forgets the render. It hands what the object's state knew to a Create of the same
// video in this provider instance (the next step of a replacement in the default order): a
// render it requested that had not ended, and whether it completed (finished_at: a finished
// render replaced on purpose, not a tainted object).
func (r *videoRenderResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var state videoRenderModel
	_ = req.State.Get(ctx, &state)
	id := state.VideoID.ValueString()
	if id == "" {
		id = state.ID.ValueString()
	}
	var acceptedAt time.Time
	if t, err := time.Parse(time.RFC3339Nano, state.RenderAcceptedAt.ValueString()); err == nil {
		acceptedAt = t
	}
	completed := !state.FinishedAt.IsNull() && state.FinishedAt.ValueString() != ""
	rel := releasedFrom(id, acceptedAt, completed, videoSnap{Status: state.Status.ValueString(), UpdatedAt: state.UpdatedAt.ValueString(), VideoURL: state.VideoURL.ValueString()})
	if r.data != nil && id != "" {
		r.data.renders.release(id, rel)
	}
	tflog.Info(ctx, "Removing the render from state; the Argil video itself is kept", map[string]any{"video_id": id, "render_finished": rel.finished, "render_in_flight": rel.record != nil})
}

func (r *videoRenderResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !importID(ctx, req, resp) {
		return
	}
	id, diags := importedID(ctx, req)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("video_id"), id)...)
}
