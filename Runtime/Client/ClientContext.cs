using System.Text.Json;

namespace ChatDb.Runtime.Client;

/// <summary>What every connection of one client shares.</summary>
internal sealed class ClientContext(
    ClusterClientOptions options,
    string clientId,
    JsonSerializerOptions serializerOptions,
    RemoteExceptionFactory exceptions,
    TimeProvider timeProvider,
    ClientLog log)
{
    public ClusterClientOptions Options { get; } = options;

    public string ClientId { get; } = clientId;

    public JsonSerializerOptions SerializerOptions { get; } = serializerOptions;

    public RemoteExceptionFactory Exceptions { get; } = exceptions;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ClientLog Log { get; } = log;
}
