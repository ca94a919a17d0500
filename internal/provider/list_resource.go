package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// List resources (Terraform >= 1.14: `list` blocks in *.tfquery.hcl files, `terraform query`)
// find the objects of a workspace so that they can be imported, one file per type. What they
// share is here: the type name and client (listBase), and the stream of results (listResults).

// listBase is embedded in every list resource: suffix is the type name after "argil_", the
// same as the managed resource's.
type listBase struct {
	suffix string
	data   *providerData
}

func (l *listBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + l.suffix
}

func (l *listBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

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

// listFailed ends a List with its diagnostics (an error of the API, an invalid filter).
func listFailed(stream *list.ListResultsStream, diags diag.Diagnostics) {
	stream.Results = list.ListResultsStreamDiagnostics(diags)
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
