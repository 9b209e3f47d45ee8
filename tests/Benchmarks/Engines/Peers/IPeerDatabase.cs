namespace ChatDb.Benchmarks.Engines.Peers;

/// <summary>
/// A scenario's database on a relational peer, with the chat schema and no rows: a SQLite file of its own, a
/// PostgreSQL schema of its own. Disposing it drops what the peer keeps outside the run's scratch directory.
/// </summary>
public interface IPeerDatabase : IAsyncDisposable
{
    /// <summary>A new connection; <paramref name="durable"/> commits wait for stable storage, buffered ones do not.</summary>
    Task<IChatStore> OpenAsync(bool durable, CancellationToken cancellationToken = default);

    /// <summary>Bytes the database takes on disk, with every store closed (write-ahead log excluded: checkpointed or not counted).</summary>
    Task<long> SizeBytesAsync(CancellationToken cancellationToken = default);
}
