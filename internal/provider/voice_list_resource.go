package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ list.ListResource              = (*voiceListResource)(nil)
	_ list.ListResourceWithConfigure = (*voiceListResource)(nil)
)

// NewVoiceListResource is the constructor of the argil_voice list resource.
func NewVoiceListResource() list.ListResource {
	return &voiceListResource{listBase{suffix: "voice"}}
}

type voiceListResource struct{ listBase }

type voiceListModel struct {
	Language  types.String `tfsdk:"language"`
	Gender    types.String `tfsdk:"gender"`
	NameRegex types.String `tfsdk:"name_regex"`
}

func (r *voiceListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: listDescription("the voices the API key can use", "argil_voice",
			"`language` and `gender` are applied by Argil, `name_regex` by the provider; they combine with AND. "+
				"`GET /voices` is not paged.",
			"~> Argil lists its stock voices with the workspace's own, and nothing in a voice tells them apart: narrow "+
				"the list with `name_regex` to the voices you cloned. Importing a stock voice only records it.\n\n"+
				"Argil does not return a voice's audio URL, model or settings, so the generated configuration has none: "+
				"valid for an imported voice, which is never cloned again."),
		Attributes: voiceFilters.list(nil),
	}
}

func (r *voiceListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg voiceListModel
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &cfg)...)
	re := compileNameRegex(cfg.NameRegex, &diags)
	ctx, client := r.client(ctx, &diags)
	if diags.HasError() {
		listFailed(stream, diags)
		return
	}
	all, err := client.ListVoices(ctx, argil.ListVoicesParams{Language: cfg.Language.ValueString(), Gender: cfg.Gender.ValueString()})
	if err != nil {
		diags.AddError("Cannot list the Argil voices", listErrorDetail("voices", err))
		listFailed(stream, diags)
		return
	}
	voices := namesMatching(all, re, func(v *argil.Voice) string { return v.Name })
	stream.Results = listResults(ctx, req, voices,
		func(v argil.Voice) (string, string) { return v.ID, displayName(v.Name, v.ID) },
		func(_ context.Context, v argil.Voice) (any, diag.Diagnostics) { return importedVoiceModel(&v), nil })
}

// importedVoiceModel is the state of an argil_voice imported from v: what Read gives after an
// import, with none of the inputs Argil does not return.
func importedVoiceModel(v *argil.Voice) voiceModel {
	m := voiceModel{
		ID:            types.StringValue(v.ID),
		Name:          types.StringNull(),
		AudioURL:      types.StringNull(),
		ModelID:       types.StringNull(),
		Stability:     types.Float64Null(),
		Similarity:    types.Float64Null(),
		Style:         types.Float64Null(),
		Speed:         types.Float64Null(),
		SpeakerBoost:  types.BoolNull(),
		LanguageBoost: types.StringNull(),
		Emotion:       types.StringNull(),
	}
	m.setVoice(v)
	return m
}
