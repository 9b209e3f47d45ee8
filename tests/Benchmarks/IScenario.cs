namespace ChatDb.Benchmarks;

/// <summary>
/// One measured scenario. Add a scenario by implementing this and listing it in
/// <see cref="ScenarioCatalog"/>; the runner prints it and writes it to the JSON report.
/// </summary>
public interface IScenario
{
    /// <summary>Stable name, used by <c>--scenario</c> and in the JSON report.</summary>
    string Name { get; }

    /// <summary>Unit of the figures, e.g. <c>appends/s</c> or <c>µs median</c>.</summary>
    string Unit { get; }

    Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken);
}

/// <summary>ChatDb's figure and, when the scenario has a SQLite peer, SQLite's figure in the same unit.</summary>
public sealed record ScenarioResult(double ChatDb, double? Sqlite = null);

/// <summary>What every scenario gets: the mode and a scratch directory of its own.</summary>
public sealed class BenchmarkContext(bool quick, string root)
{
    public bool Quick { get; } = quick;

    /// <summary>How long one round of a throughput scenario runs per engine.</summary>
    public TimeSpan Duration => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    /// <summary>
    /// Rounds of a throughput scenario; the engines alternate and the median round counts, because
    /// fsync latency on shared machines drifts by 2-3x within a minute.
    /// </summary>
    public int Rounds => Quick ? 1 : 3;

    public string NewDirectory(string name)
    {
        var path = Path.Combine(root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
