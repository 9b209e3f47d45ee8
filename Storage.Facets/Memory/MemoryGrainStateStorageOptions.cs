using System.Text.Json;

namespace ChatDb.Storage.Memory;

/// <summary>Options of <see cref="MemoryGrainStateStorage"/>, one named instance per registered provider.</summary>
public sealed class MemoryGrainStateStorageOptions
{
    /// <summary>
    /// How state is copied in and out; <c>null</c> uses <see cref="JsonSerializerOptions.Default"/>, which
    /// (like the flatfile provider) sees public properties, not fields.
    /// </summary>
    public JsonSerializerOptions? SerializerOptions { get; set; }
}
