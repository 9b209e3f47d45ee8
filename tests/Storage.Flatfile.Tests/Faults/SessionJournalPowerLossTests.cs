using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Flatfile.Tests.Support;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Logs;
using ChatDb.Storage.Sessions;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>
/// Journaled session creates (docs/STORAGE.md §6) under power loss: the journal line is the only fsync before the
/// acknowledgement, so the session's directory, its session.json and its first event may all be lost or torn, and the
/// next open must rebuild every acknowledged session from the journal, keep every acknowledged message, and bring back
/// no session whose removal was acknowledged.
/// </summary>
public sealed class SessionJournalPowerLossTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(PowerLossMode.Drop)]
    [InlineData(PowerLossMode.Tear)]
    internal async Task JournaledCreates_PowerLossAtEveryOperation_KeepEveryAcknowledgedSessionAndResurrectNone(PowerLossMode mode)
    {
        var operations = await CountOperationsAsync();
        var tolerated = new Dictionary<ProblemKind, int>();
        var acknowledged = 0;
        for (var crashAt = 1; crashAt <= operations; crashAt++)
        {
            var root = Fresh($"{mode}-{crashAt}");
            var disk = new PowerLossFileSystem(root, NoSyncFileSystem.Instance);
            disk.CrashAt(crashAt);
            var workload = new JournaledSessionWorkload();
            FaultStore? store = null;
            try
            {
                var failure = await Record.ExceptionAsync(async () =>
                {
                    store = FaultStore.Open(root, disk);
                    await workload.RunAsync(store);
                });
                Assert.True(disk.Crashed && failure is not null, $"crash point {crashAt}: the workload ran to its end ({failure?.Message})");
            }
            finally
            {
                if (store is not null)
                {
                    await store.DisposeAsync();
                }
            }

            disk.Recover(mode, new Random(crashAt));
            acknowledged += workload.Acknowledged;
            var context = $"{mode} power loss at operation {crashAt} of {operations}";
            await using (var recovered = FaultStore.Open(root, NoSyncFileSystem.Instance))
            {
                await workload.CheckAsync(recovered, root, context);
            }

            // A purge stopped between clearing session.json and deleting the directory leaves the directory (pre-existing,
            // unacknowledged, --repair handles it); nothing else may be an error.
            PowerLossTests.CheckVerify(root, context, tolerated, p => p.Kind == ProblemKind.MissingFile && p.Path.Contains(JournaledSessionWorkload.SessionId(3), StringComparison.Ordinal));
        }

        output.WriteLine($"journaled creates ({mode}): {operations} crash points, {acknowledged} acknowledged writes checked, findings: {string.Join(", ", tolerated.Select(t => $"{t.Key} x{t.Value}"))}");
    }

    [Fact]
    public async Task Create_AfterTheJournalLine_BeforeSessionJson_IsRebuiltFromTheJournal()
    {
        var root = Fresh("before-session-json");
        var disk = new PowerLossFileSystem(root, NoSyncFileSystem.Instance);
        var workload = new JournaledSessionWorkload();
        var session = JournaledSessionWorkload.SessionId(7);
        await using (var store = FaultStore.Open(root, disk))
        {
            await workload.CreateAsync(store, JournaledSessionWorkload.SessionId(6));

            // The user grain's line alone, as if the session grain never ran.
            var entry = new SessionJournalEntry(session, SessionJournalAction.Created,
                System.Text.Json.JsonDocument.Parse(JournaledSessionWorkload.Record(session)).RootElement.Clone());
            await store.Logs.AppendAsync(ChatGrainFacets.SessionJournalLog, GrainId.Create(ChatGrainTypes.User, JournaledSessionWorkload.User), [entry], 1);
            disk.CrashNow();
        }

        disk.Recover(PowerLossMode.Drop, new Random(1));
        var layout = new FlatfileLayout(FaultStore.Options(root, NoSyncFileSystem.Instance));
        Assert.False(File.Exists(layout.SessionMetadataFile(JournaledSessionWorkload.User, session)));

        await using (FaultStore.Open(root, NoSyncFileSystem.Instance))
        {
            using var rebuilt = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(layout.SessionMetadataFile(JournaledSessionWorkload.User, session)));
            Assert.Equal($"title of {session}", rebuilt.RootElement.GetProperty("title").GetString());
            Assert.True(File.Exists(layout.SessionMetadataFile(JournaledSessionWorkload.User, JournaledSessionWorkload.SessionId(6))));
        }

        Assert.True(FaultStore.Verify(root).IsClean);
    }

    [Fact]
    public async Task Create_AfterSessionJson_BeforeAnyDirectorySync_LosesTheDirectory_AndTheOpenRebuildsIt()
    {
        var root = Fresh("before-dir-sync");
        var disk = new PowerLossFileSystem(root, NoSyncFileSystem.Instance);
        var workload = new JournaledSessionWorkload();
        var first = JournaledSessionWorkload.SessionId(1);
        var second = JournaledSessionWorkload.SessionId(2);
        await using (var store = FaultStore.Open(root, disk))
        {
            await workload.CreateAsync(store, first);
            await workload.CreateAsync(store, second);
            disk.CrashNow();
        }

        disk.Recover(PowerLossMode.Drop, new Random(2));
        var layout = new FlatfileLayout(FaultStore.Options(root, NoSyncFileSystem.Instance));

        // Nothing below the user directory was synced: both directories are gone, only the journal survived.
        Assert.False(Directory.Exists(layout.SessionDirectory(JournaledSessionWorkload.User, first)));
        Assert.False(Directory.Exists(layout.SessionDirectory(JournaledSessionWorkload.User, second)));
        var report = FaultStore.Verify(root);
        Assert.True(report.IsClean, string.Join("; ", report.Problems.Select(p => p.Message)));
        Assert.Equal(2, report.Problems.Count(p => p.Kind == ProblemKind.JournaledSession && !p.IsError));

        await using (var recovered = FaultStore.Open(root, NoSyncFileSystem.Instance))
        {
            await workload.CheckAsync(recovered, root, "crash after two creates");
        }

        Assert.DoesNotContain(FaultStore.Verify(root).Problems, p => p.Kind == ProblemKind.JournaledSession);
    }

    [Fact]
    public async Task VerifyRepair_OfATreeACrashLeft_ReplaysTheJournal_AndRebuildsTheSessions()
    {
        var root = Fresh("repair");
        var disk = new PowerLossFileSystem(root, NoSyncFileSystem.Instance);
        var session = JournaledSessionWorkload.SessionId(1);
        await using (var store = FaultStore.Open(root, disk))
        {
            await new JournaledSessionWorkload().CreateAsync(store, session);
            disk.CrashNow();
        }

        disk.Recover(PowerLossMode.Drop, new Random(5));
        var report = await new VerifyEngine(FaultStore.Options(root, NoSyncFileSystem.Instance), RecordSchema.Structural).RepairAsync();

        Assert.Contains(report.Actions, a => a.Kind == ProblemKind.JournaledSession && a.Path.Contains(session, StringComparison.Ordinal));
        Assert.True(report.After.IsClean && report.After.Problems.All(p => p.Kind != ProblemKind.JournaledSession), string.Join("; ", report.After.Problems.Select(p => p.Message)));
        Assert.True(File.Exists(Path.Join(root, "users", JournaledSessionWorkload.User, session, "session.json")));
        Assert.Equal(0, new FileInfo(Path.Join(root, "users", JournaledSessionWorkload.User, FlatfileLayout.SessionJournalFilename)).Length);
    }

    [Fact]
    public async Task FirstMessageAfterACreate_IsDurableWithItsDirectory_WhenThePowerGoesRightAfterIt()
    {
        var root = Fresh("first-append");
        var disk = new PowerLossFileSystem(root, NoSyncFileSystem.Instance);
        var workload = new JournaledSessionWorkload();
        var session = JournaledSessionWorkload.SessionId(1);
        await using (var store = FaultStore.Open(root, disk))
        {
            await workload.CreateAsync(store, session);
            await workload.AppendMessageAsync(store, session, "acknowledged");
            disk.CrashNow();
        }

        disk.Recover(PowerLossMode.Drop, new Random(3));
        var layout = new FlatfileLayout(FaultStore.Options(root, NoSyncFileSystem.Instance));

        // The append synced the deferred directory first, so the message's directory entry is there without any replay.
        Assert.True(File.Exists(layout.SessionMessagesFile(JournaledSessionWorkload.User, session)));
        Assert.True(File.Exists(layout.SessionMetadataFile(JournaledSessionWorkload.User, session)));
        await using (var recovered = FaultStore.Open(root, NoSyncFileSystem.Instance))
        {
            await workload.CheckAsync(recovered, root, "crash after the first message");
        }
    }

    [Fact]
    public async Task CreateThenPurgeOrTrash_ThenPowerLoss_NeverBringsTheSessionBack()
    {
        var root = Fresh("no-resurrection");
        var disk = new PowerLossFileSystem(root, NoSyncFileSystem.Instance);
        var workload = new JournaledSessionWorkload();
        await using (var store = FaultStore.Open(root, disk))
        {
            await workload.RunAsync(store);
            disk.CrashNow();
        }

        disk.Recover(PowerLossMode.Drop, new Random(4));
        await using (var recovered = FaultStore.Open(root, NoSyncFileSystem.Instance))
        {
            await workload.CheckAsync(recovered, root, "crash after create, trash, create, purge, create");
        }

        var layout = new FlatfileLayout(FaultStore.Options(root, NoSyncFileSystem.Instance));
        Assert.False(Directory.Exists(layout.SessionDirectory(JournaledSessionWorkload.User, JournaledSessionWorkload.SessionId(2))));
        Assert.False(Directory.Exists(layout.SessionDirectory(JournaledSessionWorkload.User, JournaledSessionWorkload.SessionId(3))));
        Assert.True(File.Exists(layout.SessionMetadataFile(JournaledSessionWorkload.User, JournaledSessionWorkload.SessionId(4))));
        Assert.True(FaultStore.Verify(root).IsClean);
    }

    [Fact]
    public async Task Create_ForAUserWithASession_CostsExactlyOneFsync()
    {
        var root = Fresh("fsync-count");
        var disk = new FsyncCountingFileSystem(NoSyncFileSystem.Instance);
        var workload = new JournaledSessionWorkload();
        await using var store = FaultStore.Open(root, disk);
        await workload.CreateAsync(store, JournaledSessionWorkload.SessionId(1));
        await workload.AppendMessageAsync(store, JournaledSessionWorkload.SessionId(1), "makes the first session durable");

        var before = disk.Fsyncs;
        await workload.CreateAsync(store, JournaledSessionWorkload.SessionId(2));
        Assert.Equal(1, disk.Fsyncs - before);
        Assert.True(DeferredDirectorySync.AnyPending);

        // The session's first durable write pays for its directory: session.json, events.jsonl, the directory and its
        // parent, then the new messages.jsonl's entry and the message itself.
        before = disk.Fsyncs;
        await workload.AppendMessageAsync(store, JournaledSessionWorkload.SessionId(2), "first message");
        Assert.Equal(6, disk.Fsyncs - before);
    }

    [Fact]
    public async Task DeferredAppend_ToANewSessionLog_LeavesItsDirectorySyncToTheSession()
    {
        var root = Fresh("deferred-event");
        var disk = new FsyncCountingFileSystem(NoSyncFileSystem.Instance);
        await using var store = FaultStore.Open(root, disk);
        var workload = new JournaledSessionWorkload();
        await workload.CreateAsync(store, JournaledSessionWorkload.SessionId(1));
        var before = disk.Fsyncs;
        await store.Logs.AppendAsync(ChatGrainFacets.EditsLog, JournaledSessionWorkload.Session(JournaledSessionWorkload.SessionId(1)), [new FaultDoc("deferred")], 0, LogDurability.Deferred);
        Assert.Equal(0, disk.Fsyncs - before);
    }

    private async Task<int> CountOperationsAsync()
    {
        var root = Fresh("count");
        var disk = new PowerLossFileSystem(root, NoSyncFileSystem.Instance);
        await using (var store = FaultStore.Open(root, disk))
        {
            await new JournaledSessionWorkload().RunAsync(store);
        }

        Assert.True(disk.Operations > 30, $"the workload made only {disk.Operations} operations");
        return disk.Operations;
    }

    private string Fresh(string name)
    {
        var root = _temp.Combine(name);
        Directory.CreateDirectory(root);
        return root;
    }
}
