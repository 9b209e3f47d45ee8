using System.Globalization;

namespace ChatDb.CrashLoop;

/// <summary>The figures of one run and every violation found; <see cref="Succeeded"/> when there is none.</summary>
public sealed record CrashLoopResult(
    int Kills,
    int KillsRequested,
    long Acknowledged,
    long Verified,
    long Retries,
    int RepairsSeenAfterKills,
    int FilesChecked,
    TimeSpan Duration,
    IReadOnlyList<string> Failures,
    int FailureCount)
{
    public bool Succeeded => FailureCount == 0 && Kills == KillsRequested && Verified == Acknowledged;

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"crash-loop {(Succeeded ? "OK" : "FAILED")}: kills survived {Kills}/{KillsRequested}, messages acknowledged {Acknowledged}, " +
        $"verified {Verified}, retried adds {Retries}, torn tails/stale indexes seen right after kills {RepairsSeenAfterKills}, " +
        $"files checked {FilesChecked}, violations {FailureCount}, duration {Duration.TotalSeconds:F1} s");
}
