using ChatDb.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>
/// Orleans' grain state provider with faults on demand: grains whose key starts with one of the <c>Fault*</c>
/// prefixes fail their reads or writes the way a broken disk or a concurrent writer would. Counts
/// reads, so a test can prove a request activated no grain.
/// </summary>
/// <param name="inner">The provider under test (flatfile).</param>
internal sealed class FaultyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public const string IntegrityPrefix = "fault-integrity";
    public const string CrashPrefix = "fault-crash";
    public const string TimeoutPrefix = "fault-timeout";
    public const string ConflictPrefix = "fault-conflict";
    public const string UnavailablePrefix = "fault-unavailable";

    /// <summary>The text of the crash fault; it must never reach a client.</summary>
    public const string SecretDetail = "secret internal detail at /srv/chatdb";

    private long _reads;

    public long Reads => Interlocked.Read(ref _reads);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _reads);
        var key = grainId.Key.ToString();
        if (key.StartsWith(IntegrityPrefix, StringComparison.Ordinal))
        {
            throw new IntegrityError($"state {stateName} of {grainId}: checksum mismatch (injected).");
        }

        if (key.StartsWith(CrashPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(SecretDetail);
        }

        if (key.StartsWith(TimeoutPrefix, StringComparison.Ordinal))
        {
            throw new TimeoutException($"state {stateName} of {grainId}: the disk did not answer (injected).");
        }

        if (key.StartsWith(UnavailablePrefix, StringComparison.Ordinal))
        {
            // What a call meets when the silo it went to dies under it.
            throw new SiloUnavailableException($"state {stateName} of {grainId}: the target silo S10.0.0.9:11111 became unavailable (injected).");
        }

        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        grainId.Key.ToString().StartsWith(ConflictPrefix, StringComparison.Ordinal)
            ? throw new InconsistentStateException($"state {stateName} of {grainId}: ETag mismatch (injected).", "stored", grainState.ETag)
            : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
