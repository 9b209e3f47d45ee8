using ChatDb.Cli.Commands.Maintenance;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>
/// The offline tools and the silo must agree on the layout: what the grains write is exactly what
/// <c>chatdb verify</c> accepts and what export/import carry over.
/// </summary>
public sealed class FlatfileMaintenanceTests : IAsyncLifetime
{
    private FlatfileChatCluster _chat = null!;
    private readonly string _scratch = Path.Join(Path.GetTempPath(), "chatdb-maint-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        _chat = await FlatfileChatCluster.StartAsync();
        Directory.CreateDirectory(_scratch);
    }

    public async Task DisposeAsync()
    {
        await _chat.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task TreeWrittenByTheGrains_VerifiesClean_AndSurvivesExportImport()
    {
        await ChatScenario.WriteAsync(_chat);
        await _chat.StopAsync();

        var verify = await new VerifyEngine(Options(_chat.DataDirectory), ChatModelSchema.Instance).VerifyAsync();
        Assert.True(verify.IsClean, "problems: " + string.Join("; ", verify.Problems.Select(p => $"{p.Kind} {p.Path}: {p.Message}")));

        var exported = Path.Join(_scratch, "export.jsonl");
        var copy = Path.Join(_scratch, "copy");
        await new ExportEngine(Options(_chat.DataDirectory), ChatModelSchema.Instance).ExportAsync(exported);
        await new ImportEngine(Options(copy), ChatModelSchema.Instance).ImportAsync(exported);
        var copyVerify = await new VerifyEngine(Options(copy), ChatModelSchema.Instance).VerifyAsync();
        var reExported = Path.Join(_scratch, "again.jsonl");
        await new ExportEngine(Options(copy), ChatModelSchema.Instance).ExportAsync(reExported);

        Assert.True(copyVerify.IsClean, "problems in the import: " + string.Join("; ", copyVerify.Problems.Select(p => $"{p.Kind} {p.Path}")));
        Assert.Equal(await File.ReadAllBytesAsync(exported), await File.ReadAllBytesAsync(reExported));
    }

    private static FlatfileStorageOptions Options(string directory) => new() { StorageBasePath = directory };
}
