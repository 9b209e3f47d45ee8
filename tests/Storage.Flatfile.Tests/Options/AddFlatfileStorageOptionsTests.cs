using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatDb.Storage.Flatfile.Tests.Options;

public sealed class AddFlatfileStorageOptionsTests
{
    [Fact]
    public void Bind_OneStorageSection_SetsTheFlatfileOptionsAndTheChatLimits_EachKeyInItsOwnClass()
    {
        using var provider = Build(new()
        {
            ["Storage:StorageBasePath"] = "/srv/chatdb",
            ["Storage:MaxMessageSizeBytes"] = "2048",
            ["Storage:Durability"] = "OsBuffered",
            ["Storage:PanelMaxPersonas"] = "4",
        });

        var options = provider.GetRequiredService<IOptions<FlatfileStorageOptions>>().Value;
        var limits = provider.GetRequiredService<IOptions<ChatLimitsOptions>>().Value;

        Assert.Equal("/srv/chatdb", options.StorageBasePath);
        Assert.Equal(Durability.OsBuffered, options.Durability);
        Assert.Equal(2048, limits.MaxMessageSizeBytes);
        Assert.Equal(4, limits.PanelMaxPersonas);
        Assert.Equal(100_000, limits.MaxMessagesPerSession);
        Assert.Same(limits, options.ChatLimits);
    }

    [Fact]
    public void Bind_ConfiguredExtensionList_ReplacesTheDefaultsInsteadOfAppending()
    {
        using var provider = Build(new()
        {
            ["Storage:AllowedDocumentExtensions:0"] = ".pdf",
            ["Storage:AllowedDocumentExtensions:1"] = ".docx",
        });

        var limits = provider.GetRequiredService<IOptions<ChatLimitsOptions>>().Value;

        Assert.Equal([".pdf", ".docx"], limits.AllowedDocumentExtensions);
    }

    [Fact]
    public void Bind_NoExtensionList_KeepsTheDefaults()
    {
        using var provider = Build([]);

        var limits = provider.GetRequiredService<IOptions<ChatLimitsOptions>>().Value;

        Assert.Equal(ChatLimitsOptions.DefaultAllowedDocumentExtensions, limits.AllowedDocumentExtensions);
    }

    [Fact]
    public void StartupValidation_TempSuffixThatIsAnAllowedExtension_NamesBothSettings()
    {
        using var provider = Build(new() { ["Storage:AtomicWriteTempSuffix"] = ".md" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Storage:AtomicWriteTempSuffix conflicts with Storage:AllowedDocumentExtensions:2", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> RemovedKeys => [.. RemovedSettings.Storage.Keys];

    [Theory]
    [MemberData(nameof(RemovedKeys))]
    public void StartupValidation_RemovedKeyStillSet_FailsWithOneLineSayingWhatToDoInstead(string key)
    {
        using var provider = Build(new() { [$"Storage:{key}"] = "1" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(error.Failures);
        Assert.Equal($"Storage:{key} was removed: {RemovedSettings.Storage[key]}.", failure);
        Assert.DoesNotContain('\n', failure);
    }

    [Fact]
    public void StartupValidation_BadSetting_FailsNamingIt()
    {
        using var provider = Build(new() { ["Storage:MaxMessageSizeBytes"] = "-1" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Storage:MaxMessageSizeBytes must be positive (was -1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidation_ConflictingSettings_NamesBoth()
    {
        using var provider = Build(new() { ["Storage:SystemConfigDirectoryName"] = "users" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Storage:UserDataDirectoryName conflicts with Storage:SystemConfigDirectoryName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidation_DefaultOptions_Passes()
    {
        using var provider = Build([]);

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("./data", provider.GetRequiredService<IOptions<FlatfileStorageOptions>>().Value.StorageBasePath);
    }

    [Fact]
    public void AddTwice_RegistersEachValidatorOnce()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();

        services.AddFlatfileStorageOptions(configuration);
        services.AddFlatfileStorageOptions(configuration);
        services.AddChatLimitsOptions(configuration);

        Assert.Single(services, d => d.ImplementationType == typeof(FlatfileStorageOptionsValidator));
        Assert.Single(services, d => d.ImplementationInstance is ChatLimitsOptionsValidator);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddFlatfileStorageOptions(configuration);
        return services.BuildServiceProvider();
    }
}
