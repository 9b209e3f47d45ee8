using ChatDb.Silo;
using ChatDb.Storage.Options;

namespace ChatDb.Api.Tests;

/// <summary>
/// Settings that were validated and documented but changed nothing are gone, and so are the settings of the
/// runtime ChatDb ran on before Orleans (its gateway, client, messaging and streams, the cluster secret): a silo
/// whose configuration still sets one refuses to start, with one line that says what to use instead.
/// </summary>
public sealed class RemovedSettingsTests : IDisposable
{
    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-removed-settings-tests-" + Guid.NewGuid().ToString("N"));

    public RemovedSettingsTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string> RemovedKeys => [.. RemovedSettings.Storage.Keys];

    [Theory]
    [MemberData(nameof(RemovedKeys))]
    public async Task Silo_WithARemovedStorageKey_RefusesToStart_WithOneLineNamingWhatToUseInstead(string key)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SiloApplication.RunAsync(
            ["--data", Path.Join(_root, "data"), "--http", "http://127.0.0.1:0", $"--Storage:{key}=1"], output, error);

        Assert.Equal(SiloApplication.StartupFailedExitCode, exitCode);
        Assert.Equal($"ChatDb silo cannot start: Storage:{key} was removed: {RemovedSettings.Storage[key]}.{Environment.NewLine}", error.ToString());
        Assert.False(Directory.Exists(Path.Join(_root, "data")), "the data directory is never opened");
    }

    public static TheoryData<string> RemovedHostKeys => [.. RemovedHostSettings.Keys.Select(removed => removed.Key)];

    [Theory]
    [MemberData(nameof(RemovedHostKeys))]
    public async Task Silo_WithARemovedHostKey_RefusesToStart_WithOneLineNamingWhatToDoInstead(string key)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var instead = RemovedHostSettings.Keys.Single(removed => removed.Key == key).Instead;

        var exitCode = await SiloApplication.RunAsync(
            ["--data", Path.Join(_root, "data"), "--http", "http://127.0.0.1:0", $"--{key}=1"], output, error);

        Assert.Equal(SiloApplication.StartupFailedExitCode, exitCode);
        Assert.Equal($"ChatDb silo cannot start: {key} was removed: {instead}.{Environment.NewLine}", error.ToString());
        Assert.False(Directory.Exists(Path.Join(_root, "data")), "the data directory is never opened");
    }

    [Theory]
    [InlineData("SearchResultsDefaultLimit", "use Search:DefaultLimit")]
    [InlineData("FullTextSearchMinWordLength", "use Search:MinWordLength")]
    public void RenamedKeys_NameTheirReplacement(string key, string instead) =>
        Assert.StartsWith(instead, RemovedSettings.Storage[key], StringComparison.Ordinal);
}
