using System.Text.Json.Serialization.Metadata;
using ChatDb.Runtime.Networking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatDb.Runtime.Hosting;

/// <summary>Registration of the JSON metadata grain arguments and results are (de)serialized with.</summary>
public static class GrainSerializerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <paramref name="resolver"/> (typically <c>MyJsonContext.Default</c>) ahead of the reflection
    /// fallback; resolvers are asked in the order they were added. Silo and client must agree on the
    /// shapes, so register the same contexts on both.
    /// </summary>
    public static IServiceCollection AddGrainSerializerContext(this IServiceCollection services, IJsonTypeInfoResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(resolver);
        services.AddSingleton(new GrainJsonResolverRegistration(resolver));
        return services.AddGrainSerializer();
    }

    internal static IServiceCollection AddGrainSerializer(this IServiceCollection services)
    {
        services.TryAddSingleton<GrainJsonSerializer>();
        return services;
    }
}
