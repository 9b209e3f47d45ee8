namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>Where a long operation reports how far it got (a progress bar, plain lines, nothing).</summary>
public interface IMaintenanceProgress
{
    /// <summary>Called often (every few thousand items); implementations throttle their own output.</summary>
    void Report(ProgressUpdate update);
}

/// <param name="Stage">What is being done ("export", "verify", "restore: extract", ...).</param>
/// <param name="Done">Items done so far.</param>
/// <param name="Total">Items in all, when known beforehand.</param>
/// <param name="Unit">What an item is ("records", "files", "bytes").</param>
public sealed record ProgressUpdate(string Stage, long Done, long? Total, string Unit);

/// <summary>Progress that goes nowhere.</summary>
public sealed class NoProgress : IMaintenanceProgress
{
    public static NoProgress Instance { get; } = new();

    public void Report(ProgressUpdate update)
    {
    }
}

/// <summary>Counts items and reports every <see cref="Every"/>-th one and at the end.</summary>
internal sealed class ProgressCounter(IMaintenanceProgress progress, string stage, string unit, long? total = null)
{
    private const long Every = 4096;

    public long Done { get; private set; }

    public void Add(long items = 1)
    {
        var before = Done;
        Done += items;
        if (before / Every != Done / Every)
        {
            progress.Report(new ProgressUpdate(stage, Done, total, unit));
        }
    }

    public void Finish() => progress.Report(new ProgressUpdate(stage, Done, total ?? Done, unit));
}
