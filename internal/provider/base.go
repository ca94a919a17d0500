package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// What every resource and data source embeds: the provider's data, handed over by Configure
// (one client, so one rate budget, per provider instance). List resources embed listBase
// (list.go). CRUD stays explicit in each type's own file; the steps they all repeat
// (begin, readUpdate, saveState) are here.

// idResource is what every resource of the provider implements.
type idResource interface {
	resource.ResourceWithConfigure
	resource.ResourceWithImportState
	resource.ResourceWithIdentity
}

// typeBase is a type name after "argil_" (suffix) and the provider's data, with the Metadata
// and Configure of a resource or a list resource (both take the resource package's requests).
type typeBase struct {
	suffix string
	data   *providerData
}

func (b *typeBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.suffix
}

func (b *typeBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// resourceBase is embedded in every resource: its type name and the provider's data
// (typeBase), and its identity (the object's id; kind names the object in the identity's
// description).
type resourceBase struct {
	idIdentity
	typeBase
}

func newResourceBase(suffix, kind string) resourceBase {
	return resourceBase{idIdentity: idIdentity{kind: kind}, typeBase: typeBase{suffix: suffix}}
}

// modelSource is what a model is read from: a plan, a configuration or a state.
type modelSource interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// begin opens a Create, Read, Update or Delete that calls the Argil API (doing names it:
// "creating", "refreshing", ...) and reads src into model: see beginWith.
func (b *resourceBase) begin(ctx context.Context, diags *diag.Diagnostics, doing string, src modelSource, model any) (context.Context, bool) {
	return beginWith(ctx, b.data, diags, doing+" argil_"+b.suffix, src, model)
}

// beginWith checks that the provider can call the Argil API for action (providerData.ready),
// then reads src into model (a pointer). It returns the context to call the API with, and
// false, with the diagnostics, when the operation cannot go on.
func beginWith(ctx context.Context, data *providerData, diags *diag.Diagnostics, action string, src modelSource, model any) (context.Context, bool) {
	ctx, ok := data.ready(ctx, diags, action)
	if !ok {
		return ctx, false
	}
	diags.Append(src.Get(ctx, model)...)
	return ctx, !diags.HasError()
}

// readUpdate reads an Update's plan and prior state into plan and state (pointers to models),
// and tells whether both could be read.
func readUpdate(ctx context.Context, req resource.UpdateRequest, diags *diag.Diagnostics, plan, state any) bool {
	diags.Append(req.Plan.Get(ctx, plan)...)
	diags.Append(req.State.Get(ctx, state)...)
	return !diags.HasError()
}

// saveState sets model (a pointer) as the resource's state and id as its identity, at the end
// of a Create or an Update.
func saveState(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, model any, id string) diag.Diagnostics {
	diags := state.Set(ctx, model)
	return append(diags, setIdentity(ctx, identity, id)...)
}

// dataSourceBase is embedded in every data source: its type name after "argil_" (suffix) and
// the provider's data.
type dataSourceBase struct {
	suffix string
	data   *providerData
}

func (b *dataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.suffix
}

func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// begin opens a Read that calls the Argil API and reads the configuration into cfg (a pointer
// to the model): see beginWith.
func (b *dataSourceBase) begin(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse, cfg any) (context.Context, bool) {
	return beginWith(ctx, b.data, &resp.Diagnostics, "reading data.argil_"+b.suffix, req.Config, cfg)
}

// configuredData unpacks what the provider's Configure handed over: nil before it ran (the
// framework also configures types during validation), and an error for data of another type,
// which is a bug.
func configuredData(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data Type", unexpectedConfigureType(data))
		return nil
	}
	return pd
}

// beginRead opens a Read: begin ("refreshing"), then it keeps the resource's identity. It
// returns the id of the state (read into state, a pointer to the model).
func (b *resourceBase) beginRead(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, state any) (context.Context, string, bool) {
	ctx, ok := b.begin(ctx, &resp.Diagnostics, "refreshing", req.State, state)
	if !ok {
		return ctx, "", false
	}
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, id.ValueString())...)
	return ctx, id.ValueString(), true
}

// readFailed ends a Read whose GET of the object id failed, and tells whether it did. When err
// says the object no longer exists (a 404: it was deleted outside Terraform; the next plan
// creates it again), it removes the resource from the state, with a warning in the logs; any
// other error is the diagnostic summary, detail(err).
func (b *resourceBase) readFailed(ctx context.Context, resp *resource.ReadResponse, id string, err error, summary string, detail func(error) string) bool {
	switch {
	case err == nil:
		return false
	case argil.IsNotFound(err):
		tflog.Warn(ctx, "The Argil object no longer exists (deleted outside Terraform); removing it from state", map[string]any{"resource": "argil_" + b.suffix, "id": id})
		resp.State.RemoveResource(ctx)
	default:
		resp.Diagnostics.AddError(summary, detail(err))
	}
	return true
}

// deleteObject is the Delete of a resource whose object the Argil API deletes: del (a client
// method, such as (*argil.Client).DeleteAsset) with the id of the state. detail explains a
// failure; done is logged once the object is deleted.
func (b *resourceBase) deleteObject(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse,
	del func(*argil.Client, context.Context, string) error, detail func(id, doing string, err error) string, done string) {
	ctx, ok := b.data.ready(ctx, &resp.Diagnostics, "deleting argil_"+b.suffix)
	if !ok {
		return
	}
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := del(b.data.client, ctx, id.ValueString()); err != nil {
		resp.Diagnostics.AddError("Cannot delete the Argil "+b.kind, detail(id.ValueString(), "deleting it", err))
		return
	}
	tflog.Info(ctx, done, map[string]any{b.suffix + "_id": id.ValueString()})
}
