using ChatDb.Benchmarks.Engines.Peers;

namespace ChatDb.Benchmarks;

/// <summary>
/// One measured scenario. Add a scenario by implementing this and listing it in
/// <see cref="ScenarioCatalog"/>; the runner prints it and writes it to the JSON report.
/// </summary>
public interface IScenario
{
    /// <summary>Stable name, used by <c>--scenario</c> and in the JSON report.</summary>
    string Name { get; }

    /// <summary>Unit of the figures: <c>msgs/s</c>, <c>calls/s</c>, <c>us</c>, <c>ms</c>, <c>bytes</c> or <c>ratio</c>.</summary>
    string Unit { get; }

    /// <summary>True for throughputs; false for latencies and sizes. Decides which way the ratio is taken.</summary>
    bool HigherIsBetter { get; }

    /// <summary>The target: on the ratio when there is a SQLite peer, on ChatDb's own figure otherwise.</summary>
    ScenarioGoal Goal { get; }

    Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken);
}

/// <summary>
/// ChatDb's figure and, when the scenario has relational peers, SQLite's and PostgreSQL's figures in the same unit.
/// A scenario that cannot run yet returns <see cref="NotAvailable"/> with the reason, and reports nulls; when only
/// PostgreSQL is missing, <see cref="PostgresMissing"/> says why and the other figures stand.
/// </summary>
public sealed record ScenarioResult(double? ChatDb, double? Sqlite = null, string? Missing = null, double? Postgres = null, string? PostgresMissing = null)
{
    public static ScenarioResult NotAvailable(string reason) => new(null, null, reason);
}

/// <summary>
/// A goal: the figure must be at least (or, with <paramref name="AtMost"/>, at most) <paramref name="Value"/>. A goal with
/// two conditions also holds ChatDb's own figure to at most <paramref name="ChatDbAtMost"/>; with
/// <paramref name="BothPeers"/> the ratio goal holds against PostgreSQL too, when it ran.
/// </summary>
public sealed record ScenarioGoal(double Value, bool AtMost = false, double? ChatDbAtMost = null, bool BothPeers = false)
{
    public bool IsMetBy(double? figure) => figure is { } f && (AtMost ? f <= Value : f >= Value);

    public override string ToString()
    {
        var text = (AtMost ? "<= " : ">= ") + Format(Value) + (BothPeers ? " both" : string.Empty);
        return ChatDbAtMost is { } ceiling ? $"{text}, chatdb <= {Format(ceiling)}" : text;
    }

    private static string Format(double value) => value.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What every scenario gets: the mode and a scratch directory of its own.</summary>
public sealed class BenchmarkContext(bool quick, string root, BenchmarkPeers peers)
{
    /// <summary>The relational peers of the run (SQLite, and PostgreSQL when it can be started).</summary>
    public BenchmarkPeers Peers { get; } = peers;

    public bool Quick { get; } = quick;

    /// <summary>Picks the quick-mode or the full-mode size of a scenario.</summary>
    public int Scale(int quick, int full) => Quick ? quick : full;

    /// <summary>How long one round of a throughput scenario runs per engine.</summary>
    public TimeSpan Duration => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a scenario drives its calls untimed before its first timed round: long enough for tiered
    /// compilation to have promoted the call path (call counting starts 100 ms after the last tier-0 compile,
    /// promotion happens on a background thread) on a shared 2-core machine.
    /// </summary>
    public TimeSpan WarmUp => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5);

    /// <summary>
    /// Rounds of a throughput scenario; the engines alternate and the median round counts, because
    /// fsync latency on shared machines drifts by 2-3x within a minute.
    /// </summary>
    public int Rounds => Quick ? 3 : 5;

    public string NewDirectory(string name)
    {
        var path = Path.Combine(root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
