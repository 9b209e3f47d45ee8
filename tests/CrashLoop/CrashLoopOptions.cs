using System.Globalization;

namespace ChatDb.CrashLoop;

/// <summary>
/// One run of the kill loop: how many SIGKILLs, how many sessions and writers, the seed of every random
/// choice, the data directory and the silo executable, and the window a kill falls into.
/// </summary>
public sealed record CrashLoopOptions
{
    public int Kills { get; init; } = 20;

    public int Sessions { get; init; } = 100;

    public int Writers { get; init; } = 10;

    public int Seed { get; init; } = 1;

    public required string DataDirectory { get; init; }

    public required string SiloPath { get; init; }

    /// <summary>The command line (<c>chatdb.dll</c>); when set, <c>chatdb verify</c> must pass on the data directory at the end.</summary>
    public string? ChatdbPath { get; init; }

    /// <summary>Shortest time writers run between a restart and the next kill.</summary>
    public TimeSpan MinKillDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest time writers run between a restart and the next kill.</summary>
    public TimeSpan MaxKillDelay { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>How long to wait for the silo's ready line after a (re)start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public const string Usage =
        "usage: ChatDb.CrashLoop --data DIR --silo PATH/ChatDb.Silo.dll [--chatdb PATH/chatdb.dll] [--kills N] [--sessions 100] [--writers K] [--seed S] [--min-delay-ms 50] [--max-delay-ms 400]";

    /// <exception cref="ArgumentException">An unknown switch, a missing value or a value out of range; the message names it.</exception>
    public static CrashLoopOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"'{name}' is not a switch followed by a value. {Usage}");
            }

            values[name] = args[++i];
        }

        string Take(string name) => values.Remove(name, out var value) ? value : throw new ArgumentException($"{name} is required. {Usage}");
        int Number(string name, int fallback, int min) =>
            values.Remove(name, out var text) switch
            {
                false => fallback,
                true when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min => n,
                _ => throw new ArgumentException($"{name} must be a whole number of at least {min} (was '{text}')."),
            };

        var options = new CrashLoopOptions
        {
            DataDirectory = Path.GetFullPath(Take("--data")),
            SiloPath = Path.GetFullPath(Take("--silo")),
            ChatdbPath = values.Remove("--chatdb", out var chatdb) ? Path.GetFullPath(chatdb) : null,
            Kills = Number("--kills", 20, 0),
            Sessions = Number("--sessions", 100, 1),
            Writers = Number("--writers", 10, 1),
            Seed = Number("--seed", 1, 0),
            MinKillDelay = TimeSpan.FromMilliseconds(Number("--min-delay-ms", 50, 0)),
            MaxKillDelay = TimeSpan.FromMilliseconds(Number("--max-delay-ms", 400, 1)),
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown switch {string.Join(", ", values.Keys)}. {Usage}");
        }

        return options.MaxKillDelay < options.MinKillDelay
            ? throw new ArgumentException($"--max-delay-ms ({options.MaxKillDelay.TotalMilliseconds}) must not be below --min-delay-ms ({options.MinKillDelay.TotalMilliseconds}).")
            : options;
    }
}
