namespace ChatDb.Benchmarks.Engines.Peers;

/// <summary>
/// A database a chat server would otherwise use, measured beside ChatDb: SQLite (embedded) or PostgreSQL (a
/// server of the benchmark's own). <see cref="Name"/> is the report's column.
/// </summary>
public interface IChatPeer
{
    string Name { get; }

    /// <summary>An empty database with the chat schema, named after <paramref name="name"/> (a scenario's name).</summary>
    Task<IPeerDatabase> CreateDatabaseAsync(BenchmarkContext context, string name, CancellationToken cancellationToken = default);
}
