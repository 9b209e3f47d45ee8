using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Flatfile.Tests.Support;
using ChatDb.Storage.Flatfile.Trash;

namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>
/// Fails every file operation of a move into the trash and of a restore in turn (a disk that stops there for good):
/// whatever step fails, the session is whole in exactly one place, live or in the trash.
/// </summary>
public sealed class TrashFaultTests : IDisposable
{
    private const string User = "alice";
    private const string Session = "chat_session_20250102_030405_123456";
    private static readonly DateTimeOffset DeletedAt = new(2025, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task MoveIntoTheTrash_FailingAtAnyStep_LeavesTheSessionWholeInExactlyOnePlace()
    {
        var failures = await SweepAsync(inTrashAtStart: false, (trash, _) => trash.TrashSessionAsync(User, Session, DeletedAt));
        Assert.True(failures >= 3, $"only {failures} steps were failed");
    }

    [Fact]
    public async Task RestoreFromTheTrash_FailingAtAnyStep_LeavesTheSessionWholeInExactlyOnePlace()
    {
        var failures = await SweepAsync(inTrashAtStart: true, (trash, _) => trash.RestoreSessionAsync(User, Session));
        Assert.True(failures >= 3, $"only {failures} steps were failed");
    }

    /// <summary>Runs <paramref name="operation"/> with the Nth file operation failing, N = 1, 2, ... until it succeeds; returns how many runs failed.</summary>
    private async Task<int> SweepAsync(bool inTrashAtStart, Func<FlatfileTrash, FlatfileLayout, Task> operation)
    {
        for (var failAt = 1; failAt < 100; failAt++)
        {
            var root = _temp.Combine($"run{failAt}-{inTrashAtStart}");
            var fault = new FaultInjectingFileSystem(NoSyncFileSystem.Instance);
            var options = new FlatfileStorageOptions { StorageBasePath = root, FileSystem = fault, Durability = Durability.Fsync };
            var layout = new FlatfileLayout(options);
            var expected = await WriteSessionAsync(layout);
            await using var logs = new FlatfileOpenLogs(options);
            var trash = new FlatfileTrash(layout, logs, new AtomicFile(options));
            if (inTrashAtStart)
            {
                await trash.TrashSessionAsync(User, Session, DeletedAt);
            }

            fault.Arm(failAt, InjectedFault.Eio, persistent: true);
            var failed = false;
            try
            {
                await operation(trash, layout);
            }
            catch (StorageError)
            {
                failed = true;
            }

            fault.Clear();
            var live = Directory.Exists(layout.SessionDirectory(User, Session)) ? DirectorySnapshot.Take(layout.SessionDirectory(User, Session)) : null;
            var entries = Directory.Exists(layout.SessionTrashDirectory(User))
                ? Directory.GetDirectories(layout.SessionTrashDirectory(User)).Select(DirectorySnapshot.Take).ToList()
                : [];
            var what = $"failing operation {failAt}: live {(live is null ? "absent" : "present")}, {entries.Count} trash entries";
            Assert.True((live is null) != (entries.Count == 0), what);
            Assert.True(entries.Count <= 1, what);
            Assert.Equal(expected, live ?? entries[0]);
            if (!failed)
            {
                Assert.Equal(0, fault.Injected);
                return failAt - 1;
            }
        }

        Assert.Fail("the operation never completed within 100 file operations");
        return 0;
    }

    private static async Task<IReadOnlyList<string>> WriteSessionAsync(FlatfileLayout layout)
    {
        Directory.CreateDirectory(layout.DocumentsDirectory(User, Session));
        await File.WriteAllTextAsync(layout.SessionMetadataFile(User, Session), "{\"id\":\"x\"}");
        await File.WriteAllTextAsync(layout.SessionMessagesFile(User, Session), "{\"seq\":1}\n");
        await File.WriteAllTextAsync(Path.Join(layout.DocumentsDirectory(User, Session), "a.txt"), "a");
        return DirectorySnapshot.Take(layout.SessionDirectory(User, Session));
    }
}
