using ChatDb.Grains.Hosting;
using ChatDb.Silo.Api;
using ChatDb.Silo.WebConsole;
using ChatDb.Silo.Auth;
using ChatDb.Silo.Cluster;
using ChatDb.Silo.Health;
using ChatDb.Silo.Plugins;
using ChatDb.Silo.Telemetry;
using ChatDb.Storage;
using ChatDb.Storage.Flatfile;
using ChatDb.Storage.Hosting;
using ChatDb.Storage.Flatfile.Options;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;

namespace ChatDb.Silo;

/// <summary>
/// The silo executable: configuration in the documented layers, an Orleans silo with flatfile storage, the
/// HTTP endpoints, a <c>ready</c> line on stdout once calls are accepted, a clean stop on SIGTERM/Ctrl-C.
/// Start-up failures (bad settings, a data directory in use, an address beyond loopback without authentication) end with one line on stderr naming the
/// setting and exit code <see cref="StartupFailedExitCode"/>.
/// </summary>
public static class SiloApplication
{
    public const int StartupFailedExitCode = 1;

    /// <summary>The cluster's membership table could not be reached at start (docs/CLUSTER.md): a restart may succeed.</summary>
    public const int MembershipUnreachableExitCode = 2;

    /// <summary>Where Orleans' dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";


    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        WebApplication app;
        SiloSettings settings;
        try
        {
            (app, settings) = Build(args);
        }
        catch (Exception e) when (StartupFailure.Describe(e) is { } message)
        {
            await error.WriteLineAsync($"ChatDb silo cannot start: {message}").ConfigureAwait(false);
            return StartupFailedExitCode;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                // Settings are checked and the data directory locked before anything listens, so a second
                // silo on the same directory fails on the lock, not on a port that happens to be taken.
                app.Services.GetService<IStartupValidator>()?.Validate();
                app.Services.GetRequiredService<FlatfileDataDirectory>();
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (MembershipUnreachable.Describe(e, settings.Cluster) is { } message)
            {
                await error.WriteLineAsync($"ChatDb silo cannot start: {message}").ConfigureAwait(false);
                return MembershipUnreachableExitCode;
            }
            catch (Exception e) when (StartupFailure.Describe(e) is { } message)
            {
                await error.WriteLineAsync($"ChatDb silo cannot start: {message}").ConfigureAwait(false);
                return StartupFailedExitCode;
            }

            await output.WriteLineAsync(ReadyLine(app, settings)).ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
            await app.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Builds the silo host from command-line arguments, environment and appsettings files.</summary>
    public static (WebApplication App, SiloSettings Settings) Build(string[] args)
    {
        var environment = ChatDbConfiguration.ResolveEnvironmentName(null);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Exactly the documented layers (ChatDbConfiguration), not ASP.NET Core's defaults.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(
            ChatDbConfiguration.Build(SiloCommandLine.Translate(args), environment, AppContext.BaseDirectory));
        var settings = SiloSettings.From(builder.Configuration);

        RemovedHostSettings.EnsureNoneIn(builder.Configuration);

        // Who may reach what is settled before anything listens: an HTTP address beyond loopback needs API keys,
        // the Orleans gateway beyond loopback needs mutual TLS, or the silo does not start (docs/SECURITY.md).
        var auth = AuthSettings.From(builder.Configuration.GetSection(ChatDbAuthOptions.SectionName).Get<ChatDbAuthOptions>() ?? new ChatDbAuthOptions());
        ExposureRule.CheckHttp(ExposureRule.HttpUrls(builder.Configuration, settings), auth);
        ExposureRule.CheckGateway(settings.GatewayAddress, settings.Tls);

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.WebHost.UseUrls(settings.Http.ToString());
        builder.Services.AddSingleton<SiloReadiness>();
        builder.Services.AddChatDbApi();

        // Plugin modules from modules/ (or Modules:PluginsPath), each in its own load context (docs/MODULES.md, "Plugins").
        var plugins = ChatPluginLoader.Load(builder.Configuration, AppContext.BaseDirectory);
        builder.Services.AddChatPlugins(plugins);
        if (ChatDbTelemetryServiceCollectionExtensions.Validate(builder.Configuration) is [_, ..] telemetryFailures)
        {
            throw new ConfigurationError(string.Join(" ", telemetryFailures));
        }

        // Metrics and traces over OTLP when Telemetry:OtlpEndpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) is set; nothing otherwise.
        builder.Services.AddChatDbTelemetry(builder.Configuration);
        builder.UseOrleans(silo => ConfigureSilo(silo, settings, plugins));

        var app = builder.Build();
        MapEndpoints(app);
        app.Services.LogChatPlugins();
        var readiness = app.Services.GetRequiredService<SiloReadiness>();
        readiness.TrackMembership(app.Services);
        app.Lifetime.ApplicationStarted.Register(readiness.MarkReady);
        app.Lifetime.ApplicationStopping.Register(readiness.MarkStopping);
        return (app, settings);
    }

    private static void ConfigureSilo(ISiloBuilder silo, SiloSettings settings, IReadOnlyList<LoadedPlugin> plugins)
    {
        // Localhost clustering (one silo, membership in memory) unless Cluster:Membership names Redis or Azure tables;
        // the gateway listens on the configured address (docs/CLUSTER.md).
        silo.UseChatDbMembership(settings);

        // Mutual TLS covers the gateway and silo-to-silo connections alike; clients must present a certificate
        // from the same authority (docs/SECURITY.md).
        if (settings.Tls is { } tls)
        {
            silo.UseTls(tls.Configure);
        }

        // Chat events are derived from data that is already durable (messages, sessions), so they travel on
        // memory streams: live followers (SSE) see them, nothing is written twice. In azure mode they travel on
        // Azure queues instead, so an event published survives the silo that would have delivered it.
        // Plugins first: their module names must be known when AddChatGrains checks the Modules section.
        silo.AddChatPluginModules(plugins)
            .AddChatGrains()
            .AddFlatfileGrainStorageAsDefault()
            .AddChatDbEventStreams(settings)
            .AddChatSearch()
            .AddChatBus()
            .AddChatRetention();

        // Orleans' dashboard at /dashboard (MapEndpoints), without the live log view: log lines can carry user data.
        silo.AddDashboard(dashboard => dashboard.HideTrace = true);
    }

    /// <summary>The HTTP surface. REST endpoints (Silo/Api) are mapped here, next to the health check.</summary>
    private static void MapEndpoints(WebApplication app)
    {
        app.MapHealth();
        app.MapChatDbApi();

        // The web console: its files load without a key; the page then asks for one (docs/CONSOLE.md).
        app.MapChatDbConsole();

        // Admin only, like every route not marked for a user's key; a browser signs in with HTTP Basic,
        // the admin API key as the password (docs/SECURITY.md).
        app.MapOrleansDashboard(DashboardPath).RequireAuthorization(ApiAccessRequirement.PolicyName).ExcludeFromDescription();
    }

    private static string ReadyLine(WebApplication app, SiloSettings settings)
    {
        var data = app.Services.GetRequiredService<FlatfileDataDirectory>().Layout.BaseDirectory;
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()?.Addresses;
        var http = addresses is { Count: > 0 } ? string.Join(",", addresses) : settings.Http.ToString();
        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var gateway = endpoints.GatewayListeningEndpoint?.ToString() ?? $"{endpoints.AdvertisedIPAddress}:{endpoints.GatewayPort}";
        return $"ChatDb silo ready: data={data} gateway={gateway} http={http}";
    }
}
