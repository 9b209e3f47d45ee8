namespace ChatDb.Benchmarks.Engines.Peers;

/// <summary>
/// The relational peers a scenario runs beside ChatDb: SQLite always, PostgreSQL when its server is running
/// (otherwise <see cref="PostgresMissing"/> says why, and the scenario reports that with its other figures).
/// </summary>
public sealed record PeerSet(IChatPeer Sqlite, IChatPeer? Postgres, string? PostgresMissing)
{
    /// <summary>The peers to measure, SQLite first.</summary>
    public IReadOnlyList<IChatPeer> Available => Postgres is null ? [Sqlite] : [Sqlite, Postgres];

    /// <summary>
    /// The scenario's result from ChatDb's figure and the peers' figures in <see cref="Available"/> order (the shape
    /// <see cref="Measure.AlternateAsync(int, IReadOnlyList{Func{Task{double}}})"/> returns: ChatDb first).
    /// </summary>
    public ScenarioResult Result(IReadOnlyList<double> figures) =>
        figures.Count != Available.Count + 1
            ? throw new ArgumentException($"expected {Available.Count + 1} figures (ChatDb and each peer), got {figures.Count}.", nameof(figures))
            : new ScenarioResult(figures[0], figures[1], Postgres: Postgres is null ? null : figures[2], PostgresMissing: PostgresMissing);

    /// <summary>
    /// Each available peer's figure, measured by <paramref name="measure"/> one peer after the other, for scenarios that
    /// build something once instead of alternating rounds (ChatDb's figure comes first, as in <see cref="Result"/>).
    /// </summary>
    public async Task<ScenarioResult> MeasureEachAsync(double chatdb, Func<IChatPeer, Task<double>> measure)
    {
        var figures = new List<double> { chatdb };
        foreach (var peer in Available)
        {
            figures.Add(await measure(peer));
        }

        return Result(figures);
    }
}
