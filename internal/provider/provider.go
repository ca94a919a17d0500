// Package provider maps Terraform to the Argil API client: the provider configuration, its
// resources, data sources and functions.
package provider

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/poll"
)

// Environment variables read by the provider.
const (
	EnvAPIKey  = "ARGIL_API_KEY"
	EnvBaseURL = "ARGIL_BASE_URL"
)

var (
	_ provider.Provider                   = (*argilProvider)(nil)
	_ provider.ProviderWithFunctions      = (*argilProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*argilProvider)(nil)
	_ provider.ProviderWithListResources  = (*argilProvider)(nil)
)

// Bounds of the poll settings. Polling more than once a second cannot make a render of
// minutes end sooner, and a delay above 10 minutes would leave most renders undetected for
// longer than they took.
const (
	minPollInterval = time.Second
	maxPollInterval = 10 * time.Minute
)

// argilProvider is the provider; version is "dev" for local builds and "test" in acceptance
// tests, and set by goreleaser in releases.
type argilProvider struct {
	version string
}

// New returns a constructor of the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &argilProvider{version: version} }
}

type providerModel struct {
	APIKey               types.String  `tfsdk:"api_key"`
	BaseURL              types.String  `tfsdk:"base_url"`
	MaxRetries           types.Int64   `tfsdk:"max_retries"`
	RequestTimeout       types.String  `tfsdk:"request_timeout"`
	CreateRequestTimeout types.String  `tfsdk:"create_request_timeout"`
	MaxRequestsPerSecond types.Float64 `tfsdk:"max_requests_per_second"`
	PollMinInterval      types.String  `tfsdk:"poll_min_interval"`
	PollMaxInterval      types.String  `tfsdk:"poll_max_interval"`
	PollWithList         types.Bool    `tfsdk:"poll_with_list"`
}

// providerData is what Configure hands to every resource and data source: one client (so one
// shared rate budget) per provider instance, and the poll settings.
type providerData struct {
	client *argil.Client
	poll   poll.Config
	clock  poll.Clock
	// renders remembers accepted renders (render_journal.go).
	renders *renderMemory
	// unknown names the provider arguments that are not known yet (set by another resource
	// of the same apply); client is nil then. See ready.
	unknown []string
}

// ready tells whether the provider can call the Argil API, and returns ctx with the secrets
// the client knows (the API key, the callback and webhook URLs' queries) masked in every log
// line. When it cannot call the API, because api_key or base_url is known only after apply
// (or Configure did not run), it adds an error that says which argument and how to fix it.
// Every Create, Read, Update and Delete that calls the API starts with it; the methods that
// need no API (plan, import, removal from state) do not.
func (pd *providerData) ready(ctx context.Context, diags *diag.Diagnostics, action string) (context.Context, bool) {
	if pd != nil && pd.client != nil {
		return pd.masked(ctx), true
	}
	args := "api_key or base_url"
	if pd != nil && len(pd.unknown) > 0 {
		args = strings.Join(pd.unknown, " and ")
	}
	diags.AddError("Argil provider configuration not known yet", configNotKnownDetail(args, action))
	return ctx, false
}

// protect makes the client mask the query (and password) of callback or webhook URLs of the
// configuration in every error and log line, and returns ctx masking them in the provider's
// own lines too.
func (pd *providerData) protect(ctx context.Context, urls ...string) context.Context {
	for _, u := range urls {
		pd.client.ProtectURL(u)
	}
	return pd.masked(ctx)
}

// masked is ctx with every secret the client knows masked in log messages and field values.
func (pd *providerData) masked(ctx context.Context) context.Context {
	secrets := pd.client.Secrets()
	if len(secrets) == 0 {
		return ctx
	}
	return tflog.MaskAllFieldValuesStrings(tflog.MaskMessageStrings(ctx, secrets...), secrets...)
}

func (p *argilProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "argil"
	resp.Version = p.version
}

