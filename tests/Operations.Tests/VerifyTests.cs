using System.Text;
using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Operations.Tests;

public sealed class VerifyTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A fault planted in a fresh data set: what verify must report, where, and whether repair fixes it.</summary>
    public sealed record Fault(string Name, Func<TestDataSet, string> Plant, ProblemKind Kind, bool Repairable)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Fault> Faults() =>
    [
        new("torn tail", d => Append(Log(d, 0), "{\"seq\":71,\"id\":\"half"), ProblemKind.TornTail, true),
        new("bad JSON in session.json", d => Write(d.Layout.SessionMetadataFile(d.Sessions[0].User, d.Sessions[0].Session), "{\"id\": \"x\",,}"), ProblemKind.InvalidDocument, false),
        new("profile missing a required field", d => Write(d.Layout.UserProfileFile("user1"), "{\"user_id\":\"user1\",\"display_name\":null}"), ProblemKind.InvalidDocument, false),
        new("missing session.json", d => Delete(d.Layout.SessionMetadataFile(d.Sessions[1].User, d.Sessions[1].Session)), ProblemKind.MissingFile, true),
        new("gap in sequence", d => ReplaceLine(Log(d, 0), 10, l => l.Replace("{\"seq\":10,", "{\"seq\":11,", StringComparison.Ordinal)), ProblemKind.SequenceGap, false),
        new("corrupt middle record", d => ReplaceLine(Log(d, 0), 5, _ => "{\"seq\":5,\"id\":"), ProblemKind.CorruptRecord, false),
        new("stale log index", d => CorruptIndex(Log(d, 0) + ".idx"), ProblemKind.StaleLogIndex, true),
        new("stray temp file", d => Write(d.Layout.SessionMetadataFile(d.Sessions[0].User, d.Sessions[0].Session) + ".0123456789abcdef.tmp", "{"), ProblemKind.StrayTempFile, true),
        new("file outside the layout", d => Write(Path.Join(d.Layout.BaseDirectory, "notes.txt"), "hello"), ProblemKind.OutsideLayout, false),
        new("unknown file in a session", d => Write(Path.Join(d.Layout.SessionDirectory(d.Sessions[0].User, d.Sessions[0].Session), "extra.json"), "{}"), ProblemKind.OutsideLayout, false),
        new("stale derived session index", d => Write(Path.Join(d.Layout.UserDirectory("user0"), ".index", "sessions.json"), "{\"sessions\":[\"chat_session_20200101_000000_000000\"]}"), ProblemKind.StaleDerivedIndex, true),
        new("document listed but missing", d => Delete(d.Layout.DocumentFile(d.Sessions[0].User, d.Sessions[0].Session, "notes.pdf")), ProblemKind.MissingDocument, false),
        new("session.json of another session", d => CopyOver(d.Layout.SessionMetadataFile(d.Sessions[1].User, d.Sessions[1].Session), d.Layout.SessionMetadataFile(d.Sessions[0].User, d.Sessions[0].Session)), ProblemKind.IdentityMismatch, false),
        new("leftover import staging", d => Write(Path.Join(d.Layout.BaseDirectory, StagingNames.ImportPrefix + "abc", "users", "x.json"), "{}"), ProblemKind.StagingLeftover, true),
        new("archive beside its plain log", d => Archived(Log(d, 0)), ProblemKind.ArchiveLeftover, true),
        new("edit naming a message the session lacks", d => Append(d.Layout.SessionEditsFile(d.Sessions[0].User, d.Sessions[0].Session),
            "{\"seq\":3,\"kind\":\"delete\",\"target_seq\":71,\"at\":\"2025-01-02T03:04:05.000000Z\",\"by\":null,\"content\":null,\"metadata\":null}\n"), ProblemKind.EditTargetMissing, false),
        new("event naming message 0", d => Append(d.Layout.SessionEventsFile(d.Sessions[0].User, d.Sessions[0].Session),
            "{\"seq\":73,\"kind\":\"message_added\",\"at\":\"2025-01-02T03:04:05.000000Z\",\"messages\":70,\"message_seq\":0}\n"), ProblemKind.EventTargetMissing, false),
        new("event naming edit record 0", d => Append(d.Layout.SessionEventsFile(d.Sessions[1].User, d.Sessions[1].Session),
            "{\"seq\":73,\"kind\":\"message_edited\",\"at\":\"2025-01-02T03:04:05.000000Z\",\"messages\":70,\"message_seq\":1,\"edit_seq\":0}\n"), ProblemKind.EventTargetMissing, false),
        new("invalid record in the event log", d => Append(d.Layout.PanelEventsFile(d.Panels[0]),
            "{\"seq\":6,\"at\":\"2025-01-02T03:04:05.000000Z\"}\n"), ProblemKind.InvalidDocument, false),
        new("invalid record in the edits log", d => Append(d.Layout.SessionEditsFile(d.Sessions[1].User, d.Sessions[1].Session),
            "{\"seq\":3,\"kind\":\"rewrite\",\"target_seq\":1,\"at\":\"2025-01-02T03:04:05.000000Z\"}\n"), ProblemKind.InvalidDocument, false),
        new("invalid message in the log", d => ReplaceLine(Log(d, 1), 3, l => l.Replace("\"role\":", "\"rolle\":", StringComparison.Ordinal)), ProblemKind.InvalidDocument, false),
    ];

    [Fact]
    public async Task Verify_AcceptsTheAuditDirectory_AndExportLeavesItOut()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"));
        var audit = data.Layout.AuditDirectory;
        Write(Path.Join(audit, "silo-127.0.0.1-11111.jsonl"), "{\"seq\":1,\"at\":\"2026-01-01T00:00:00+00:00\",\"actor\":\"key:ops\",\"action\":\"delete\"}\n");
        Write(Path.Join(audit, "silo-127.0.0.1-11111.jsonl.idx"), string.Empty);

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();
        await Engines.Export(_temp.Combine("data")).ExportAsync(_temp.Combine("out.jsonl"));

        Assert.True(report.IsClean, string.Join("\n", report.Problems));
        Assert.Empty(report.Problems);
        Assert.DoesNotContain("silo-127.0.0.1", await File.ReadAllTextAsync(_temp.Combine("out.jsonl")), StringComparison.Ordinal);

        // Anything else in the system directory is still reported.
        Write(Path.Join(data.Layout.SystemDirectory, "notes.txt"), "hello");
        var dirty = await Engines.Verify(_temp.Combine("data")).VerifyAsync();
        Assert.Contains(dirty.Problems, p => p.Kind == ProblemKind.OutsideLayout);
    }

    [Fact]
    public async Task Verify_OfAGeneratedDataSet_IsClean()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        Assert.True(report.IsClean, string.Join("\n", report.Problems));
        Assert.Empty(report.Problems);
        Assert.Equal(4, report.Counts["sessions"]);
        Assert.Equal(4 * 70, report.Counts["message"]);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Verify_FindsEachPlantedFault_AndRepairFixesOnlyTheRepairableOnes(Fault fault)
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"));
        var path = Path.GetFullPath(fault.Plant(data));

        var report = await Engines.Verify(_temp.Combine("data")).VerifyAsync();

        Assert.False(report.IsClean);
        Assert.Contains(report.Problems, p => p.Kind == fault.Kind && p.Path == path && p.Repairable == fault.Repairable);

        var repaired = await Engines.Verify(_temp.Combine("data")).RepairAsync();

        if (fault.Repairable)
        {
            Assert.True(repaired.After.IsClean, string.Join("\n", repaired.After.Problems));
            Assert.Contains(repaired.Actions, a => a.Kind == fault.Kind);
        }
        else
        {
            Assert.Contains(repaired.After.Problems, p => p.Kind == fault.Kind && p.Path == path);
        }
    }

    [Fact]
    public async Task Repair_OfATornTail_KeepsTheTailAside_AndEveryCompleteRecord()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"));
        var log = Log(data, 0);
        var before = await File.ReadAllBytesAsync(log);
        Append(log, "{\"seq\":71,\"id\":\"half");

        await Engines.Verify(_temp.Combine("data")).RepairAsync();

        Assert.Equal(before, await File.ReadAllBytesAsync(log));
        Assert.Contains("{\"seq\":71,\"id\":\"half", await File.ReadAllTextAsync(log + ".corrupt"), StringComparison.Ordinal);
        var after = await Engines.Verify(_temp.Combine("data")).VerifyAsync();
        Assert.Contains(after.Problems, p => p.Kind == ProblemKind.KeptAside && !p.IsError);
        Assert.True(after.IsClean);
    }

    [Fact]
    public async Task Repair_RebuildsAMissingSessionJson_FromTheDirectoryAndTheMessages()
    {
        var data = await TestDataSet.CreateAsync(_temp.Combine("data"));
        var (user, session) = data.Sessions[1];
        File.Delete(data.Layout.SessionMetadataFile(user, session));

        await Engines.Verify(_temp.Combine("data")).RepairAsync();

        var rebuilt = await File.ReadAllTextAsync(data.Layout.SessionMetadataFile(user, session));
        Assert.Contains($"\"id\": \"{session}\"", rebuilt, StringComparison.Ordinal);
        Assert.Contains("\"user_id\": \"user0\"", rebuilt, StringComparison.Ordinal);
        Assert.Contains("\"updated_at\": \"2025-01-12T03:05:14.000000Z\"", rebuilt, StringComparison.Ordinal);
    }

    private static string Log(TestDataSet data, int session) => data.Layout.SessionMessagesFile(data.Sessions[session].User, data.Sessions[session].Session);

    private static string Append(string path, string text)
    {
        File.AppendAllText(path, text);
        return path;
    }

    private static string Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return Path.GetFileName(Path.GetDirectoryName(path)!).StartsWith(StagingNames.ImportPrefix, StringComparison.Ordinal) ||
               Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path)!)!).StartsWith(StagingNames.ImportPrefix, StringComparison.Ordinal)
            ? Path.GetDirectoryName(Path.GetDirectoryName(path)!)!
            : path;
    }

    private static string Delete(string path)
    {
        File.Delete(path);
        return path;
    }

    private static string CopyOver(string from, string to)
    {
        File.Copy(from, to, overwrite: true);
        return to;
    }

    private static string ReplaceLine(string path, int number, Func<string, string> change)
    {
        var lines = File.ReadAllLines(path);
        lines[number - 1] = change(lines[number - 1]);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    private static string CorruptIndex(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x55;
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Archived(string log)
    {
        using (var output = File.Create(log + ".gz"))
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(string.Join("\n", File.ReadAllLines(log).Take(3)) + "\n"));
        }

        return log + ".gz";
    }
}
