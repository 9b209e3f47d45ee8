using System.Threading.RateLimiting;

namespace ChatDb.Silo.Auth;

/// <summary>
/// A token bucket on an injected clock (the framework's own bucket reads the machine's clock, which tests cannot
/// move): <see cref="RequestRate.Burst"/> tokens at most, refilled continuously at <see cref="RequestRate.RequestsPerSecond"/>.
/// No queue: a request either takes a token now or is refused with the time until one is there.
/// </summary>
internal sealed class ClockTokenBucket(RequestRate rate, TimeProvider clock) : RateLimiter
{
    private readonly Lock _lock = new();
    private double _tokens = rate.Burst;
    private long _refilledAt = clock.GetTimestamp();
    private long _usedAt = clock.GetTimestamp();

    public RequestRate Rate => rate;

    /// <summary>How long the bucket has been full: a full bucket can be dropped and made again without anyone noticing.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _tokens >= rate.Burst ? clock.GetElapsedTime(_usedAt) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)_tokens };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_lock)
        {
            Refill();
            _usedAt = clock.GetTimestamp();
            if (_tokens >= permitCount)
            {
                _tokens -= permitCount;
                return Lease.Acquired;
            }

            var wait = TimeSpan.FromSeconds((permitCount - _tokens) / rate.RequestsPerSecond);
            return new Lease(isAcquired: false, wait);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Refill()
    {
        var now = clock.GetTimestamp();
        var seconds = clock.GetElapsedTime(_refilledAt, now).TotalSeconds;
        _refilledAt = now;
        _tokens = Math.Min(rate.Burst, _tokens + (seconds * rate.RequestsPerSecond));
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static Lease Acquired { get; } = new(isAcquired: true, retryAfter: null);

        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name ? wait : null;
            return metadata is not null;
        }
    }
}
