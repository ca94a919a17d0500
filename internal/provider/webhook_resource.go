package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// webhookURLPolicy is why argil_webhook refuses non-HTTPS callback URLs: Argil's docs require
// HTTPS only for the render callbackUrl, not for /webhooks.
const webhookURLPolicy = "this provider only registers HTTPS webhook endpoints, because v1 webhook events are not signed and carry video URLs and your extras"

var (
	_ idResource = (*webhookResource)(nil)
)

// NewWebhookResource is the constructor of argil_webhook.
func NewWebhookResource() resource.Resource {
	return &webhookResource{newResourceBase("webhook", "webhook")}
}

type webhookResource struct{ resourceBase }

type webhookModel struct {
	ID              types.String `tfsdk:"id"`
	CallbackURL     types.String `tfsdk:"callback_url"`
	Events          types.Set    `tfsdk:"events"`
	CreatedAt       types.String `tfsdk:"created_at"`
	UpdatedAt       types.String `tfsdk:"updated_at"`
	LastTriggeredAt types.String `tfsdk:"last_triggered_at"`
}

var webhookDescription = "Registers an Argil webhook: Argil sends a `POST` with a JSON payload to `callback_url` whenever " +
	"one of the subscribed `events` happens in your account (a video render succeeded or failed, an avatar finished " +
	"training or failed), such as `{\"event\": \"VIDEO_GENERATION_SUCCESS\", \"data\": {\"videoId\": \"...\", ...}}`.\n\n" +
	"~> **v1 webhooks are not signed**: Argil sends no secret and no signature header, so the usual way to authenticate " +
	"deliveries is an unguessable token in the URL (`https://hooks.example.com/argil?token=...`). `callback_url` is " +
	"therefore sensitive: plans do not show it (the state stores it, like every attribute).\n\n" +
	"**Update** changes `callback_url` and `events` in place (`PUT /webhooks/{id}`).\n\n" +
	"**Refresh.** The API cannot read one webhook: the provider lists the account's webhooks and looks for the id. A " +
	"webhook deleted outside Terraform is removed from the state and created again by the next apply.\n\n" +
	importNote("argil_webhook", "The configuration `terraform query` generates leaves the sensitive `callback_url` out, "+
		"to be filled in.")

func (r *webhookResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	eventList := "`" + strings.Join(argil.WebhookEvents, "`, `") + "`"
	resp.Schema = schema.Schema{
		MarkdownDescription: webhookDescription,
		Attributes: map[string]schema.Attribute{
			"id": computedString("The webhook's id."),
			"callback_url": schema.StringAttribute{
				MarkdownDescription: "The absolute `https://` URL that receives the events. Argil's documentation requires HTTPS " +
					"only for per-render callbacks; **this provider also requires it for webhooks**, at plan time, because v1 " +
					"events are not signed and carry your video URLs and extras. Sensitive, since it often holds a token. " +
					"Changing it updates the webhook in place.",
				Required:   true,
				Sensitive:  true,
				Validators: []validator.String{httpsOnlyValidator{why: webhookURLPolicy}},
			},
			"events": schema.SetAttribute{
				MarkdownDescription: "The events to receive, at least one of " + eventList + ". Changing them updates the webhook in place.",
				Required:            true,
				ElementType:         types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(argil.WebhookEvents...)),
				},
			},
			"created_at": computedString("When the webhook was created (RFC 3339)."),
			"updated_at": schema.StringAttribute{
				MarkdownDescription: "When the webhook was last changed (RFC 3339).",
				Computed:            true,
			},
			"last_triggered_at": schema.StringAttribute{
				MarkdownDescription: "When Argil last sent an event to the webhook (RFC 3339); null until the first event.",
				Computed:            true,
			},
		},
	}
}

// events returns the configured events, sorted so that requests are deterministic.
func (m *webhookModel) events(ctx context.Context) ([]string, diag.Diagnostics) {
	var events []string
	diags := m.Events.ElementsAs(ctx, &events, false)
	slices.Sort(events)
	return events, diags
}

// setComputed copies the webhook's id and timestamps from the API's answer.
func (m *webhookModel) setComputed(w *argil.Webhook) {
	if w.ID != "" {
		m.ID = types.StringValue(w.ID)
	}
	if w.CreatedAt != "" || m.CreatedAt.IsUnknown() {
		m.CreatedAt = optionalString(w.CreatedAt)
	}
	m.UpdatedAt = optionalString(w.UpdatedAt)
	m.LastTriggeredAt = optionalString(w.LastTriggeredAt)
}

