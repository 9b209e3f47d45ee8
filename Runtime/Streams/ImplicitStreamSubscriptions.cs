using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ChatDb.Runtime.Streams;

/// <summary>Which grain types are implicitly subscribed to which namespaces; read once from the silo's grain classes.</summary>
internal sealed class ImplicitStreamSubscriptions
{
    private readonly Dictionary<string, GrainType[]> _byNamespace;

    public ImplicitStreamSubscriptions(GrainClassRegistry classes)
    {
        _byNamespace = classes.Classes
            .SelectMany(c => c.ClassType.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>(inherit: false).Select(a => (a.Namespace, c.GrainType)))
            .GroupBy(pair => pair.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(pair => pair.GrainType).Distinct().ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyList<GrainType> ConsumersOf(string streamNamespace) => _byNamespace.GetValueOrDefault(streamNamespace) ?? [];

    public bool IsSubscribed(GrainType grainType, string streamNamespace) => ConsumersOf(streamNamespace).Contains(grainType);

    /// <summary>Stable across restarts and silos: derived from the provider, the grain type and the stream.</summary>
    public static Guid SubscriptionId(string providerName, GrainType grainType, StreamId streamId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"implicit\n{providerName}\n{grainType.Value}\n{streamId}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
