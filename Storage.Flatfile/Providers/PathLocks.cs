namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Serialises the read-compare-write of one file. The owning activation is normally a file's only
/// writer; this guard makes the ETag check hold even when it is not (two activations in a split brain,
/// tests). Paths are spread over a fixed set of semaphores, so memory stays bounded however many files
/// exist; two paths sharing a semaphore only wait for each other.
/// </summary>
internal sealed class PathLocks
{
    private const int StripeCount = 1024;

    private readonly SemaphoreSlim[] _stripes = CreateStripes();

    public async ValueTask<Releaser> AcquireAsync(string path, CancellationToken cancellationToken = default)
    {
        var stripe = _stripes[(uint)StringComparer.Ordinal.GetHashCode(path) % StripeCount];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(stripe);
    }

    private static SemaphoreSlim[] CreateStripes()
    {
        var stripes = new SemaphoreSlim[StripeCount];
        for (var i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new SemaphoreSlim(1, 1);
        }

        return stripes;
    }

    public readonly struct Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
