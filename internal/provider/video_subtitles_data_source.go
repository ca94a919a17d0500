package provider

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ datasource.DataSourceWithConfigure = (*videoSubtitlesDataSource)(nil)
)

// NewVideoSubtitlesDataSource is the constructor of the argil_video_subtitles data source.
func NewVideoSubtitlesDataSource() datasource.DataSource {
	return &videoSubtitlesDataSource{dataSourceBase{suffix: "video_subtitles"}}
}

type videoSubtitlesDataSource struct{ dataSourceBase }

type videoSubtitlesDataModel struct {
	VideoID        types.String `tfsdk:"video_id"`
	Format         types.String `tfsdk:"format"`
	IncludeStyling types.Bool   `tfsdk:"include_styling"`
	Content        types.String `tfsdk:"content"`
	ContentType    types.String `tfsdk:"content_type"`
}

func (d *videoSubtitlesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Exports the subtitles of an Argil video as a subtitle file (WebVTT or ASS), for example to " +
			"publish them next to the video with a `local_file` or an object-storage resource. The cues are timed from the " +
			"video's moments; export after the video is rendered (`argil_video_render`) to get the final timing.",
		Attributes: map[string]schema.Attribute{
			"video_id": schema.StringAttribute{
				MarkdownDescription: "The id of the video whose subtitles to export, for example `argil_video_render.intro.video_id`.",
				Required:            true,
				Validators:          []validator.String{notBlankValidator{}, idValidator{}},
			},
			"format": schema.StringAttribute{
				MarkdownDescription: "`vtt` (WebVTT, the default) or `ass` (Advanced SubStation Alpha).",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf(argil.SubtitleFormatVTT, argil.SubtitleFormatASS)},
			},
			"include_styling": schema.BoolAttribute{
				MarkdownDescription: "Whether to include the video's subtitle styling (position, size, style) in the file. Defaults to `false`.",
				Optional:            true,
				Computed:            true,
			},
			"content": schema.StringAttribute{
				MarkdownDescription: "The subtitle file, as text.",
				Computed:            true,
			},
			"content_type": schema.StringAttribute{
				MarkdownDescription: "The file's media type as Argil sent it: `text/vtt` or `text/x-ass`.",
				Computed:            true,
			},
		},
	}
}

func (d *videoSubtitlesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg videoSubtitlesDataModel
	ctx, ok := d.begin(ctx, req, resp, &cfg)
	if !ok {
		return
	}
	if cfg.Format.IsNull() || cfg.Format.IsUnknown() {
		cfg.Format = types.StringValue(argil.SubtitleFormatVTT)
	}
	if cfg.IncludeStyling.IsNull() || cfg.IncludeStyling.IsUnknown() {
		cfg.IncludeStyling = types.BoolValue(false)
	}
	id, format, styling := cfg.VideoID.ValueString(), cfg.Format.ValueString(), cfg.IncludeStyling.ValueBool()
	content, contentType, err := d.data.client.ExportSubtitles(ctx, id, format, styling)
	if err != nil {
		resp.Diagnostics.AddError("Cannot export the subtitles of the Argil video", subtitlesErrorDetail(id, format, err))
		return
	}
	if !utf8.ValidString(content) {
		tflog.Warn(ctx, "The subtitle file is not valid UTF-8; invalid bytes were replaced with U+FFFD", map[string]any{"video_id": id})
		content = strings.ToValidUTF8(content, "\uFFFD")
	}
	cfg.Content = types.StringValue(content)
	cfg.ContentType = types.StringValue(contentType)
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
