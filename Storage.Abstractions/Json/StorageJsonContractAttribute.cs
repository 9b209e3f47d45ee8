using System.Text.Json.Serialization;

namespace ChatDb.Storage.Json;

/// <summary>
/// Names the source-generated <see cref="JsonSerializerContext"/> that holds the metadata of a stored type, so
/// <see cref="StorageJson"/> reads and writes it without building that metadata by reflection and without
/// reflection-based constructor calls for every record read. The context must spell the type as
/// <see cref="StorageJson"/> does (snake_case names; the options' converters still apply); the layer that owns the
/// type declares it, and storage, which cannot know the type, finds it here.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class StorageJsonContractAttribute : Attribute
{
    public StorageJsonContractAttribute(Type contextType)
    {
        ArgumentNullException.ThrowIfNull(contextType);
        if (!typeof(JsonSerializerContext).IsAssignableFrom(contextType))
        {
            throw new ArgumentException($"{contextType} is not a JsonSerializerContext.", nameof(contextType));
        }

        ContextType = contextType;
    }

    public Type ContextType { get; }
}
