package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

// What every resource and data source embeds: the provider's data, handed over by Configure
// (one client, so one rate budget, per provider instance). List resources embed listBase
// (list_resource.go). CRUD stays explicit in each type's own file.

// idResource is what every resource of the provider implements.
type idResource interface {
	resource.ResourceWithConfigure
	resource.ResourceWithImportState
	resource.ResourceWithIdentity
}

// resourceBase is embedded in every resource: its type name after "argil_" (suffix), its
// identity (the object's id; kind names the object in the identity's description) and the
// provider's data.
type resourceBase struct {
	idIdentity
	suffix string
	data   *providerData
}

func newResourceBase(suffix, kind string) resourceBase {
	return resourceBase{idIdentity: idIdentity{kind: kind}, suffix: suffix}
}

func (b *resourceBase) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.suffix
}

func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.data = configuredData(req.ProviderData, &resp.Diagnostics)
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

// removedWhenGone removes the resource from the state when err says its object no longer
// exists (a 404: it was deleted outside Terraform; the next plan creates it again), with a
// warning in the logs, and tells whether it did. typeName is the resource type (argil_asset).
func removedWhenGone(ctx context.Context, resp *resource.ReadResponse, err error, typeName, id string) bool {
	if !argil.IsNotFound(err) {
		return false
	}
	tflog.Warn(ctx, "The Argil object no longer exists (deleted outside Terraform); removing it from state", map[string]any{"resource": typeName, "id": id})
	resp.State.RemoveResource(ctx)
	return true
}
