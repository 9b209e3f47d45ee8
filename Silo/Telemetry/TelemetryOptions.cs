namespace ChatDb.Silo.Telemetry;

/// <summary>
/// Section <c>Telemetry</c>: where the silo sends its metrics and traces (OTLP). Without an endpoint (here or in the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable) no OpenTelemetry provider is built and nothing is collected.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The OTLP receiver, e.g. <c>http://127.0.0.1:4318</c> (OTLP over HTTP, protobuf) or <c>http://127.0.0.1:4317</c> with <see cref="OtlpProtocol"/> grpc.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (default) or <c>grpc</c>.</summary>
    public string OtlpProtocol { get; set; } = "http/protobuf";

    /// <summary>How often metrics are exported.</summary>
    public int MetricsExportIntervalSeconds { get; set; } = 15;

    /// <summary>The service name the exported data carries.</summary>
    public string ServiceName { get; set; } = "chatdb-silo";
}
