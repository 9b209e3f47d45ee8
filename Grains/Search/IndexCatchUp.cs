namespace ChatDb.Grains.Search;

/// <summary>What to do to bring a session's index entries level with its log.</summary>
public enum CatchUpAction
{
    UpToDate,

    /// <summary>Feed the log's messages from <see cref="IndexCatchUp.FromSeq"/> on.</summary>
    Feed,

    /// <summary>The index covers messages the log no longer has (a cut torn tail): remove the session and feed it all.</summary>
    Reindex,
}

/// <summary>
/// The rule that keeps the index subordinate to the logs: compare the session's high-water mark in
/// the index with the log's message count (seqs run 1..count without gaps).
/// </summary>
public readonly record struct IndexCatchUp(CatchUpAction Action, long FromSeq)
{
    public static IndexCatchUp Plan(long indexedHighWaterMark, long logCount) =>
        indexedHighWaterMark == logCount ? new(CatchUpAction.UpToDate, logCount + 1)
        : indexedHighWaterMark < logCount ? new(CatchUpAction.Feed, indexedHighWaterMark + 1)
        : new(CatchUpAction.Reindex, 1);
}
