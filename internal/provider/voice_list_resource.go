package provider

import (
	"context"
	"iter"

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
	return &voiceListResource{newListBase("voice", "voices")}
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
				"`GET /voices` is not paged.", false,
			"~> Argil lists its stock voices with the workspace's own, and nothing in a voice tells them apart: narrow "+
				"the list with `name_regex` to the voices you cloned. Importing a stock voice only records it.\n\n"+
				"Argil does not return a voice's audio URL, model or settings, so the generated configuration has none: "+
				"valid for an imported voice, which is never cloned again."),
		Attributes: voiceFilters.list(nil),
	}
}

func (r *voiceListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	runList(ctx, &r.listBase, req, stream, r.find,
		func(v argil.Voice) (string, string) { return v.ID, displayName(v.Name, v.ID) },
		func(_ context.Context, v argil.Voice) (any, diag.Diagnostics) { return importedVoiceModel(&v), nil })
}

// find streams the voices the list block asks for.
func (r *voiceListResource) find(ctx context.Context, client *argil.Client, cfg voiceListModel, diags *diag.Diagnostics) iter.Seq2[argil.Voice, error] {
	return oneNamedAnswer(cfg.NameRegex, diags, voiceName, func() ([]argil.Voice, error) {
		return client.ListVoices(ctx, argil.ListVoicesParams{Language: cfg.Language.ValueString(), Gender: cfg.Gender.ValueString()})
	})
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
