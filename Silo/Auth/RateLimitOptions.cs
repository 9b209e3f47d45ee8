namespace ChatDb.Silo.Auth;

/// <summary>
/// Section <c>Auth:RateLimit</c>: how many requests each API key may make (a token bucket per key; a key's own
/// <see cref="ApiKeyOptions.RequestsPerSecond"/> and <see cref="ApiKeyOptions.Burst"/> outweigh these). Requests without
/// a key are limited per remote address. <see cref="RequestsPerSecond"/> 0, the default, turns the limit off.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Average requests per second a key may make; 0 for no limit.</summary>
    public double RequestsPerSecond { get; set; }

    /// <summary>Requests a key may make at once after a quiet spell; 0 for one second's worth of <see cref="RequestsPerSecond"/>.</summary>
    public int Burst { get; set; }

    /// <summary>
    /// True: every limit (the default and keys' own) is the cluster's, and each silo enforces its share, the limit
    /// divided by the number of active silos (burst likewise, at least 1), so a key behind a load balancer that spreads
    /// requests evenly gets about its limit in all. False (the default): each silo enforces the whole limit.
    /// </summary>
    public bool ShareAcrossSilos { get; set; }
}
