using ChatDb.Cli;
using ChatDb.Operations.Tests.Support;

namespace ChatDb.Operations.Tests;

public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ExportImportVerify_ThroughTheCommandLine_ReportCountsAndExitZero()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));

        var (exported, exportText, _) = await RunAsync("export", "--data", _temp.Combine("data"), "--out", _temp.Combine("out.jsonl"));
        var (imported, importText, _) = await RunAsync("import", "--data", _temp.Combine("copy"), "--in", _temp.Combine("out.jsonl"));
        var (verified, verifyText, _) = await RunAsync("verify", "--data", _temp.Combine("copy"));

        Assert.Equal((0, 0, 0), (exported, imported, verified));
        Assert.Contains("message 280", exportText, StringComparison.Ordinal);
        Assert.Contains("imported", importText, StringComparison.Ordinal);
        Assert.StartsWith("clean", verifyText.Trim().Split('\n')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ListsEachProblemWithItsPath_AndExitsOne()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));
        await File.WriteAllTextAsync(_temp.Combine("data", "stray.txt"), "x");

        var (exit, output, _) = await RunAsync("verify", "--data", _temp.Combine("data"));

        Assert.Equal(1, exit);
        Assert.Contains($"error OutsideLayout: {_temp.Combine("data", "stray.txt")}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_WithNow_ArchivesAndPrintsCounts()
    {
        await TestDataSet.CreateAsync(_temp.Combine("data"));

        var (exit, output, _) = await RunAsync("prune", "--data", _temp.Combine("data"), "--archive-after-days", "35", "--now", "2025-02-11T00:00:00Z");

        Assert.Equal(0, exit);
        Assert.Contains("2 sessions archived, 0 sessions deleted, 0 insights deleted", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliRoot.Create().Parse([.. args, "--quiet"]).InvokeAsync(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
