using System.Text.Json;
using System.Text.Json.Nodes;
using ChatDb.Cli;
using ChatDb.Operations.Tests.Support;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage;
using ChatDb.Storage.Flatfile.Maintenance;

namespace ChatDb.Operations.Tests;

/// <summary>The complete v2 migration on a generated tree: every file kind, corrupt files, the configuration, resume, dry run.</summary>
public sealed class MigrateV2ResumeTests : IDisposable
{
    private const string Checkpoint = ".migrate-v2-checkpoint.json";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task MigrateV2_OfAGeneratedTreeWithEveryKind_CarriesEachKind_ReportsTheCorruptFiles_AndVerifiesClean()
    {
        var old = _temp.Combine("v2");
        var expected = V2TreeGenerator.Generate(old, users: 3, corrupt: true);
        var before = Tree.Files(old);
        var target = _temp.Combine("new");

        var result = await Engines.Migrate(target).MigrateAsync(old);

        Assert.Equal(before, Tree.Files(old));
        Assert.True(result.Validation.IsValid, string.Join("\n", result.Validation.Errors));
        Assert.Equal(expected, result.Validation.Old);
        Assert.Equal(expected, result.Validation.New);
        Assert.Contains(result.Skipped, s => s.Contains(Path.Join(old, "users", "user0", "personas", "broken.json"), StringComparison.Ordinal) &&
                                             s.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.Contains(result.Skipped, s => s.Contains(Path.Join(old, "users", "user1", V2TreeGenerator.WholeSeconds, "messages.jsonl"), StringComparison.Ordinal) &&
                                             s.Contains("line 2: not valid JSON", StringComparison.Ordinal));
        Assert.Equal(2, result.Skipped.Count);
        Assert.False(File.Exists(Path.Join(target, Checkpoint)));

        var session = V2TreeGenerator.WholeSeconds + "_000000";
        var layout = new FlatfileLayout(Engines.Options(target));
        using (var snapshot = JsonDocument.Parse(await File.ReadAllTextAsync(layout.ContextSnapshotFile("user1", session, "context_20240115_100500_000000"))))
        {
            Assert.Equal("first", snapshot.RootElement.GetProperty("summary").GetString());
            Assert.Equal("2024-01-15T10:05:00.000000Z", snapshot.RootElement.GetProperty("timestamp").GetString());
        }

        Assert.True(File.Exists(layout.ContextSnapshotFile("user1", session, "context_20240115_101000_000001")));
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Join(old, "users", "user2", V2TreeGenerator.WholeSeconds, "documents", "analysis", "deep", "report.json")),
            await File.ReadAllBytesAsync(Path.Join(layout.DocumentAnalysisDirectory("user2", session), "deep", "report.json")));
        var messages = await File.ReadAllLinesAsync(layout.SessionMessagesFile("user1", session));
        Assert.Equal(3, messages.Length);
        Assert.StartsWith("{\"seq\":2,\"id\":\"m2\"", messages[1], StringComparison.Ordinal);

