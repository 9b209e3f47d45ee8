using System.Globalization;

namespace ChatDb.Silo.Auth;

/// <summary>A rate limit: <see cref="RequestsPerSecond"/> on average, up to <see cref="Burst"/> at once after a quiet spell.</summary>
public sealed record RequestRate(double RequestsPerSecond, int Burst)
{
    /// <summary>The limit a key gets: its own values where it has them, the configured defaults for the rest; null means no limit.</summary>
    public static RequestRate? Resolve(double defaultPerSecond, int defaultBurst, double? keyPerSecond, int? keyBurst)
    {
        var perSecond = keyPerSecond ?? defaultPerSecond;
        if (perSecond <= 0)
        {
            return null;
        }

        // A key with its own rate but no burst gets one second's worth, not the default burst meant for another rate.
        var burst = keyBurst ?? (keyPerSecond is null ? defaultBurst : 0);
        return new RequestRate(perSecond, burst > 0 ? burst : (int)Math.Max(1, Math.Ceiling(perSecond)));
    }

    /// <summary>One silo's share of this limit among <paramref name="silos"/> (<see cref="RateLimitOptions.ShareAcrossSilos"/>); the burst stays at least 1.</summary>
    public RequestRate ShareOf(int silos) =>
        silos <= 1 ? this : new RequestRate(RequestsPerSecond / silos, Math.Max(1, (int)Math.Ceiling(Burst / (double)silos)));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{RequestsPerSecond:0.###} requests per second (burst {Burst})");
}
