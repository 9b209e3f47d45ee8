using System.Globalization;

namespace ChatDb.Silo.Tests.Soak;

/// <summary>What a soak run measured and every violation it saw (empty when the run was clean).</summary>
public sealed record SoakResult(
    SoakSettings Settings,
    long Acknowledged,
    long PagesRead,
    long MessagesReadWhileWriting,
    TimeSpan WriteDuration,
    long PeakWorkingSetBytes,
    long WorkingSetAfterBytes,
    IReadOnlyList<string> Violations)
{
    public double MessagesPerSecond => Acknowledged / Math.Max(WriteDuration.TotalSeconds, 0.001);

    /// <summary>One line for logs and <c>docs/RELIABILITY.md</c>.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"soak: {Settings}; acknowledged {Acknowledged} in {WriteDuration.TotalSeconds:0.0} s ({MessagesPerSecond:0} messages/s); " +
        $"readers: {PagesRead} pages, {MessagesReadWhileWriting} messages checked; " +
        $"silo working set peak {PeakWorkingSetBytes / (1024.0 * 1024):0} MiB, after {WorkingSetAfterBytes / (1024.0 * 1024):0} MiB; " +
        $"violations {Violations.Count}");
}
