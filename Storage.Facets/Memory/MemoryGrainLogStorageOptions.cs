using System.Text.Json;

namespace ChatDb.Storage.Memory;

/// <summary>
/// Options of <see cref="MemoryGrainLogStorage"/>. A type of its own, apart from
/// <see cref="MemoryGrainStateStorageOptions"/>, because a state store and a log store are usually
/// registered under the same name and named options are keyed by type and name.
/// </summary>
public sealed class MemoryGrainLogStorageOptions
{
    /// <summary>How entries are copied in and out; <c>null</c> uses <see cref="JsonSerializerOptions.Default"/>.</summary>
    public JsonSerializerOptions? SerializerOptions { get; set; }
}
