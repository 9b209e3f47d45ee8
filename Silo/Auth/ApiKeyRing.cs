using System.Security.Cryptography;
using ChatDb.Grains.Security;

namespace ChatDb.Silo.Auth;

/// <summary>
/// The API keys the REST API accepts. A presented key is hashed once and compared with every held
/// digest in constant time, without stopping at the first match, so neither the comparison nor the
/// position of the matching key shows in the response time. <see cref="Replace"/> swaps in a new set of keys
/// (the keys file changed); a key that is no longer in it stays valid for the rotation grace period.
/// </summary>
public sealed class ApiKeyRing
{
    /// <summary>Longer "keys" are refused unhashed: no generated key comes close.</summary>
    public const int MaxKeyLength = 512;

    private readonly TimeProvider _clock;
    private readonly TimeSpan _grace;
    private volatile Snapshot _keys;

    public ApiKeyRing(IEnumerable<ApiKey> keys, TimeProvider? clock = null, TimeSpan grace = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _clock = clock ?? TimeProvider.System;
        _grace = grace;
        _keys = new Snapshot([.. keys], []);
    }

    /// <summary>No keys held (none current, none in their grace period): the API is open, to loopback connections only.</summary>
    public bool IsEmpty
    {
        get
        {
            var keys = _keys;
            return keys.Current.Length == 0 && !keys.Retiring.Any(r => r.Until > _clock.GetUtcNow());
        }
    }

    /// <summary>Current keys (those in their grace period not counted).</summary>
    public int Count => _keys.Current.Length;

    /// <summary>Keys removed and still valid until their time is up.</summary>
    public IReadOnlyList<RetiringKey> Retiring
    {
        get
        {
            var now = _clock.GetUtcNow();
            return [.. _keys.Retiring.Where(r => r.Until > now)];
        }
    }

    /// <summary>The held key <paramref name="presented"/> is, or null. A retired key whose grace period is over is not found.</summary>
    public ApiKey? Find(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > MaxKeyLength)
        {
            return null;
        }

        var digest = SecretDigest.Compute(presented);
        var keys = _keys;
        ApiKey? found = null;
        foreach (var key in keys.Current)
        {
            var same = CryptographicOperations.FixedTimeEquals(key.Digest, digest);
            found = same ? key : found;
        }

        var now = _clock.GetUtcNow();
        foreach (var retiring in keys.Retiring)
        {
            var same = CryptographicOperations.FixedTimeEquals(retiring.Key.Digest, digest) && retiring.Until > now;
            found = same && found is null ? retiring.Key : found;
        }

        return found;
    }

    /// <summary>
    /// Makes <paramref name="keys"/> the current keys. A current key missing from them (by its digest) stays valid
    /// until the grace period from now is over; one that comes back is current again.
    /// </summary>
    public KeyChanges Replace(IEnumerable<ApiKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var now = _clock.GetUtcNow();
        var old = _keys;
        ApiKey[] current = [.. keys];
        var kept = new HashSet<string>(current.Select(k => Convert.ToHexString(k.Digest)), StringComparer.Ordinal);
        var known = new HashSet<string>(old.Current.Select(k => Convert.ToHexString(k.Digest)), StringComparer.Ordinal);
        var removed = old.Current.Where(k => !kept.Contains(Convert.ToHexString(k.Digest))).ToList();
        var retiring = old.Retiring
            .Where(r => r.Until > now && !kept.Contains(Convert.ToHexString(r.Key.Digest)))
            .Concat(removed.Select(k => new RetiringKey(k, now + _grace)))
            .Where(r => r.Until > now)
            .ToArray();
        _keys = new Snapshot(current, retiring);
        var added = current.Where(k => !known.Contains(Convert.ToHexString(k.Digest))).Select(k => k.Name).ToList();
        return new KeyChanges(added, [.. removed.Select(k => k.Name)], current.Length);
    }

    private sealed record Snapshot(ApiKey[] Current, RetiringKey[] Retiring);
}

/// <summary>A key removed from the keys file, still accepted until <see cref="Until"/>.</summary>
public sealed record RetiringKey(ApiKey Key, DateTimeOffset Until);

/// <summary>What <see cref="ApiKeyRing.Replace"/> changed: names of keys added and removed (now in their grace period), and how many are current.</summary>
public sealed record KeyChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, int Current)
{
    public bool Any => Added.Count > 0 || Removed.Count > 0;
}
