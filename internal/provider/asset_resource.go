package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// defaultAssetTimeout bounds the wait for READY when timeouts.create is not set.
const defaultAssetTimeout = 10 * time.Minute

// assetURLPolicy is why argil_asset refuses non-HTTPS URLs (the API's own rule is unknown).
const assetURLPolicy = "this provider only uploads assets from HTTPS URLs, so that the file Argil downloads cannot be altered in transit"

var (
	_ idResource                      = (*assetResource)(nil)
	_ resource.ResourceWithModifyPlan = (*assetResource)(nil)
)

// NewAssetResource is the constructor of argil_asset.
func NewAssetResource() resource.Resource {
	return &assetResource{newResourceBase("asset", "asset")}
}

type assetResource struct{ resourceBase }

type assetModel struct {
	ID           types.String   `tfsdk:"id"`
	Name         types.String   `tfsdk:"name"`
	Type         types.String   `tfsdk:"type"`
	URL          types.String   `tfsdk:"url"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
	Status       types.String   `tfsdk:"status"`
	FileURL      types.String   `tfsdk:"file_url"`
	ThumbnailURL types.String   `tfsdk:"thumbnail_url"`
	CreatedAt    types.String   `tfsdk:"created_at"`
}

var assetDescription = "Uploads an image or a video to your Argil asset library, for use as B-roll in videos (in " +
	"the Argil API, a moment's `broll` of type `UPLOAD` with the asset's id). Uploading costs no credits.\n\n" +
	"**Create** sends the file's URL to Argil (`POST /assets`), which downloads and processes it, then waits until the " +
	"asset is `READY` within `timeouts.create`. The asset is saved in the state before the wait: if processing fails " +
	"(`FAILED`) or the wait times out, it stays tainted, and the next apply deletes it and uploads the file again.\n\n" +
	"**Audio cannot be uploaded**: the Argil API accepts `IMAGE` and `VIDEO` only. `AUDIO` assets are Argil's " +
	"background-music library: find them with the `argil_assets` data source (`types = [\"AUDIO\"]`).\n\n" +
	"**No update.** The API cannot change an asset: every argument forces a new asset.\n\n" +
	"**Destroy** deletes the asset. Argil soft-deletes it: it leaves the API and your library, but videos that use it " +
	"keep rendering.\n\n" +
	importNote("argil_asset", "The API does not return an asset's source URL: an imported asset may leave `url` out, "+
		"and the first apply that sets it only records it, without a new asset.")

func (r *assetResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: assetDescription,
		Attributes: map[string]schema.Attribute{
			"id": computedString("The asset's id: the `assetId` of a moment's `UPLOAD` B-roll."),
			"name": schema.StringAttribute{
				MarkdownDescription: "Display name of the asset in your Argil library, 1 to 256 characters. Changing it uploads a new asset.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, 256)},
			},
			"type": schema.StringAttribute{
				MarkdownDescription: "`IMAGE` or `VIDEO`. Audio upload is not supported by the Argil API. Changing it uploads a new asset.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.OneOf(argil.AssetTypeImage, argil.AssetTypeVideo)},
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "Publicly accessible `https://` URL of the image or video file, which Argil downloads once. " +
					"Argil's documentation does not say whether it requires HTTPS; **this provider does**, at plan time, so " +
					"that the file cannot be altered in transit. Needed to upload an asset; Argil does not return it, so an " +
					"imported asset may leave it out (setting it afterwards only records it). Changing it uploads a new asset; " +
					"removing it does not.",
				Optional:      true,
				PlanModifiers: []planmodifier.String{replaceSourceIfChanged{}},
				Validators:    []validator.String{httpsOnlyValidator{why: assetURLPolicy}},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create: true,
				CreateDescription: "How long to wait for the asset to be `READY`, as a duration such as `\"5m\"` or `\"30m\"`. " +
					"Defaults to `\"10m\"`. When it runs out, the asset is kept in state as tainted and the next apply uploads it again.",
			}),
			"status":        computedString("The asset's processing status: `READY` after a successful apply (`PROCESSING` while Argil downloads and processes the file; `FAILED` when that failed). Refreshed on every plan."),
			"file_url":      computedString("URL of the processed file, served by Argil."),
			"thumbnail_url": computedString("URL of a thumbnail image of the asset."),
			"created_at":    computedString("When the asset was created (RFC 3339)."),
		},
	}
}

// ModifyPlan refuses at plan time a new asset without url: a create, or a replacement (a new
// name or type) of an asset imported without it, which would delete the asset and then fail.
func (r *assetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	refuseNewWithoutSource(ctx, req, resp, "asset", "url", func(plan, state *assetModel) bool {
		return !plan.Name.Equal(state.Name) || !plan.Type.Equal(state.Type)
	})
}

// setAsset copies what the API says of the asset into the model. name and type keep the
// configured values when the API leaves them out.
func (m *assetModel) setAsset(a *argil.Asset) {
	if a.ID != "" {
		m.ID = types.StringValue(a.ID)
	}
	if a.Name != "" || m.Name.IsNull() || m.Name.IsUnknown() {
		m.Name = optionalString(a.Name)
	}
	if a.Type != "" || m.Type.IsNull() || m.Type.IsUnknown() {
		m.Type = optionalString(a.Type)
	}
	m.Status = optionalString(a.Status)
	m.FileURL = optionalString(a.FileURL)
	m.ThumbnailURL = optionalString(a.ThumbnailURL)
	m.CreatedAt = optionalString(a.CreatedAt)
}

