using Microsoft.Extensions.Configuration;

namespace ChatDb.Storage.Flatfile.Options;

/// <summary>
/// Builds the configuration of a ChatDb process in the documented order, later sources winning:
/// <c>appsettings.json</c>, <c>appsettings.{Environment}.json</c>, environment variables
/// <c>CHATDB_&lt;SECTION&gt;__&lt;KEY&gt;</c>, command-line switches (<c>--Storage:Key=value</c>, <c>--data dir</c>).
/// </summary>
public static class ChatDbConfiguration
{
    public const string EnvironmentVariablePrefix = "CHATDB_";

    /// <summary>Environment variables consulted, in order, when no environment name is given.</summary>
    public static IReadOnlyList<string> EnvironmentNameVariables { get; } = ["CHATDB_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    public const string DefaultEnvironmentName = "Production";

    /// <summary>Short command-line switches and the keys they set.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--data"] = $"{FlatfileStorageOptions.SectionName}:{nameof(FlatfileStorageOptions.StorageBasePath)}",
        ["--durability"] = $"{FlatfileStorageOptions.SectionName}:{nameof(FlatfileStorageOptions.Durability)}",
    };

    /// <param name="args">Command-line arguments.</param>
    /// <param name="environment">The environment name (Development, Production, ...); when null, taken from
    /// <see cref="EnvironmentNameVariables"/>, else <see cref="DefaultEnvironmentName"/>.</param>
    /// <param name="basePath">The directory the appsettings files are read from; missing files are skipped.</param>
    public static IConfigurationRoot Build(string[] args, string? environment, string basePath)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentException.ThrowIfNullOrEmpty(basePath);
        var environmentName = ResolveEnvironmentName(environment);
        return new ConfigurationBuilder()
            .SetBasePath(Path.GetFullPath(basePath))
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environmentName}.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentVariablePrefix)
            .AddCommandLine(args, SwitchMappings.ToDictionary(StringComparer.Ordinal))
            .Build();
    }

    /// <summary>The environment name <see cref="Build"/> uses for <paramref name="environment"/>.</summary>
    public static string ResolveEnvironmentName(string? environment)
    {
        if (!string.IsNullOrWhiteSpace(environment))
        {
            return environment;
        }

        foreach (var variable in EnvironmentNameVariables)
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        return DefaultEnvironmentName;
    }
}
