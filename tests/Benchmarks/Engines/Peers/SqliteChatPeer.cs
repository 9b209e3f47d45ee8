namespace ChatDb.Benchmarks.Engines.Peers;

/// <summary>The SQLite peer: a database file per scenario database in the run's scratch directory.</summary>
public sealed class SqliteChatPeer : IChatPeer
{
    public string Name => "sqlite";

    public async Task<IPeerDatabase> CreateDatabaseAsync(BenchmarkContext context, string name, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(context.NewDirectory(name + "-sqlite"), "chat.db");
        // The schema is made by the first connection, before anything is timed.
        await using (new SqliteChatStore(path, synchronousFull: false))
        {
        }

        return new Database(path);
    }

    private sealed class Database(string path) : IPeerDatabase
    {
        public Task<IChatStore> OpenAsync(bool durable, CancellationToken cancellationToken = default) =>
            Task.FromResult<IChatStore>(new SqliteChatStore(path, synchronousFull: durable));

        public async Task<long> SizeBytesAsync(CancellationToken cancellationToken = default)
        {
            await using (var store = new SqliteChatStore(path, synchronousFull: false))
            {
                store.Checkpoint();
            }

            return Measure.DirectorySize(Path.GetDirectoryName(path)!);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
