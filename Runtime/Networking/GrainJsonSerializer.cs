using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ChatDb.Runtime.Networking;

/// <summary>
/// The <see cref="JsonSerializerOptions"/> that grain arguments and results cross the wire with: the
/// application's registered resolvers (source-generated contexts) first, reflection
/// (<see cref="DefaultJsonTypeInfoResolver"/>) as the fallback for everything they do not cover,
/// such as the generated request classes themselves.
/// </summary>
public sealed class GrainJsonSerializer
{
    public GrainJsonSerializer(IEnumerable<GrainJsonResolverRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        var resolvers = registrations.Select(r => r.Resolver).Append(new DefaultJsonTypeInfoResolver()).ToArray();
        Options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(resolvers),
        };
        Options.MakeReadOnly();
    }

    public JsonSerializerOptions Options { get; }
}

/// <summary>One resolver added with <c>AddGrainSerializerContext</c>; registrations keep their order.</summary>
public sealed record GrainJsonResolverRegistration(IJsonTypeInfoResolver Resolver);
