using ChatDb.Grains.Agents;
using ChatDb.Grains.Bus;
using ChatDb.Storage;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChatDb.Silo.Telemetry;

public static class ChatDbTelemetryServiceCollectionExtensions
{
    /// <summary>The standard variable of OpenTelemetry SDKs, honoured when <c>Telemetry:OtlpEndpoint</c> is not set.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Orleans' own meter (activations, messaging, streams).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>
    /// Metrics (meters <c>ChatDb</c>, <c>Microsoft.Orleans</c>, ASP.NET Core's) and traces (REST requests, agent runs of
    /// <see cref="AgentTelemetry.SourceName"/>) exported over OTLP when an endpoint is configured, and nothing otherwise.
    /// <paramref name="extraMetrics"/> adds a reader (tests: an in-memory exporter) and turns collection on by itself.
    /// </summary>
    public static IServiceCollection AddChatDbTelemetry(
        this IServiceCollection services, IConfiguration configuration, Action<MeterProviderBuilder>? extraMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var endpoint = Endpoint(options);
        if (endpoint is null && extraMetrics is null)
        {
            return services;
        }

        var protocol = Protocol(options);
        var builder = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(options.ServiceName));
        builder.WithMetrics(metrics =>
        {
            metrics.AddMeter(ChatDbMetrics.MeterName, OrleansMeterName).AddAspNetCoreInstrumentation();
            if (endpoint is not null)
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = SignalEndpoint(endpoint, protocol, "v1/metrics");
                    exporter.Protocol = protocol;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.MetricsExportIntervalSeconds * 1000;
                });
            }

            extraMetrics?.Invoke(metrics);
        });
        if (endpoint is not null)
        {
            builder.WithTracing(tracing => tracing
                .AddSource(AgentTelemetry.SourceName)
                .AddSource(ChatBusTracingFilter.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(exporter =>
                {
                    exporter.Endpoint = SignalEndpoint(endpoint, protocol, "v1/traces");
                    exporter.Protocol = protocol;
                }));
        }

        return services;
    }

    /// <summary>Checks the section; every failure names its setting.</summary>
    public static List<string> Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var failures = new List<string>();
        var endpoint = !string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? options.OtlpEndpoint : Environment.GetEnvironmentVariable(OtlpEndpointVariable);
        if (!string.IsNullOrWhiteSpace(endpoint) && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            failures.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.OtlpEndpoint)} (or {OtlpEndpointVariable}) must be an http:// or https:// URL (was '{endpoint}').");
        }

        if (options.OtlpProtocol is not ("http/protobuf" or "grpc"))
        {
            failures.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.OtlpProtocol)} must be 'http/protobuf' or 'grpc' (was '{options.OtlpProtocol}').");
        }

        if (options.MetricsExportIntervalSeconds <= 0)
        {
            failures.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.MetricsExportIntervalSeconds)} must be positive (was {options.MetricsExportIntervalSeconds}).");
        }

        return failures;
    }

    private static Uri? Endpoint(TelemetryOptions options)
    {
        var text = !string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? options.OtlpEndpoint : Environment.GetEnvironmentVariable(OtlpEndpointVariable);
        return string.IsNullOrWhiteSpace(text) ? null : new Uri(text, UriKind.Absolute);
    }

    private static OtlpExportProtocol Protocol(TelemetryOptions options) =>
        options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;

    /// <summary>Over HTTP each signal has its own path under the base endpoint (the SDK appends none when the endpoint is set in code).</summary>
    private static Uri SignalEndpoint(Uri endpoint, OtlpExportProtocol protocol, string path) =>
        protocol == OtlpExportProtocol.Grpc ? endpoint : new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + path);
}
