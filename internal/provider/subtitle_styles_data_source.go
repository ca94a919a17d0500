package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSourceWithConfigure = (*subtitleStylesDataSource)(nil)
)

// NewSubtitleStylesDataSource is the constructor of the argil_subtitle_styles data source.
func NewSubtitleStylesDataSource() datasource.DataSource {
	return &subtitleStylesDataSource{dataSourceBase{suffix: "subtitle_styles"}}
}

type subtitleStylesDataSource struct{ dataSourceBase }

type subtitleStylesDataModel struct {
	Name   types.String `tfsdk:"name"`
	Styles types.List   `tfsdk:"styles"`
}

var subtitleStyleAttrTypes = map[string]attr.Type{
	"id":   types.StringType,
	"name": types.StringType,
}

func (d *subtitleStylesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the subtitle styles available to your account, for a video's `subtitles.style_id`. " +
			"The API pages this list; the data source reads every page (100 styles per request).",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Keep only the styles with this name, compared without regard to case " +
					"(`\"karaoke\"` matches `Karaoke`). All styles when omitted. A name that matches nothing gives an empty list, not an error.",
				Optional:   true,
				Validators: []validator.String{notBlankValidator{}},
			},
			"styles": schema.ListNestedAttribute{
				MarkdownDescription: "The styles, in the API's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":   schema.StringAttribute{MarkdownDescription: "The style's id.", Computed: true},
						"name": schema.StringAttribute{MarkdownDescription: "The style's name.", Computed: true},
					},
				},
			},
		},
	}
}

func (d *subtitleStylesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg subtitleStylesDataModel
	ctx, ok := d.begin(ctx, req, resp, &cfg)
	if !ok {
		return
	}
	styles, err := d.data.client.ListAllSubtitleStyles(ctx)
	if err != nil {
		addListError(&resp.Diagnostics, "subtitle styles", err)
		return
	}
	want := strings.TrimSpace(cfg.Name.ValueString())
	elems := []attr.Value{}
	for _, s := range styles {
		if want != "" && !strings.EqualFold(strings.TrimSpace(s.Name), want) {
			continue
		}
		obj, diags := types.ObjectValue(subtitleStyleAttrTypes, map[string]attr.Value{
			"id":   optionalString(s.ID),
			"name": optionalString(s.Name),
		})
		resp.Diagnostics.Append(diags...)
		elems = append(elems, obj)
	}
	list, diags := types.ListValue(types.ObjectType{AttrTypes: subtitleStyleAttrTypes}, elems)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.Styles = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
