using System.Text;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Tests.Support;

namespace ChatDb.Storage.Flatfile.Tests.Documents;

public sealed class AtomicFileTests : IDisposable
{
    private static readonly byte[] OldContent = Encoding.UTF8.GetBytes("{\"version\":\"old\"}");
    private static readonly byte[] NewContent = Encoding.UTF8.GetBytes("{\"version\":\"new, and longer than the old one\"}");

    private readonly TempDirectory _directory = new();
    private readonly string _target;

    public AtomicFileTests() => _target = _directory.Combine("users", "alice", "profile.json");

    public void Dispose() => _directory.Dispose();

    public static TheoryData<int> Steps => new(Enum.GetValues<AtomicWriteStep>().Select(step => (int)step));

    [Fact]
    public async Task Write_NewFile_CreatesParentsAndLeavesNoTempFile()
    {
        var file = NewAtomicFile();

        await file.WriteAllBytesAsync(_target, NewContent);

        Assert.Equal(NewContent, await File.ReadAllBytesAsync(_target));
        Assert.Equal(["profile.json"], Directory.GetFiles(Path.GetDirectoryName(_target)!).Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Write_CrashAfterStep_LeavesExactlyTheOldOrTheNewContent(int stepNumber)
    {
        var step = (AtomicWriteStep)stepNumber;
        await NewAtomicFile().WriteAllBytesAsync(_target, OldContent);
        var crashing = NewAtomicFile();
        crashing.AfterStep = reached =>
        {
            if (reached == step)
            {
                throw new SimulatedCrash(step);
            }
        };

        await Assert.ThrowsAsync<SimulatedCrash>(() => crashing.WriteAllBytesAsync(_target, NewContent));

        var expected = step < AtomicWriteStep.Renamed ? OldContent : NewContent;
        Assert.Equal(expected, await File.ReadAllBytesAsync(_target));
        var leftovers = NewAtomicFile().CleanupTempFiles(_directory.Path, recursive: true);
        Assert.Equal(step < AtomicWriteStep.Renamed ? 1 : 0, leftovers);
        Assert.Equal(expected, await File.ReadAllBytesAsync(_target));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(_target)!));
    }

    [Theory]
    [InlineData((int)AtomicWriteStep.TempWritten)]
    [InlineData((int)AtomicWriteStep.TempFlushed)]
    public async Task Write_CrashBeforeRenameOfANewFile_LeavesNoTargetAtAll(int stepNumber)
    {
        var crashing = NewAtomicFile();
        crashing.AfterStep = reached =>
        {
            if (reached == (AtomicWriteStep)stepNumber)
            {
                throw new SimulatedCrash(reached);
            }
        };

        await Assert.ThrowsAsync<SimulatedCrash>(() => crashing.WriteAllBytesAsync(_target, NewContent));

        Assert.False(File.Exists(_target));
    }

    [Theory]
    [InlineData((int)AtomicWriteStep.TempWritten, "flushing")]
    [InlineData((int)AtomicWriteStep.TempFlushed, "renaming")]
    public async Task Write_IoFailureBeforeRename_ThrowsStorageErrorAndKeepsTheOldContent(int stepNumber, string expectedWord)
    {
        await NewAtomicFile().WriteAllBytesAsync(_target, OldContent);
        var failing = NewAtomicFile();
        failing.AfterStep = reached =>
        {
            if (reached == (AtomicWriteStep)stepNumber)
            {
                throw new IOException("Input/output error");
            }
        };

        var error = await Assert.ThrowsAsync<StorageError>(() => failing.WriteAllBytesAsync(_target, NewContent));

        Assert.Contains(expectedWord, error.Message, StringComparison.Ordinal);
        Assert.Contains(_target, error.Message, StringComparison.Ordinal);
        Assert.Contains("Input/output error", error.Message, StringComparison.Ordinal);
        Assert.Equal(OldContent, await File.ReadAllBytesAsync(_target));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(_target)!));
    }

    [Fact]
    public async Task Write_DirectoryFsyncFailure_ThrowsStorageErrorInsteadOfAcknowledging()
    {
        var failing = NewAtomicFile();
        failing.AfterStep = reached =>
        {
            if (reached == AtomicWriteStep.Renamed)
            {
                throw new IOException("Input/output error");
            }
        };

        var error = await Assert.ThrowsAsync<StorageError>(() => failing.WriteAllBytesAsync(_target, NewContent));

        Assert.Contains("fsync of directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_InOsBufferedMode_StillReplacesAtomically()
    {
        var options = StorageOptions.At(_directory.Path);
        options.Durability = Flatfile.Options.Durability.OsBuffered;
        var file = new AtomicFile(options);

        await file.WriteAllBytesAsync(_target, OldContent);
        await file.WriteAllBytesAsync(_target, NewContent);

        Assert.Equal(NewContent, await File.ReadAllBytesAsync(_target));
    }

    [Fact]
    public void CleanupTempFiles_RemovesOnlyFilesOfTheTempShape()
    {
        var folder = _directory.Combine("users", "alice");
        var nested = Path.Join(folder, "chat_session_20250102_030405_123456");
        Directory.CreateDirectory(nested);
        File.WriteAllText(Path.Join(folder, "profile.json.0123456789abcdef.tmp"), "partial");
        File.WriteAllText(Path.Join(nested, "session.json.fedcba9876543210.tmp"), "partial");
        File.WriteAllText(Path.Join(folder, "notes.tmp"), "a user's file");
        File.WriteAllText(Path.Join(folder, "profile.json.0123456789ABCDEF.tmp"), "not ours: upper-case hex");
        File.WriteAllText(Path.Join(folder, "profile.json"), "{}");
        var file = NewAtomicFile();

        Assert.Equal(1, file.CleanupTempFiles(folder, recursive: false));
        Assert.Equal(1, file.CleanupTempFiles(folder, recursive: true));

        Assert.Equal(
            ["notes.tmp", "profile.json", "profile.json.0123456789ABCDEF.tmp"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(nested));
    }

    [Fact]
    public void CleanupTempFiles_DoesNotFollowSymlinkedDirectories()
    {
        var outside = _directory.Combine("outside");
        Directory.CreateDirectory(outside);
        var victim = Path.Join(outside, "x.json.0123456789abcdef.tmp");
        File.WriteAllText(victim, "someone else's");
        var data = _directory.Combine("data");
        Directory.CreateDirectory(data);
        Directory.CreateSymbolicLink(Path.Join(data, "link"), outside);

        Assert.Equal(0, NewAtomicFile().CleanupTempFiles(data, recursive: true));
        Assert.True(File.Exists(victim));
    }

    [Fact]
    public void CleanupTempFiles_MissingDirectory_RemovesNothing()
    {
        Assert.Equal(0, NewAtomicFile().CleanupTempFiles(_directory.Combine("missing"), recursive: true));
    }

    [Fact]
    public async Task Delete_ExistingFile_RemovesItAndReportsWhetherItExisted()
    {
        var file = NewAtomicFile();
        await file.WriteAllBytesAsync(_target, OldContent);

        Assert.True(file.Delete(_target));
        Assert.False(File.Exists(_target));
        Assert.False(file.Delete(_target));
    }

    private AtomicFile NewAtomicFile() => new(StorageOptions.At(_directory.Path));

    private sealed class SimulatedCrash(AtomicWriteStep step) : Exception($"simulated crash after {step}");
}