func (p *argilProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Argil provider manages [Argil](https://www.argil.ai) AI avatar videos as code: " +
			"avatars, voices, assets, videos, renders, subtitles and webhooks, the whole public Argil API v1. " +
			"Render videos with `terraform apply` and hand their URLs to the rest of your infrastructure.\n\n" +
			"Every render costs Argil credits. The provider never triggers a render twice for one intent: " +
			"after a timeout, an interrupt or a network error, the next `terraform apply` resumes waiting on the " +
			"render in flight instead of starting a new one.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "Argil API key, sent in the `x-api-key` header. Create one on the " +
					"[Argil developers page](https://app.argil.ai/developers) (a paid plan is needed). " +
					"Can also be set with the `ARGIL_API_KEY` environment variable, which is the recommended way: " +
					"keep keys out of configuration files.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "API root, version prefix included. Defaults to `" + argil.DefaultBaseURL + "`; " +
					"can also be set with the `ARGIL_BASE_URL` environment variable. Must use `https`, except `http` on a " +
					"loopback host to reach the Argil emulator, e.g. `http://127.0.0.1:8787/v1`: a literal `127.x.x.x` address, `::1`, or " +
					"exactly `localhost` (not `*.localhost`). Over `http` the provider uses no proxy and connects only to loopback addresses.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times one API call is retried after a network error, a 429 or a 5xx "+
					"(GET, PUT and DELETE), or after a 429 or a refused connection (POST, which is never retried once the server "+
					"may have acted on it). Defaults to `%d`. `0` disables retries.", argil.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 100)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long one HTTP attempt of a read, update or delete (`GET`, `PUT`, `DELETE`) may take, as a "+
					"duration such as `30s` or `2m`. Defaults to `%s`. Requests that create or start something have their own "+
					"`create_request_timeout`; long waits for renders are bounded by the resource's `timeouts`.", argil.DefaultRequestTimeout),
				Optional:   true,
				Validators: []validator.String{durationValidator{min: time.Second}},
			},
			"create_request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long one `POST` (creating a video, an avatar, a voice, an asset or a "+
					"webhook, or starting a render) may take, such as `10m`. Defaults to `%s`, what Argil's own n8n node gives "+
					"`POST /videos` and `POST /videos/{id}/render`. It is also the read-back window: after a `POST` that failed "+
					"without saying whether Argil acted on it, the provider never sends it again and looks for its effect for this "+
					"long. Lowering it makes such errors come sooner, but a render that Argil accepts later may then be requested "+
					"again by the next apply if the video still reads `IDLE`.", strings.TrimSuffix(argil.DefaultCreateRequestTimeout.String(), "0s")),
				Optional:   true,
				Validators: []validator.String{durationValidator{min: time.Second}},
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: fmt.Sprintf("Client-side rate limit shared by every resource and data source of this provider "+
					"instance, so that an apply with many renders stays under Argil's limits. Defaults to `%g`. A `429` answer "+
					"also pauses every request of the provider for its `Retry-After`; one that follows another within 10 seconds, "+
					"or several at once, halves the rate, which then grows back to this value by 10%% of it per second.", argil.DefaultRequestsPerSecond),
				Optional:   true,
				Validators: []validator.Float64{float64validator.Between(0.1, 1000)},
			},
			"poll_min_interval": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Shortest delay between two reads of a render in progress, such as `\"1s\"` or "+
					"`\"5s\"`: the floor of the time between a render's end and the apply noticing it (see Polling above). "+
					"Defaults to `\"%s\"`, between `\"%s\"` and `poll_max_interval`. Raise it to spend fewer requests on short "+
					"renders.", poll.DefaultMinInterval, minPollInterval),
				Optional:   true,
				Validators: []validator.String{durationValidator{min: minPollInterval, max: maxPollInterval}},
			},
			"poll_max_interval": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Longest delay between two reads of a render in progress, such as `\"10s\"` or "+
					"`\"1m\"`: the latest a long render is noticed, and its long-run cost (one `GET` per interval). Defaults to "+
					"`\"%s\"`, between `poll_min_interval` and `\"%s\"`. Set both intervals to the same value for a fixed poll.",
					poll.DefaultMaxInterval, maxPollInterval),
				Optional:   true,
				Validators: []validator.String{durationValidator{min: minPollInterval, max: maxPollInterval}},
			},
			"poll_with_list": schema.BoolAttribute{
				MarkdownDescription: "Whether the provider reads many videos at once through `GET /videos` pages (100 videos " +
					"each): renders that wait together share one page, and a plan refreshes many videos from pages when that " +
					"costs fewer requests (see Polling and Plans with many videos above). Defaults to `true`. A video missing from " +
					"the pages is read on its own, and if the API refuses the list, every video is. Set to `false` to always read " +
					"each video on its own.",
				Optional: true,
			},
		},
	}
}

// ValidateConfig checks, at plan time, what the attribute validators cannot: that
// poll_max_interval is not below poll_min_interval.
func (p *argilProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := pollConfig(cfg); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("poll_max_interval"), "Invalid poll intervals", err.Error())
	}
}

// pollConfig is the render poll schedule of the provider configuration: poll.DefaultConfig
// with the intervals that are set. Unknown and unparsable values are left at their defaults
// (the attribute validators report the latter).
func pollConfig(cfg providerModel) (poll.Config, error) {
	pc := poll.DefaultConfig()
	minSet, maxSet := false, false
	if d, ok := knownDuration(cfg.PollMinInterval); ok {
		pc.MinInterval, minSet = d, true
	}
	if d, ok := knownDuration(cfg.PollMaxInterval); ok {
		pc.MaxInterval, maxSet = d, true
	}
	if pc.MaxInterval < pc.MinInterval {
		switch {
		case minSet && maxSet:
			return pc, fmt.Errorf("poll_max_interval (%s) is below poll_min_interval (%s): give a maximum at least as long as the minimum", pc.MaxInterval, pc.MinInterval)
		case minSet:
			// Only the minimum is set, above the default maximum: a fixed poll at the minimum.
			pc.MaxInterval = pc.MinInterval
		default:
			return pc, fmt.Errorf("poll_max_interval (%s) is below the default poll_min_interval (%s): set poll_min_interval too", pc.MaxInterval, pc.MinInterval)
		}
	}
	return pc, pc.Validate()
}

