using ChatDb.Runtime;
using ChatDb.Runtime.Storage;
using ChatDb.Storage;

namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>
/// A state provider with faults on demand: grains whose key starts with one of the <c>Fault*</c>
/// prefixes fail their reads or writes the way a broken disk or a concurrent writer would. Counts
/// reads, so a test can prove a request activated no grain.
/// </summary>
/// <param name="inner">The provider under test (flatfile).</param>
/// <param name="personaCatalogs">
/// Holds the persona catalog grains' state. Work-around: the flatfile layout does not (yet) map the
/// catalog's "index" state, so on flatfile GET /personas fails with a storage error; the REST tests
/// keep it in memory until the layout knows the state.
/// </param>
internal sealed class FaultyGrainStorage(IGrainStorage inner, IGrainStorage personaCatalogs) : IGrainStorage
{
    private const string PersonaCatalogType = "personacatalog";

    public const string IntegrityPrefix = "fault-integrity";
    public const string CrashPrefix = "fault-crash";
    public const string TimeoutPrefix = "fault-timeout";
    public const string ConflictPrefix = "fault-conflict";

    /// <summary>The text of the crash fault; it must never reach a client.</summary>
    public const string SecretDetail = "secret internal detail at /srv/chatdb";

    private long _reads;

    public long Reads => Interlocked.Read(ref _reads);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _reads);
        var key = grainId.Key;
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

        return For(grainId).ReadStateAsync(stateName, grainId, grainState);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        grainId.Key.StartsWith(ConflictPrefix, StringComparison.Ordinal)
            ? throw new InconsistentStateException($"state {stateName} of {grainId}: ETag mismatch (injected).", "stored", grainState.ETag)
            : For(grainId).WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        For(grainId).ClearStateAsync(stateName, grainId, grainState);

    private IGrainStorage For(GrainId grainId) => grainId.Type.Value == PersonaCatalogType ? personaCatalogs : inner;
}
