using System.Text.Json;

namespace ChatDb.Runtime.Storage.Memory;

/// <summary>Options of <see cref="MemoryGrainStorage"/>, one named instance per registered provider.</summary>
public sealed class MemoryGrainStorageOptions
{
    /// <summary>
    /// How state is copied in and out. Stored values are kept as JSON so callers never share a
    /// reference with the store; <c>null</c> uses <see cref="JsonSerializerOptions.Default"/>, which
    /// (like the flatfile provider) sees public properties, not fields.
    /// </summary>
    public JsonSerializerOptions? SerializerOptions { get; set; }
}