// knownDuration parses a known, non-null duration string.
func knownDuration(v types.String) (time.Duration, bool) {
	if v.IsNull() || v.IsUnknown() {
		return 0, false
	}
	d, err := time.ParseDuration(v.ValueString())
	if err != nil {
		return 0, false
	}
	return d, true
}

func (p *argilProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.APIKey.IsUnknown() || cfg.BaseURL.IsUnknown() {
		// Known only after other resources are applied; Terraform calls Configure again then.
		// Until then there is no client: resources plan without one, and whatever needs the
		// API (a data source read, a refresh) fails with a clear error (providerData.ready).
		var unknown []string
		if cfg.APIKey.IsUnknown() {
			unknown = append(unknown, "api_key")
		}
		if cfg.BaseURL.IsUnknown() {
			unknown = append(unknown, "base_url")
		}
		tflog.Debug(ctx, "The Argil provider configuration is not known yet", map[string]any{"unknown": unknown})
		if req.ClientCapabilities.DeferralAllowed {
			// Terraform with deferred actions: postpone what needs the API instead of failing.
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
		}
		data := &providerData{unknown: unknown}
		resp.ResourceData = data
		resp.DataSourceData = data
		resp.ListResourceData = data
		return
	}
	apiKey := os.Getenv(EnvAPIKey)
	if !cfg.APIKey.IsNull() {
		apiKey = cfg.APIKey.ValueString()
	}
	baseURL := os.Getenv(EnvBaseURL)
	if !cfg.BaseURL.IsNull() {
		baseURL = cfg.BaseURL.ValueString()
	}
	if strings.TrimSpace(apiKey) == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_key"), "Missing Argil API key", missingAPIKeyDetail)
		return
	}
	clientCfg := argil.Config{
		BaseURL:   baseURL,
		APIKey:    apiKey,
		UserAgent: fmt.Sprintf("terraform-provider-argil/%s (+https://registry.terraform.io/providers/argil-community/argil) Terraform/%s", p.version, req.TerraformVersion),
		Logger:    tflogLogger{secret: apiKey},
	}
	if !cfg.MaxRetries.IsNull() {
		clientCfg.MaxRetries = int(cfg.MaxRetries.ValueInt64())
		if clientCfg.MaxRetries == 0 {
			clientCfg.MaxRetries = -1
		}
	}
	if !cfg.RequestTimeout.IsNull() {
		d, err := time.ParseDuration(cfg.RequestTimeout.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout", err.Error())
			return
		}
		clientCfg.RequestTimeout = d
	}
	if !cfg.CreateRequestTimeout.IsNull() {
		d, err := time.ParseDuration(cfg.CreateRequestTimeout.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("create_request_timeout"), "Invalid create_request_timeout", err.Error())
			return
		}
		clientCfg.CreateRequestTimeout = d
		clientCfg.ReadBackWindow = d
	}
	if !cfg.MaxRequestsPerSecond.IsNull() {
		clientCfg.RequestsPerSecond = cfg.MaxRequestsPerSecond.ValueFloat64()
	}
	clientCfg.ListRefresh = cfg.PollWithList.IsNull() || cfg.PollWithList.ValueBool()
	client, err := argil.New(clientCfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Argil provider configuration", err.Error())
		return
	}
	pc, err := pollConfig(cfg)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("poll_max_interval"), "Invalid poll intervals", err.Error())
		return
	}
	tflog.Debug(ctx, "Configured the Argil client", map[string]any{"base_url": client.BaseURL(), "poll_min_interval": pc.MinInterval.String(), "poll_max_interval": pc.MaxInterval.String()})
	data := &providerData{client: client, poll: pc, clock: poll.RealClock(), renders: newRenderMemory(client.BaseURL())}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
}

func (p *argilProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewVideoRenderResource,
		NewVideoResource,
		NewAssetResource,
		NewWebhookResource,
		NewAvatarResource,
		NewVoiceResource,
	}
}

func (p *argilProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewVideoDataSource,
		NewVideosDataSource,
		NewAssetDataSource,
		NewAssetsDataSource,
		NewSubtitleStylesDataSource,
		NewVideoSubtitlesDataSource,
		NewAvatarDataSource,
		NewAvatarsDataSource,
		NewVoiceDataSource,
		NewVoicesDataSource,
	}
}

func (p *argilProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewVideoListResource,
		NewVideoRenderListResource,
		NewAssetListResource,
		NewWebhookListResource,
		NewAvatarListResource,
		NewVoiceListResource,
	}
}

func (p *argilProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewSplitTranscriptFunction,
	}
}

// tflogLogger adapts the client's logger to tflog, masking the API key in every line.
type tflogLogger struct{ secret string }

func (l tflogLogger) mask(ctx context.Context) context.Context {
	if l.secret == "" {
		return ctx
	}
	return tflog.MaskAllFieldValuesStrings(tflog.MaskMessageStrings(ctx, l.secret), l.secret)
}

func (l tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(l.mask(ctx), msg, fields)
}

func (l tflogLogger) Info(ctx context.Context, msg string, fields map[string]any) {
	tflog.Info(l.mask(ctx), msg, fields)
}

func (l tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(l.mask(ctx), msg, fields)
}
