namespace ChatDb.Runtime.Streams;

/// <summary>A named stream provider (Orleans' <c>IStreamProvider</c>), registered with <c>AddMemoryStreams</c> or <c>AddPersistentStreams</c>.</summary>
public interface IStreamProvider
{
    string Name { get; }

    /// <summary>Whether subscribers can start from a past token. True for both providers here (memory: within its buffer).</summary>
    bool IsRewindable { get; }

    /// <summary>A handle on the stream; cheap, creates nothing durable.</summary>
    /// <exception cref="InvalidOperationException">The stream is already in use in this silo with another item type.</exception>
    IAsyncStream<T> GetStream<T>(StreamId streamId);
}
