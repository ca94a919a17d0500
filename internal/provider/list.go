package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// List resources (Terraform >= 1.14: `list` blocks in *.tfquery.hcl files, `terraform query`)
// find the objects of a workspace so that they can be imported, one file per type. What they
// share is here: the type name and client (listBase), the steps of a List (runList) and the
// stream of results (listResults).

// listBase is embedded in every list resource: its type name (the same as the managed
// resource's) and the provider's data.
type listBase struct{ typeBase }

func newListBase(suffix string) listBase { return listBase{typeBase{suffix: suffix}} }

// client returns the provider's client (so the provider's one rate budget) and the context
// to call it with (masking what must not reach the logs), or adds an error when the provider
// cannot call the API (see providerData.ready).
func (l *listBase) client(ctx context.Context, diags *diag.Diagnostics) (context.Context, *argil.Client) {
	if l.data == nil {
		diags.AddError("Argil provider not configured",
			notConfiguredDetail("Listing argil_"+l.suffix))
		return ctx, nil
	}
	ctx, ok := l.data.ready(ctx, diags, "listing argil_"+l.suffix)
	if !ok {
		return ctx, nil
	}
	return ctx, l.data.client
}

// runList is the List of every list resource: it reads the list block's configuration into a
// C, find returns the objects it asks for (adding its errors to diags), and listResults streams
// them, with describe and model. An error (in the configuration, from the provider or from
// find) ends the list with the diagnostics.
func runList[C, T any](ctx context.Context, l *listBase, req list.ListRequest, stream *list.ListResultsStream,
	find func(ctx context.Context, client *argil.Client, cfg C, diags *diag.Diagnostics) []T,
	describe func(T) (id, display string), model func(context.Context, T) (any, diag.Diagnostics)) {
	var cfg C
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	ctx, client := l.client(ctx, &diags)
	var items []T
	if !diags.HasError() {
		items = find(ctx, client, cfg, &diags)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = listResults(ctx, req, items, describe, model)
}

// listDescription is a list resource's description: what it finds, as which resource type, how
// (reading), then more.
func listDescription(finds, typeName, reading, more string) string {
	return "Finds " + finds + ", for `terraform query` (Terraform 1.14 and later): each result is an `" + typeName +
		"` to import, identified by its id. " + reading + " The provider returns at most the list block's `limit` " +
		"(100 by default).\n\n" + more
}

// listResults streams one result per item, in order, and at most req.Limit of them (Terraform's
// `limit`, 100 unless the list block says otherwise). Each result carries the object's identity
// (its id) and display name and, when Terraform asks for it (include_resource, or
// -generate-config-out), the resource object that model builds: the same state that importing
// the object would give, so that generated configuration plans no change.
func listResults[T any](ctx context.Context, req list.ListRequest, items []T, describe func(T) (id, display string), model func(context.Context, T) (any, diag.Diagnostics)) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		for i, item := range items {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			id, display := describe(item)
			result := req.NewListResult(ctx)
			result.DisplayName = display
			result.Diagnostics.Append(setIdentity(ctx, result.Identity, id)...)
			if req.IncludeResource {
				m, diags := model(ctx, item)
				result.Diagnostics.Append(diags...)
				if !diags.HasError() {
					result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
				}
			}
			if !push(result) {
				return
			}
		}
	}
}
