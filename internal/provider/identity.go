package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform >= 1.12, OpenTofu >= 1.12): every Argil object is identified by
// its id alone. Ids are UUIDs that Argil assigns and never changes, and the API key decides the
// workspace, so nothing else (no name, no region, no account) is needed to find an object again.
// argil_video_render's identity is the id of the rendered video.

// idIdentityModel is the identity of every resource of the provider.
type idIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

// idIdentity implements resource.ResourceWithIdentity for a resource identified by its id; kind
// names the object in the schema's description ("video", "avatar", ...).
type idIdentity struct {
	kind string
}

func (i idIdentity) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       "The id of the Argil " + i.kind + ".",
				RequiredForImport: true,
			},
		},
	}
}

// setIdentity records id as the resource's identity. It does nothing without an id (the object
// does not exist yet) or where Terraform does not handle identities (identity is nil).
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string) diag.Diagnostics {
	if identity == nil || id == "" {
		return nil
	}
	return identity.Set(ctx, idIdentityModel{ID: types.StringValue(id)})
}

// importByIDOrIdentity is ImportState for a resource identified by its id: it takes the id of
// `terraform import`, of an import block's `id`, or of an import block's `identity`.
func importByIDOrIdentity(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
}

// importedID is the id of an import, whether given as an id or as an identity.
func importedID(ctx context.Context, req resource.ImportStateRequest) (string, diag.Diagnostics) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, nil
	}
	var id types.String
	diags := req.Identity.GetAttribute(ctx, path.Root("id"), &id)
	return id.ValueString(), diags
}

// importID checks the id given to terraform import, which no validator sees, and sets it as
// the resource's id. It tells whether the import may go on.
func importID(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) bool {
	id, diags := importedID(ctx, req)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return false
	}
	if problem := idProblem(id); problem != "" {
		resp.Diagnostics.AddError("Invalid import id", fmt.Sprintf("The import id %s cannot be an Argil id: %s. Give the id of the object, as Argil shows it.", quoteID(id), problem))
		return false
	}
	importByIDOrIdentity(ctx, req, resp)
	return !resp.Diagnostics.HasError()
}
