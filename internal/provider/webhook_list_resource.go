package provider

import (
	"context"
	"iter"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ list.ListResource              = (*webhookListResource)(nil)
	_ list.ListResourceWithConfigure = (*webhookListResource)(nil)
)

// NewWebhookListResource is the constructor of the argil_webhook list resource.
func NewWebhookListResource() list.ListResource {
	return &webhookListResource{newListBase("webhook", "webhooks")}
}

type webhookListResource struct{ listBase }

type webhookListModel struct {
	Events types.List `tfsdk:"events"`
}

func (r *webhookListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: listDescription("the webhooks of the Argil account", "argil_webhook", "`GET /webhooks` is not paged.", false,
			"~> `callback_url` is sensitive, and Terraform never writes sensitive values into generated configuration: "+
				"`-generate-config-out` writes `callback_url = null # sensitive`. Put the URL back (from a variable or a "+
				"secret store) before applying; until then the plan fails, which changes nothing. `terraform query` "+
				"shows webhooks by id and events only, without the URL."),
		Attributes: map[string]schema.Attribute{
			"events": schema.ListAttribute{
				MarkdownDescription: "Only webhooks subscribed to at least one of these events: " +
					"`" + strings.Join(argil.WebhookEvents, "`, `") + "`. Applied by the provider.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.ValueStringsAre(stringvalidator.OneOf(argil.WebhookEvents...)),
				},
			},
		},
	}
}

func (r *webhookListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	runList(ctx, &r.listBase, req, stream, r.find,
		func(w argil.Webhook) (string, string) {
			// Never the callback URL: it often holds the token that authenticates deliveries.
			return w.ID, "Webhook (" + strings.Join(w.Events, ", ") + ")"
		},
		func(ctx context.Context, w argil.Webhook) (any, diag.Diagnostics) {
			return listedWebhookModel(ctx, &w)
		})
}

// find streams the webhooks the list block asks for: all of them, or those subscribed to one of
// its events.
func (r *webhookListResource) find(ctx context.Context, client *argil.Client, cfg webhookListModel, diags *diag.Diagnostics) iter.Seq2[argil.Webhook, error] {
	var wanted []string
	if !cfg.Events.IsNull() {
		if diags.Append(cfg.Events.ElementsAs(ctx, &wanted, false)...); diags.HasError() {
			return nil
		}
	}
	return keep(oneAnswer(func() ([]argil.Webhook, error) { return client.ListWebhooks(ctx) }),
		func(w argil.Webhook) bool { return len(wanted) == 0 || subscribesToAny(w, wanted) })
}

// subscribesToAny tells whether w receives at least one of events.
func subscribesToAny(w argil.Webhook, events []string) bool {
	for _, e := range w.Events {
		for _, want := range events {
			if e == want {
				return true
			}
		}
	}
	return false
}

// listedWebhookModel is the resource object of a listed webhook: what an import gives, except
// callback_url, left null. `terraform query -json` prints resource objects without hiding
// sensitive values, and the URL usually holds the token that authenticates deliveries; the
// generated configuration never holds a sensitive value anyway, and the import reads the URL.
func listedWebhookModel(ctx context.Context, w *argil.Webhook) (webhookModel, diag.Diagnostics) {
	m := webhookModel{
		ID:     types.StringValue(w.ID),
		Events: types.SetNull(types.StringType),
	}
	diags := m.setWebhook(ctx, w)
	m.CallbackURL = types.StringNull()
	return m, diags
}
