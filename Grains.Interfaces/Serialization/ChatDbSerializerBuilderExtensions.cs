using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Serialization;

namespace ChatDb.Grains.Serialization;

/// <summary>
/// How the chat grains' wire records cross Orleans: as System.Text.Json with the source-generated
/// <see cref="ChatDbJsonContext"/> (the same shapes REST clients see). Silos and clients register it the
/// same way; the storage errors keep Orleans' own generated codecs, so they arrive with type, message and facts.
/// </summary>
public static class ChatDbSerializerBuilderExtensions
{
    private static readonly JsonSerializerOptions WireJson = new(ChatDbJsonContext.Default.Options)
    {
        // The context covers what the grains take and return; the reflection resolver is the fallback for a
        // record reached only through a base type or a collection the context does not list.
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ChatDbJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>Adds the JSON codec for the chat grains' records (and the <see cref="JsonElement"/> values in their metadata).</summary>
    public static ISerializerBuilder AddChatDbSerializer(this ISerializerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddJsonSerializer(IsWireRecord, WireJson);
    }

    /// <summary>True for the records of this assembly and for JSON values; never for exceptions or grain interfaces.</summary>
    public static bool IsWireRecord(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type == typeof(JsonElement))
        {
            return true;
        }

        return type.Assembly == typeof(ChatDbJsonContext).Assembly
            && !type.IsInterface
            && !typeof(Exception).IsAssignableFrom(type)
            && !typeof(System.Text.Json.Serialization.JsonSerializerContext).IsAssignableFrom(type);
    }
}
