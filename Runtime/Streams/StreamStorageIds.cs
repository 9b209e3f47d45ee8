namespace ChatDb.Runtime.Streams;

/// <summary>
/// How streams are named in the storage contracts, for providers that map them to their own layout
/// (the flatfile provider writes a stream's log to <c>{base}/streams/{namespace}/{key}.jsonl</c>):
/// <list type="bullet">
/// <item>items: <see cref="Storage.IGrainLogStorage"/>, log name = the stream provider's name, grain id = <see cref="ToGrainId"/>;</item>
/// <item>subscriptions: <see cref="Storage.IGrainStorage"/>, state name = <see cref="PubSubStateName"/>, same grain id,
/// state type <see cref="PubSubState"/>.</item>
/// </list>
/// </summary>
public static class StreamStorageIds
{
    /// <summary>The grain type of stream storage ids; no grain class has it.</summary>
    public const string GrainType = "stream";

    /// <summary><c>stream/{namespace}/{key}</c>: type <see cref="GrainType"/>, key <c>{namespace}/{key}</c> (namespaces contain no <c>/</c>).</summary>
    public static GrainId ToGrainId(StreamId streamId) => new(new GrainType(GrainType), streamId.ToString());

    /// <summary>The inverse of <see cref="ToGrainId"/>; false for any other grain id.</summary>
    public static bool TryGetStreamId(GrainId grainId, out StreamId streamId)
    {
        streamId = default;
        var separator = grainId.Key.IndexOf(StreamId.Separator, StringComparison.Ordinal);
        if (grainId.Type.Value != GrainType || separator <= 0 || separator == grainId.Key.Length - 1)
        {
            return false;
        }

        streamId = StreamId.Create(grainId.Key[..separator], grainId.Key[(separator + 1)..]);
        return true;
    }

    /// <summary>State name of a stream's subscription record for stream provider <paramref name="providerName"/>.</summary>
    public static string PubSubStateName(string providerName) => "pubsub." + providerName;
}
