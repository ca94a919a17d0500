package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ list.ListResource              = (*avatarListResource)(nil)
	_ list.ListResourceWithConfigure = (*avatarListResource)(nil)
)

// NewAvatarListResource is the constructor of the argil_avatar list resource.
func NewAvatarListResource() list.ListResource {
	return &avatarListResource{newListBase("avatar", "avatars")}
}

type avatarListResource struct{ listBase }

type avatarListModel struct {
	Visibility  types.String `tfsdk:"visibility"`
	Orientation types.String `tfsdk:"orientation"`
	Model       types.String `tfsdk:"model"`
	NameRegex   types.String `tfsdk:"name_regex"`
}

func (r *avatarListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: listDescription("the avatars of the Argil workspace", "argil_avatar",
			"`visibility`, `orientation` and `model` are applied by Argil, `name_regex` by the provider; they combine "+
				"with AND. `GET /avatars` is not paged.", false,
			"Argil does not return an avatar's image nor its voice, so the generated configuration has neither: valid "+
				"for an imported avatar, which is never trained again."),
		Attributes: avatarFilters.list(map[string]schema.Attribute{
			"visibility": schema.StringAttribute{
				MarkdownDescription: "`private` (the default) for the workspace's own avatars, `public` for Argil's stock avatars. " +
					"Stock avatars are Argil's: importing one only records it (destroy never deletes avatars).",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf("private", "public")},
			},
		}),
	}
}

func (r *avatarListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	runList(ctx, &r.listBase, req, stream, r.find,
		func(a argil.Avatar) (string, string) { return a.ID, displayName(a.Name, a.ID) },
		func(ctx context.Context, a argil.Avatar) (any, diag.Diagnostics) { return importedAvatarModel(ctx, &a) })
}

// find streams the avatars the list block asks for: the workspace's own unless visibility says
// otherwise.
func (r *avatarListResource) find(ctx context.Context, client *argil.Client, cfg avatarListModel, diags *diag.Diagnostics) iter.Seq2[argil.Avatar, error] {
	visibility := cfg.Visibility.ValueString()
	if visibility == "" {
		visibility = "private"
	}
	return oneNamedAnswer(cfg.NameRegex, diags, avatarName, func() ([]argil.Avatar, error) {
		return client.ListAvatars(ctx, argil.ListAvatarsParams{
			Visibility:  visibility,
			Orientation: cfg.Orientation.ValueString(),
			Model:       cfg.Model.ValueString(),
		})
	})
}

// importedAvatarModel is the state of an argil_avatar imported from a: what Read gives after an
// import, with none of the inputs Argil does not return.
func importedAvatarModel(ctx context.Context, a *argil.Avatar) (avatarModel, diag.Diagnostics) {
	m := avatarModel{
		ID:          types.StringValue(a.ID),
		Name:        types.StringNull(),
		ImageURL:    types.StringNull(),
		ImageBase64: types.StringNull(),
		VoiceID:     types.StringNull(),
		Extras:      types.MapNull(types.StringType),
		Timeouts:    nullTimeouts(),
	}
	diags := m.setAvatar(ctx, a)
	return m, diags
}
