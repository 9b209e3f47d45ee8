using System.Threading.RateLimiting;

namespace ChatDb.Silo.Auth;

/// <summary>
/// The request limit of the REST API: a <see cref="ClockTokenBucket"/> per API key (by name and limit, so a key
/// whose limit changed in the keys file starts a new bucket), and per remote address for requests without a key.
/// Runs after authentication, so a key's requests count against that key wherever they come from. With
/// <see cref="RateLimitOptions.ShareAcrossSilos"/> each limit is divided by the number of active silos (a change in
/// that number starts new buckets).
/// </summary>
public sealed class ApiRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;
    private readonly RequestRate? _anonymous;
    private readonly Func<int>? _activeSilos;

    /// <param name="settings">The limits.</param>
    /// <param name="clock">The buckets' clock.</param>
    /// <param name="activeSilos">How many silos are active now, when the limits are shared across them; null otherwise.</param>
    public ApiRateLimiter(AuthSettings settings, TimeProvider clock, Func<int>? activeSilos = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _anonymous = settings.AnonymousRate;
        _activeSilos = settings.ShareRateAcrossSilos ? activeSilos : null;
        _limiter = PartitionedRateLimiter.Create<HttpContext, (string Partition, RequestRate? Rate)>(http =>
        {
            var (partition, rate) = Partition(http);
            return rate is null
                ? RateLimitPartition.GetNoLimiter((string.Empty, (RequestRate?)null))
                : RateLimitPartition.Get((partition, (RequestRate?)rate), p => new ClockTokenBucket(p.Item2!, clock));
        });
    }

    /// <summary>Takes one request's token; null when it may go on, else who is over which limit and when to come back.</summary>
    public RateLimitRefusal? TryAcquire(HttpContext http)
    {
        using var lease = _limiter.AttemptAcquire(http);
        if (lease.IsAcquired)
        {
            return null;
        }

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var (partition, rate) = Partition(http);
        var who = http.Items[ApiKeyAuthenticationHandler.KeyItem] is ApiKey key
            ? $"API key '{key.Name}'"
            : "remote address " + partition["address:".Length..];
        return new RateLimitRefusal(who, rate, (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds)));
    }

    /// <summary>Whether each limit is divided among the active silos.</summary>
    public bool SharesAcrossSilos => _activeSilos is not null;

    public void Dispose() => _limiter.Dispose();

    private (string Partition, RequestRate? Rate) Partition(HttpContext http)
    {
        var (partition, rate) = http.Items[ApiKeyAuthenticationHandler.KeyItem] is ApiKey key
            ? ("key:" + key.Name, key.Rate)
            : ("address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "(local)"), _anonymous);
        return (partition, _activeSilos is null ? rate : rate?.ShareOf(_activeSilos()));
    }
}

/// <summary>A request refused by <see cref="ApiRateLimiter"/>: who (a key's name or an address), its limit, and seconds until a token is there.</summary>
public sealed record RateLimitRefusal(string Who, RequestRate? Rate, int RetryAfterSeconds);
