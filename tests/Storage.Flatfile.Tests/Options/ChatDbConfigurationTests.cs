using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Tests.Support;
using ChatDb.Storage.Options;
using Microsoft.Extensions.Configuration;

namespace ChatDb.Storage.Flatfile.Tests.Options;

/// <summary>Environment variables are process-wide, so these tests run alone.</summary>
[CollectionDefinition(nameof(EnvironmentVariableTests), DisableParallelization = true)]
public sealed class EnvironmentVariableTests;

[Collection(nameof(EnvironmentVariableTests))]
public sealed class ChatDbConfigurationTests : IDisposable
{
    private const string SizeVariable = "CHATDB_STORAGE__MAXMESSAGESIZEBYTES";
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(SizeVariable, null);
        Environment.SetEnvironmentVariable("CHATDB_ENVIRONMENT", null);
        _directory.Dispose();
    }

    [Fact]
    public void Build_NoSources_GivesTheDefaults()
    {
        var options = Bind(ChatDbConfiguration.Build([], "Production", _directory.Path));

        Assert.Equal(1_048_576, options.ChatLimits.MaxMessageSizeBytes);
    }

    [Fact]
    public void Build_AppSettingsJson_IsRead()
    {
        WriteSettings("appsettings.json", 10);

        Assert.Equal(10, Bind(ChatDbConfiguration.Build([], "Production", _directory.Path)).ChatLimits.MaxMessageSizeBytes);
    }

    [Fact]
    public void Build_EnvironmentFile_OverridesAppSettingsOnlyInThatEnvironment()
    {
        WriteSettings("appsettings.json", 10);
        WriteSettings("appsettings.Development.json", 20);

        Assert.Equal(20, Bind(ChatDbConfiguration.Build([], "Development", _directory.Path)).ChatLimits.MaxMessageSizeBytes);
        Assert.Equal(10, Bind(ChatDbConfiguration.Build([], "Production", _directory.Path)).ChatLimits.MaxMessageSizeBytes);
    }

    [Fact]
    public void Build_PrefixedEnvironmentVariable_OverridesTheFiles()
    {
        WriteSettings("appsettings.json", 10);
        WriteSettings("appsettings.Development.json", 20);
        Environment.SetEnvironmentVariable(SizeVariable, "5");

        Assert.Equal(5, Bind(ChatDbConfiguration.Build([], "Development", _directory.Path)).ChatLimits.MaxMessageSizeBytes);
    }

    [Fact]
    public void Build_CommandLineSwitch_OverridesEnvironmentVariables()
    {
        WriteSettings("appsettings.json", 10);
        Environment.SetEnvironmentVariable(SizeVariable, "5");

        var configuration = ChatDbConfiguration.Build(["--Storage:MaxMessageSizeBytes=7"], "Production", _directory.Path);

        Assert.Equal(7, Bind(configuration).ChatLimits.MaxMessageSizeBytes);
    }

    [Fact]
    public void Build_DataSwitch_SetsTheStorageBasePath()
    {
        var configuration = ChatDbConfiguration.Build(["--data", "/srv/chatdb", "--durability", "OsBuffered"], "Production", _directory.Path);

        var options = Bind(configuration);
        Assert.Equal("/srv/chatdb", options.StorageBasePath);
        Assert.Equal(Durability.OsBuffered, options.Durability);
    }

    [Fact]
    public void Build_NoEnvironmentGiven_TakesItFromChatDbEnvironment()
    {
        WriteSettings("appsettings.Staging.json", 30);
        Environment.SetEnvironmentVariable("CHATDB_ENVIRONMENT", "Staging");

        Assert.Equal("Staging", ChatDbConfiguration.ResolveEnvironmentName(null));
        Assert.Equal(30, Bind(ChatDbConfiguration.Build([], null, _directory.Path)).ChatLimits.MaxMessageSizeBytes);
    }

    [Fact]
    public void Build_EnvironmentVariableWithBadValue_FailsValidationNamingTheSetting()
    {
        Environment.SetEnvironmentVariable(SizeVariable, "-4");

        var options = Bind(ChatDbConfiguration.Build([], "Production", _directory.Path));

        Assert.Contains("Storage:MaxMessageSizeBytes must be positive (was -4).", ChatLimitsOptionsValidator.FindProblems(options.ChatLimits));
    }

    private void WriteSettings(string fileName, long maxMessageSize) =>
        File.WriteAllText(Path.Join(_directory.Path, fileName),
            $$"""{ "Storage": { "MaxMessageSizeBytes": {{maxMessageSize}} } }""");

    /// <summary>Both classes bound from the one <c>Storage</c> section, as the silo and the tools bind them.</summary>
    private static FlatfileStorageOptions Bind(IConfiguration configuration)
    {
        var section = configuration.GetSection(FlatfileStorageOptions.SectionName);
        var options = new FlatfileStorageOptions();
        section.Bind(options);
        section.Bind(options.ChatLimits);
        return options;
    }
}
