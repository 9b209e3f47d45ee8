using ChatDb.Storage.Flatfile.IO;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>
/// One workload of the fault sweep: what exists before (<see cref="SeedAsync"/>), the operations a fault may hit
/// (<see cref="RunAsync"/>), and the checks after the fault is cleared. A scenario instance lives for one run
/// and records what was acknowledged.
/// </summary>
internal abstract class FaultScenario(string root)
{
    protected string Root { get; } = root;

    /// <summary>Prepares the directory with the real file system; the sweep starts counting after it.</summary>
    public virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Runs the workload; throws when a write was not acknowledged.</summary>
    public abstract Task RunAsync(IFlatfileFileSystem fileSystem);

    /// <summary>Everything acknowledged is there, nothing else is visible but whole in-flight writes.</summary>
    public abstract Task CheckAsync(IFlatfileFileSystem fileSystem, string context);

    /// <summary>Writes once more (acknowledged writes that must survive a later power loss).</summary>
    public abstract Task WriteMoreAsync(IFlatfileFileSystem fileSystem, string round);

    /// <summary>
    /// Whether the engine may absorb this fault and still acknowledge: only work that loses nothing when it
    /// fails, i.e. the offset index (<c>.idx</c>), which is rebuilt from the log.
    /// </summary>
    public static bool MayAbsorb(InjectedIOException fault) => fault.Path.EndsWith(".idx", StringComparison.Ordinal);
}