func (r *assetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan assetModel
	ctx, ok := r.begin(ctx, &resp.Diagnostics, "creating", req.Plan, &plan)
	if !ok {
		return
	}
	ctx, cancel, timeout, ok := withCreateTimeout(ctx, plan.Timeouts, defaultAssetTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	client := r.data.client
	started := r.data.clock.Now()
	name, typ := plan.Name.ValueString(), plan.Type.ValueString()

	created, err := client.CreateAsset(ctx, argil.AssetCreateArgs{Name: name, Type: typ, URL: plan.URL.ValueString()})
	if argil.IsAmbiguous(err) {
		lost := lostCreate{kind: argil.KindAsset, subject: fmt.Sprintf("asset %q (%s)", name, typ), match: "of that name and type",
			look: "in your Argil library (or with the argil_assets data source, status = \"PROCESSING\" or \"READY\")"}
		if created = adoptLost(ctx, &resp.Diagnostics, lost, err, client.AssetLookup(name, typ, started).Find, func(a *argil.Asset) string { return a.ID }); created == nil {
			return
		}
	} else if err != nil {
		resp.Diagnostics.AddError("Cannot upload the Argil asset", assetCreateErrorDetail(name, typ, err))
		return
	}
	if created.ID == "" {
		resp.Diagnostics.AddError("Cannot upload the Argil asset", fmt.Sprintf("Asset %q: Argil accepted the upload but its answer has no asset id, so Terraform cannot track the asset. "+
			"Look for it in your Argil library and import it with terraform import argil_asset.<name> <id>.", name))
		return
	}
	id := created.ID
	ctx = tflog.SetField(ctx, "asset_id", id)
	tflog.Info(ctx, "Uploaded the Argil asset; waiting until it is READY", map[string]any{"status": created.Status, "timeout": timeout.String()})

	saveThenWait(ctx, r.data, resp, created, created, createWait[argil.Asset]{
		id: id, started: started, wait: client.WaitForAsset,
		save: func(a *argil.Asset) diag.Diagnostics {
			plan.setAsset(a)
			return saveState(ctx, &resp.State, resp.Identity, &plan, plan.ID.ValueString())
		},
		explain: func(a *argil.Asset, elapsed time.Duration, err error) (string, string) {
			return waitErrorDiagnostic(assetWaitTexts(id, typ), argil.KindAsset, id, plan.Name.ValueString(), plan.Status.ValueString(), timeout, elapsed, err)
		},
		readyMsg: "Argil asset is READY",
	})
}

// assetWaitTexts says what a failed wait on an asset's processing means.
func assetWaitTexts(id, typ string) waitTexts {
	return waitTexts{
		work: "asset", waited: "asset", notDone: "the asset was not READY",
		stopped: "The asset is kept in state as tainted: the next terraform apply deletes it and uploads the file again.",
		failed: func(subject string, e *argil.WaitFailedError) (string, string) {
			what := "Argil could not process the file: processing failed, upload a new asset."
			if e.Status != argil.AssetStatusFailed {
				what = "The asset ended with a status that the Argil API documentation does not list; it is treated as a failure."
			}
			return "Argil asset processing failed", fmt.Sprintf("%s: %s\n\nCheck that url serves a valid %s file that Argil can download. "+
				"The resource is kept in state as tainted: the next terraform apply deletes this asset and uploads the file again.", subject, what, strings.ToLower(typ))
		},
		apiError: func(err error) string { return assetErrorDetail(id, "waiting until it is READY", err) },
	}
}

func (r *assetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state assetModel
	ctx, id, ok := r.beginRead(ctx, req, resp, &state)
	if !ok {
		return
	}
	a, err := r.data.client.GetAsset(ctx, id)
	if r.readFailed(ctx, resp, id, err, "Cannot read the Argil asset", func(err error) string { return assetErrorDetail(id, "refreshing it", err) }) {
		return
	}
	if argil.ClassifyAsset(a.Status) == argil.Failed {
		tflog.Warn(ctx, "Argil asset processing failed: it cannot be used in videos; taint or replace it to upload the file again", map[string]any{"asset_id": id, "status": a.Status})
	}
	state.setAsset(a)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update sees a change of timeouts, or the url recorded after an import (every other change
// replaces the asset). It stores the plan without an API call.
func (r *assetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state assetModel
	if !readUpdate(ctx, req, &resp.Diagnostics, &plan, &state) {
		return
	}
	state.Timeouts = plan.Timeouts
	state.URL = plan.URL
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &state, state.ID.ValueString())...)
}

func (r *assetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.deleteObject(ctx, req, resp, (*argil.Client).DeleteAsset, assetErrorDetail, "Deleted the Argil asset (soft delete: videos that use it keep rendering)")
}

func (r *assetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID(ctx, req, resp)
}
