using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ChatDb.Runtime.Gateway;

/// <summary>What every connection of one gateway shares.</summary>
internal sealed class GatewayContext(
    string siloName,
    int maxFrameSize,
    IGrainCallInvoker invoker,
    JsonSerializerOptions serializerOptions,
    IGatewayAuthenticator authenticator,
    IReadOnlyDictionary<string, string> grainTypes,
    TimeProvider timeProvider,
    GatewayMetrics metrics,
    ILogger logger)
{
    /// <summary>How long a new connection may take to say hello.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    public string SiloName { get; } = siloName;

    public int MaxFrameSize { get; } = maxFrameSize;

    public IGrainCallInvoker Invoker { get; } = invoker;

    public JsonSerializerOptions SerializerOptions { get; } = serializerOptions;

    public IGatewayAuthenticator Authenticator { get; } = authenticator;

    public IReadOnlyDictionary<string, string> GrainTypes { get; } = grainTypes;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public GatewayMetrics Metrics { get; } = metrics;

    public GatewayLog Log { get; } = new(logger);
}
