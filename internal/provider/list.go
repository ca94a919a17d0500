package provider

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// List resources (Terraform >= 1.14: `list` blocks in *.tfquery.hcl files, `terraform query`)
// find the objects of a workspace so that they can be imported, one file per type. What they
// share is here: the type name and client (listBase), the steps of a List (runList), the
// stream of results (listResults) and the filters applied to it (keep, oneAnswer).
//
// A list streams: find returns the objects as the client's walk over the pages reads them
// (argil.StreamVideos), the provider's own filters keep them one by one, each kept object is
// pushed to Terraform as a result, and once the list block's `limit` results were pushed no
// further page is requested.

// listBase is embedded in every list resource: its type name (the same as the managed
// resource's), what its errors call the objects (plural, "videos") and the provider's data.
type listBase struct {
	typeBase
	plural string
}

func newListBase(suffix, plural string) listBase {
	return listBase{typeBase: typeBase{suffix: suffix}, plural: plural}
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

// runList is the List of every list resource: it reads the list block's configuration into a
// C, find returns the stream of the objects it asks for (adding to diags the errors it finds
// before any request, such as a bad name_regex), and results streams them to Terraform, with
// describe and model. An error in the configuration, from the provider or from find ends the
// list with the diagnostics, before any result.
func runList[C, T any](ctx context.Context, l *listBase, req list.ListRequest, stream *list.ListResultsStream,
	find func(ctx context.Context, client *argil.Client, cfg C, diags *diag.Diagnostics) iter.Seq2[T, error],
	describe func(T) (id, display string), model func(context.Context, T) (any, diag.Diagnostics)) {
	var cfg C
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	ctx, client := l.client(ctx, &diags)
	var items iter.Seq2[T, error]
	if !diags.HasError() {
		items = find(ctx, client, cfg, &diags)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = listResults(ctx, req, l.plural, items, describe, model)
}

// listDescription is a list resource's description: what it finds, as which resource type, how
// (reading), whether its endpoint is paged (then how the limit stops the paging), then more.
func listDescription(finds, typeName, reading string, paged bool, more string) string {
	limit := "."
	if paged {
		limit = " and stops reading pages once it has them: a small `limit` reads only the first page. Results are " +
			"sent to Terraform as the pages arrive; if a page fails, the list ends with that error: Terraform then " +
			"shows the error and none of the list's results, and generates no configuration."
	}
	return "Finds " + finds + ", for `terraform query` (Terraform 1.14 and later): each result is an `" + typeName +
		"` to import, identified by its id. " + reading + " The provider returns at most the list block's `limit` " +
		"(100 by default)" + limit + "\n\n" + more
}

// listResults streams one result per item, in order, and at most req.Limit of them
// (Terraform's `limit`, 100 unless the list block says otherwise): once it pushed the last
// one, it takes no further item from items, so the client reads no further page. Each result
// carries the object's identity (its id) and display name and, when Terraform asks for it
// (include_resource, or -generate-config-out), the resource object that model builds: the
// same state that importing the object would give, so that generated configuration plans no
// change.
//
// An error of items (a page that fails, a bound of the walk) ends the stream with one result
// that carries only the error ("Cannot list the Argil <plural>"), after the results already
// pushed. Terraform 1.14 then fails the list block: `terraform query` prints the error and
// none of its results (nor with -json), writes no -generate-config-out file, and exits 1.
func listResults[T any](ctx context.Context, req list.ListRequest, plural string, items iter.Seq2[T, error],
	describe func(T) (id, display string), model func(context.Context, T) (any, diag.Diagnostics)) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		var pushed int64
		defer func() {
			tflog.Debug(ctx, "Listed Argil "+plural, map[string]any{"results": pushed, "limit": req.Limit})
		}()
		for item, err := range items {
			if err != nil {
				detail := listErrorDetail(plural, err)
				if pushed > 0 {
					detail += fmt.Sprintf("\n\nThe list stopped after %d result(s): it is incomplete, and Terraform shows "+
						"none of them. Run terraform query again once the cause is fixed; a smaller limit, or narrower "+
						"filters, read fewer pages.", pushed)
				}
				var diags diag.Diagnostics
				diags.AddError("Cannot list the Argil "+plural, detail)
				push(list.ListResult{Diagnostics: diags})
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
			if pushed++; req.Limit > 0 && pushed >= req.Limit {
				return
			}
		}
	}
}

// keep is items without those that keep refuses: the provider's own filters (a status, a
// name_regex), applied one item at a time so that a list with a limit reads only the pages it
// needs to find that many matches. Errors pass through.
func keep[T any](items iter.Seq2[T, error], keep func(T) bool) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for it, err := range items {
			if err == nil && !keep(it) {
				continue
			}
			if !yield(it, err) {
				return
			}
		}
	}
}

// oneAnswer is the stream of an endpoint that is not paged (GET /avatars, /voices, /webhooks
// answer one array): fetch is called when the stream is read, and its items, or its error,
// are streamed.
func oneAnswer[T any](fetch func() ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		all, err := fetch()
		if err != nil {
			var zero T
			yield(zero, err)
			return
		}
		for _, it := range all {
			if !yield(it, nil) {
				return
			}
		}
	}
}

// oneNamedAnswer is oneAnswer kept to the items whose name (read by name) matches name_regex,
// all of them when it is null; an invalid name_regex is an error in diags, before any request.
func oneNamedAnswer[T any](nameRegex types.String, diags *diag.Diagnostics, name func(*T) string, fetch func() ([]T, error)) iter.Seq2[T, error] {
	re := compileNameRegex(nameRegex, diags)
	if diags.HasError() {
		return nil
	}
	return keep(oneAnswer(fetch), nameMatches(re, name))
}
