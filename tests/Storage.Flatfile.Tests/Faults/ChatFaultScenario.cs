using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Providers;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>The chat workload through the grain storage providers: state documents, a message log, a file.</summary>
internal sealed class ChatFaultScenario(string root) : FaultScenario(root)
{
    private readonly ChatWorkload _workload = new(sessions: 1);

    public Dictionary<ProblemKind, int> Tolerated { get; } = [];

    public override async Task RunAsync(IFlatfileFileSystem fileSystem)
    {
        await using var store = FaultStore.Open(Root, fileSystem);
        await _workload.RunAsync(store);
    }

    public override async Task CheckAsync(IFlatfileFileSystem fileSystem, string context)
    {
        await using (var store = FaultStore.Open(Root, fileSystem))
        {
            await _workload.CheckAsync(store, context);
        }

        PowerLossTests.CheckVerify(Root, context, Tolerated, UnacknowledgedSessionDirectory);
    }

    /// <summary>
    /// The one error verify may report after a fault: a session directory without session.json, when the
    /// session's first state write failed after creating the directory on a disk that then also refused to
    /// remove it again (persistent ENOSPC/EROFS). Nothing acknowledged is missing; `chatdb verify --repair`
    /// handles it, and the session's next state write fills it.
    /// </summary>
    private bool UnacknowledgedSessionDirectory(VerifyProblem problem) =>
        problem.Kind == ProblemKind.MissingFile
        && problem.Path.EndsWith(Path.DirectorySeparatorChar + "session.json", StringComparison.Ordinal)
        && !_workload.IsAcknowledged(ChatWorkload.Session(1), ChatGrainFacets.SessionState);

    public override async Task WriteMoreAsync(IFlatfileFileSystem fileSystem, string round)
    {
        await using var store = FaultStore.Open(Root, fileSystem);
        await _workload.WriteMoreAsync(store, round);
    }
}
