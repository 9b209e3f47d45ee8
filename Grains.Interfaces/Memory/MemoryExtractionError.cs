using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// The extraction model failed or answered something that is not a valid list of operations; nothing was applied. The
/// message names the model and what was wrong, never the endpoint's own answer (REST: 502).
/// </summary>
[GenerateSerializer, Alias("chatdb.MemoryExtractionError")]
public sealed class MemoryExtractionError : Exception
{
    public MemoryExtractionError() { }

    public MemoryExtractionError(string message) : base(message) { }

    public MemoryExtractionError(string message, Exception? innerException) : base(message, innerException) { }
}