        var verified = await Engines.Verify(target).VerifyAsync();
        Assert.True(verified.IsClean, string.Join("\n", verified.Problems));
    }

    [Fact]
    public async Task MigrateV2_WithAV2Config_WritesAnAppsettingsFragmentWithTheModules_AndListsTheIgnoredKeys()
    {
        var old = _temp.Combine("v2");
        V2TreeGenerator.Generate(old, users: 1);
        var fragment = _temp.Combine("chosen", "appsettings.json");

        var result = await Engines.Migrate(_temp.Combine("new")).MigrateAsync(old, new V2MigrationOptions { ConfigOutput = fragment });

        Assert.Equal(fragment, result.ConfigFragment);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(fragment));
        var root = json.RootElement;
        Assert.Equal(_temp.Combine("new"), root.GetProperty("Storage").GetProperty("StorageBasePath").GetString());
        Assert.Equal(65536, root.GetProperty("Storage").GetProperty("MaxMessageSizeBytes").GetInt64());
        Assert.Equal(100, root.GetProperty("Storage").GetProperty("MaxSessionsPerUser").GetInt32());
        Assert.Equal([".pdf", ".txt", ".md"], root.GetProperty("Storage").GetProperty("AllowedDocumentExtensions").EnumerateArray().Select(e => e.GetString()));
        var modules = root.GetProperty("Modules");
        Assert.Equal(V2ConfigMigrator.ModuleNames, modules.EnumerateObject().Select(m => m.Name));
        Assert.True(modules.GetProperty("rag").GetProperty("Enabled").GetBoolean());
        Assert.True(modules.GetProperty("text_chat").GetProperty("Enabled").GetBoolean());
        Assert.False(modules.GetProperty("tool_use").GetProperty("Enabled").GetBoolean());
        var ignored = root.GetProperty("ChatDbMigration").GetProperty("Ignored");
        Assert.Equal(
            ["search.full_text_search_min_word_length", "storage.base_path", "storage.session_timestamp_format", "vector.default_embedding_provider"],
            ignored.EnumerateObject().Select(p => p.Name));
        Assert.Contains("layout name", ignored.GetProperty("storage.session_timestamp_format").GetString(), StringComparison.Ordinal);
        Assert.Equal(ignored.EnumerateObject().Select(p => p.Name), result.Config!.Ignored.Keys);
    }

    [Fact]
    public void V2ConfigMigrator_TakesAModulesSection_AndIgnoresUnknownModulesAndWrongTypes()
    {
        using var v2 = JsonDocument.Parse(
            "{\"modules\":{\"trace_logger\":{\"enabled\":true},\"memory\":{\"enabled\":false},\"voice\":{\"enabled\":true}},\"max_messages_per_session\":\"many\"}");

        var migration = V2ConfigMigrator.Migrate(v2.RootElement, _temp.Combine("new"), "config.json");

        Assert.True(migration.Modules["trace_logger"]);
        Assert.False(migration.Modules["memory"]);
        Assert.Contains("no module 'voice'", migration.Ignored["modules.voice.enabled"], StringComparison.Ordinal);
        Assert.Contains("takes Int32", migration.Ignored["max_messages_per_session"], StringComparison.Ordinal);
        Assert.Empty(migration.Mapped);
    }

    [Fact]
    public async Task MigrateV2_InterruptedAfterTwoUsers_ResumesFromTheCheckpoint_AndEndsIdenticalToAnUninterruptedRun()
    {
        var old = _temp.Combine("v2");
        V2TreeGenerator.Generate(old, users: 4);
        var straight = _temp.Combine("straight");
        var resumed = _temp.Combine("resumed");
        await Engines.Migrate(straight).MigrateAsync(old);

        using var interrupt = new CancellationTokenSource();
        var committed = 0;
        var interrupted = new V2MigrationOptions
        {
            AfterUnit = (_, _) =>
            {
                if (++committed == 2)
                {
                    interrupt.Cancel();
                }

                return Task.CompletedTask;
            },
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Engines.Migrate(resumed).MigrateAsync(old, interrupted, interrupt.Token));

        using (var checkpoint = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Join(resumed, Checkpoint))))
        {
            Assert.Equal(["user:user0", "user:user1"], checkpoint.RootElement.GetProperty("completed").EnumerateArray().Select(e => e.GetString()));
        }

        Assert.True(Directory.Exists(Path.Join(resumed, "users", "user1")));
        Assert.False(Directory.Exists(Path.Join(resumed, "users", "user2")));

        // A kill in the middle of user2's unit leaves its staging directory; the resume removes it and migrates user2 again.
        var leftover = Path.Join(resumed, ".staging-import-0123456789ab", "users", "user2");
        Directory.CreateDirectory(leftover);
        await File.WriteAllTextAsync(Path.Join(leftover, "profile.json"), "{\"user_id\":");

        // A crash between a unit's commit and its checkpoint entry: user1 is committed but not recorded, so it runs again.
        var recorded = JsonNode.Parse(await File.ReadAllTextAsync(Path.Join(resumed, Checkpoint)))!;
        recorded["completed"]!.AsArray().RemoveAt(1);
        await File.WriteAllTextAsync(Path.Join(resumed, Checkpoint), recorded.ToJsonString());

        var result = await Engines.Migrate(resumed).MigrateAsync(old);

        Assert.Equal(1, result.UnitsResumed);
        Assert.True(result.Validation.IsValid, string.Join("\n", result.Validation.Errors));
        Assert.Equal(Tree.DataFiles(straight), Tree.DataFiles(resumed));
        Assert.False(File.Exists(Path.Join(resumed, Checkpoint)));

        // Once more over the finished tree: every file is already there with the same bytes, nothing is added.
        var again = await Engines.Migrate(resumed).MigrateAsync(old, merge: true);

        Assert.True(again.Validation.IsValid);
        Assert.Equal(Tree.DataFiles(straight), Tree.DataFiles(resumed));
    }

    [Fact]
    public async Task MigrateV2_WithACheckpointOfAnotherSource_IsRefused()
    {
        var old = _temp.Combine("v2");
        V2TreeGenerator.Generate(old, users: 1);
        Directory.CreateDirectory(_temp.Combine("new"));
        await File.WriteAllTextAsync(_temp.Combine("new", Checkpoint), "{\"source\":\"/elsewhere\",\"completed\":[],\"skipped\":[]}");

        var error = await Assert.ThrowsAsync<ConfigurationError>(() => Engines.Migrate(_temp.Combine("new")).MigrateAsync(old));

        Assert.Contains("unfinished migration from '/elsewhere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateV2_DryRun_PrintsEachKindWithFilesAndBytes_AndTheUsers_AndWritesNothing()
    {
        var old = _temp.Combine("v2");
        V2TreeGenerator.Generate(old, users: 2);
        var target = _temp.Combine("new");

        var plan = Engines.Migrate(target).Plan(old);
        var (exit, output, _) = await RunAsync("migrate-v2", "--from", old, "--data", target, "--dry-run");

        Assert.Equal(0, exit);
        Assert.False(Directory.Exists(target));
        var analysis = Directory.EnumerateFiles(old, "*", SearchOption.AllDirectories).Where(f => f.Contains("/analysis/", StringComparison.Ordinal)).ToList();
        Assert.Equal(new V2KindSize("analysis", analysis.Count, analysis.Sum(f => new FileInfo(f).Length)), plan.Kinds.Single(k => k.Kind == "analysis"));
        Assert.Equal(4, plan.Kinds.Single(k => k.Kind == "context_snapshot").Files);
        Assert.Equal(1, plan.Kinds.Single(k => k.Kind == "config").Files);
        Assert.Equal(["user0", "user1"], plan.Users);
        Assert.Contains("context_snapshot", output, StringComparison.Ordinal);
        Assert.Contains("users: 2 to migrate, 0 already migrated", output, StringComparison.Ordinal);

        var (migrated, report, _) = await RunAsync("migrate-v2", "--from", old, "--data", target);

        Assert.Equal(0, migrated);
        Assert.Contains("configuration: ", report, StringComparison.Ordinal);
        Assert.Contains("ignored vector.default_embedding_provider", report, StringComparison.Ordinal);
        Assert.True(File.Exists(V2Migrator.DefaultConfigOutput(target)));
    }

    [Fact]
    public async Task MigrationValidator_ReportsAMissingContextSnapshot_AnalysisFile_AndConfiguration()
    {
        var old = _temp.Combine("v2");
        V2TreeGenerator.Generate(old, users: 1);
        var target = _temp.Combine("new");
        var result = await Engines.Migrate(target).MigrateAsync(old);
        var options = Engines.Options(target);
        var layout = new FlatfileLayout(options);
        var session = V2TreeGenerator.WholeSeconds + "_000000";
        File.Delete(layout.ContextSnapshotFile("user0", session, "context_20240115_100500_000000"));
        File.Delete(Path.Join(layout.DocumentAnalysisDirectory("user0", session), "deep", "report.json"));

        var validation = new MigrationValidator(new V2SchemaTransformer(layout.Ids)).Validate(old, options, configFragment: null);

        Assert.True(result.Validation.IsValid);
        Assert.Contains($"Session user0/{session}: 2 context snapshots in v2, 1 migrated", validation.Errors);
        Assert.Contains($"Session user0/{session}: 2 analysis files in v2, 1 migrated", validation.Errors);
        Assert.Contains("Kind config: 1 in v2, 0 migrated", validation.Errors);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliRoot.Create().Parse([.. args, "--quiet"]).InvokeAsync(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