// setWebhook copies everything the API says of the webhook into the model, for a refresh:
// a callback URL or events changed outside Terraform show up as drift. Values the API leaves
// out keep what the state had.
func (m *webhookModel) setWebhook(ctx context.Context, w *argil.Webhook) diag.Diagnostics {
	var diags diag.Diagnostics
	m.setComputed(w)
	if w.CallbackURL != "" {
		m.CallbackURL = types.StringValue(w.CallbackURL)
	}
	if w.Events != nil {
		events := slices.Clone(w.Events)
		slices.Sort(events)
		events = slices.Compact(events)
		set, d := types.SetValueFrom(ctx, types.StringType, events)
		diags.Append(d...)
		m.Events = set
	}
	return diags
}

func (r *webhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan webhookModel
	ctx, ok := r.begin(ctx, &resp.Diagnostics, "creating", req.Plan, &plan)
	if !ok {
		return
	}
	ctx = r.data.protect(ctx, plan.CallbackURL.ValueString())
	events, diags := plan.events(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	args := argil.WebhookCreateArgs{CallbackURL: plan.CallbackURL.ValueString(), Events: events}
	started := r.data.clock.Now()
	w, err := r.data.client.CreateWebhook(ctx, args)
	if argil.IsAmbiguous(err) {
		// A duplicate would deliver every event twice.
		lost := lostCreate{kind: argil.KindWebhook, subject: "webhook for " + strings.Join(events, ", "), match: "with that callback URL and these events",
			look: "in your webhooks (GET /webhooks)"}
		if w = adoptLost(ctx, &resp.Diagnostics, lost, err, r.data.client.WebhookLookup(args, started).Find, func(w *argil.Webhook) string { return w.ID }); w == nil {
			return
		}
	} else if err != nil {
		resp.Diagnostics.AddError("Cannot create the Argil webhook", webhookCreateErrorDetail(events, err))
		return
	}
	if w.ID == "" {
		resp.Diagnostics.AddError("Cannot create the Argil webhook", "Argil accepted the webhook but its answer has no id, so Terraform cannot track it. "+
			"List your webhooks (GET /webhooks) and import it with terraform import argil_webhook.<name> <id>.")
		return
	}
	// callback_url and events stay as configured: Terraform requires the applied values to be
	// the planned ones. A refresh compares them with what Argil stores.
	plan.setComputed(w)
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &plan, plan.ID.ValueString())...)
	tflog.Info(ctx, "Created the Argil webhook", map[string]any{"webhook_id": w.ID, "events": events})
}

func (r *webhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state webhookModel
	ctx, id, ok := r.beginRead(ctx, req, resp, &state)
	if !ok {
		return
	}
	ctx = r.data.protect(ctx, state.CallbackURL.ValueString())
	w, found, err := r.data.client.FindWebhook(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Argil webhook", webhookErrorDetail(id, "listing the webhooks to refresh it", err))
		return
	}
	if !found {
		tflog.Warn(ctx, "Argil webhook is no longer in the account's webhooks; removing it from state", map[string]any{"webhook_id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(state.setWebhook(ctx, w)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update sends both the callback URL and the events: whether the API's PUT replaces the whole
// webhook or only the given fields, the result is the configuration.
func (r *webhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, ok := r.data.ready(ctx, &resp.Diagnostics, "updating argil_webhook")
	var plan, state webhookModel
	if !ok || !readUpdate(ctx, req, &resp.Diagnostics, &plan, &state) {
		return
	}
	ctx = r.data.protect(ctx, plan.CallbackURL.ValueString(), state.CallbackURL.ValueString())
	id := state.ID.ValueString()
	events, diags := plan.events(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	w, err := r.data.client.UpdateWebhook(ctx, id, argil.WebhookUpdateArgs{CallbackURL: plan.CallbackURL.ValueString(), Events: events})
	if err != nil {
		resp.Diagnostics.AddError("Cannot update the Argil webhook", webhookErrorDetail(id, "updating it", err))
		return
	}
	plan.ID = state.ID
	plan.setComputed(w)
	resp.Diagnostics.Append(saveState(ctx, &resp.State, resp.Identity, &plan, plan.ID.ValueString())...)
	tflog.Info(ctx, "Updated the Argil webhook", map[string]any{"webhook_id": id, "events": events})
}

func (r *webhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.deleteObject(ctx, req, resp, (*argil.Client).DeleteWebhook, webhookErrorDetail, "Deleted the Argil webhook")
}

func (r *webhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID(ctx, req, resp)
}
