using System.Globalization;

namespace ChatDb.Silo.Tests.Soak;

/// <summary>
/// The size of a soak run. CI runs <see cref="Ci"/>; <c>scripts/soak.sh</c> sets <c>CHATDB_SOAK_SESSIONS</c>,
/// <c>CHATDB_SOAK_MESSAGES</c>, <c>CHATDB_SOAK_WRITERS</c> and <c>CHATDB_SOAK_READERS</c> for the full run.
/// </summary>
public sealed record SoakSettings(int Sessions, int MessagesPerSession, int Writers, int Readers, int SessionsPerUser = 10)
{
    public static SoakSettings Ci { get; } = new(Sessions: 100, MessagesPerSession: 20, Writers: 16, Readers: 4);

    public static SoakSettings Full { get; } = new(Sessions: 1_000, MessagesPerSession: 100, Writers: 64, Readers: 16);

    /// <summary>The CI size, with each value replaced by its environment variable when set.</summary>
    public static SoakSettings FromEnvironment() => new(
        Read("CHATDB_SOAK_SESSIONS", Ci.Sessions),
        Read("CHATDB_SOAK_MESSAGES", Ci.MessagesPerSession),
        Read("CHATDB_SOAK_WRITERS", Ci.Writers),
        Read("CHATDB_SOAK_READERS", Ci.Readers));

    public int TotalMessages => Sessions * MessagesPerSession;

    public override string ToString() =>
        $"{Sessions} sessions x {MessagesPerSession} messages, {Writers} writers, {Readers} readers";

    private static int Read(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
