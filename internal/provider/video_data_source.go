package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
)

var (
	_ datasource.DataSourceWithConfigure = (*videoDataSource)(nil)
)

// NewVideoDataSource is the constructor of the argil_video data source.
func NewVideoDataSource() datasource.DataSource {
	return &videoDataSource{dataSourceBase{suffix: "video"}}
}

type videoDataSource struct{ dataSourceBase }

type videoDataModel struct {
	ID                types.String  `tfsdk:"id"`
	Name              types.String  `tfsdk:"name"`
	Status            types.String  `tfsdk:"status"`
	VideoURL          types.String  `tfsdk:"video_url"`
	VideoURLSubtitled types.String  `tfsdk:"video_url_subtitled"`
	Duration          types.Float64 `tfsdk:"duration"`
	PreviewURL        types.String  `tfsdk:"preview_url"`
	AspectRatio       types.String  `tfsdk:"aspect_ratio"`
	SubtitlesEnabled  types.Bool    `tfsdk:"subtitles_enabled"`
	CreatedAt         types.String  `tfsdk:"created_at"`
	UpdatedAt         types.String  `tfsdk:"updated_at"`
	Extras            types.Map     `tfsdk:"extras"`
	Moments           types.List    `tfsdk:"moments"`
}

// momentAttrTypes is the object type of one element of moments.
var momentAttrTypes = map[string]attr.Type{
	"transcript":   types.StringType,
	"avatar_id":    types.StringType,
	"voice_id":     types.StringType,
	"audio_url":    types.StringType,
	"video_url":    types.StringType,
	"gesture_slug": types.StringType,
}

func (d *videoDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Argil video by id: its status, URLs, moments and metadata. It never starts a render " +
			"and never waits: use `argil_video_render` for that.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The video's id.",
				Required:            true,
				Validators:          []validator.String{notBlankValidator{}, idValidator{}},
			},
			"name":                dataString("The video's name."),
			"status":              dataString("The video's status: `IDLE`, `GENERATING_AUDIO`, `GENERATING_VIDEO`, `DONE` or `FAILED` (Argil may also send statuses its docs do not list, such as `CONTENT_MODERATED`)."),
			"video_url":           dataString("URL of the final video; null until the video is `DONE`."),
			"video_url_subtitled": dataString("URL of the final video with subtitles; null unless the video is `DONE` with subtitles enabled."),
			"duration": schema.Float64Attribute{
				MarkdownDescription: "Length of the video in seconds; null until the audio is generated.",
				Computed:            true,
			},
			"preview_url":  dataString("URL of the embeddable preview. Add `?embed=true` for embed mode."),
			"aspect_ratio": dataString("`16:9` or `9:16`."),
			"subtitles_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the video has subtitles enabled.",
				Computed:            true,
			},
			"created_at": dataString("When the video was created (RFC 3339)."),
			"updated_at": dataString("When the video last changed (RFC 3339)."),
			"extras": schema.MapAttribute{
				MarkdownDescription: "The video's custom key-value metadata, without the `tf_request_id` marker that `argil_video` adds.",
				Computed:            true,
				ElementType:         types.StringType,
			},
			"moments": schema.ListNestedAttribute{
				MarkdownDescription: "The video's moments, in order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"transcript":   dataString("The text spoken in this moment."),
						"avatar_id":    dataString("The avatar of this moment."),
						"voice_id":     dataString("The voice of this moment."),
						"audio_url":    dataString("The moment's audio: the uploaded one, or the one generated from the transcript (null until generated)."),
						"video_url":    dataString("The moment's own rendered video (null until rendered)."),
						"gesture_slug": dataString("The avatar gesture used in this moment."),
					},
				},
			},
		},
	}
}

func (d *videoDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg videoDataModel
	ctx, ok := d.begin(ctx, req, resp, &cfg)
	if !ok {
		return
	}
	id := cfg.ID.ValueString()
	v, err := d.data.client.ReadVideo(ctx, id, argil.ReadOptions{})
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the Argil video", videoErrorDetail(id, "reading it", err))
		return
	}
	state, diags := videoDataFromAPI(ctx, id, v)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// videoDataFromAPI maps a Video to the data source's model.
func videoDataFromAPI(ctx context.Context, id string, v *argil.Video) (videoDataModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	m := videoDataModel{
		ID:                types.StringValue(id),
		Name:              optionalString(v.Name),
		Status:            types.StringValue(v.Status),
		VideoURL:          optionalString(v.VideoURL),
		VideoURLSubtitled: optionalString(v.VideoURLSubtitled),
		PreviewURL:        optionalString(v.PreviewURL),
		AspectRatio:       optionalString(v.AspectRatio),
		SubtitlesEnabled:  types.BoolValue(v.Subtitles != nil && v.Subtitles.Enable),
		CreatedAt:         optionalString(v.CreatedAt),
		UpdatedAt:         optionalString(v.UpdatedAt),
		Duration:          types.Float64Null(),
	}
	if v.Duration != nil {
		m.Duration = types.Float64Value(*v.Duration)
	}
	var d diag.Diagnostics
	m.Extras, d = types.MapValueFrom(ctx, types.StringType, nonNilMap(argil.UserExtras(v.Extras)))
	diags.Append(d...)
	moments := make([]attr.Value, 0, len(v.Moments))
	for _, mo := range v.Moments {
		obj, d := types.ObjectValue(momentAttrTypes, map[string]attr.Value{
			"transcript":   optionalString(mo.Transcript),
			"avatar_id":    optionalString(mo.AvatarID),
			"voice_id":     optionalString(mo.VoiceID),
			"audio_url":    optionalString(mo.AudioURL),
			"video_url":    optionalString(mo.VideoURL),
			"gesture_slug": optionalString(mo.GestureSlug),
		})
		diags.Append(d...)
		moments = append(moments, obj)
	}
	m.Moments, d = types.ListValue(types.ObjectType{AttrTypes: momentAttrTypes}, moments)
	diags.Append(d...)
	return m, diags
}
