using System.Globalization;
using System.Text.RegularExpressions;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Storage;
using Microsoft.Extensions.Configuration;

namespace ChatDb.Grains.Agents.Tools.Mcp;

/// <summary>
/// The MCP servers of the <c>Mcp:Servers</c> section, read and checked once at silo start: a bad setting is a
/// <see cref="ConfigurationError"/> naming <c>Mcp:Servers:{name}:...</c> (never a key's value), so the silo does not start.
/// </summary>
public sealed partial class McpServerSettings
{
    public const string SectionName = "Mcp:Servers";

    /// <summary>The longest server name; with the tool's own name it must fit a model's 64-character function names.</summary>
    public const int MaxNameLength = 32;

    public const int MaxConnectTimeoutSeconds = 300;

    private readonly Dictionary<string, McpServerEntry> _servers;

    public McpServerSettings(IReadOnlyDictionary<string, McpServerEntry> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        _servers = new(StringComparer.Ordinal);
        foreach (var (name, entry) in servers)
        {
            _servers[name] = Check(name, entry);
        }
    }

    /// <summary>The servers of <paramref name="configuration"/>'s <see cref="SectionName"/> section, names in lower case.</summary>
    public static McpServerSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var servers = new Dictionary<string, McpServerEntry>(StringComparer.Ordinal);
        foreach (var child in configuration.GetSection(SectionName).GetChildren())
        {
            var entry = new McpServerEntry();
            child.Bind(entry);
            // Configuration keys are case-insensitive and environment variables arrive in upper case; tool names use lower case.
            servers[child.Key.ToLowerInvariant()] = entry;
        }

        return new McpServerSettings(servers);
    }

    public IReadOnlyCollection<string> Names => _servers.Keys;

    public bool TryGet(string name, out McpServerEntry entry) => _servers.TryGetValue(name, out entry!);

    /// <summary>Lower-case letters, digits and single hyphens inside: safe in a path and free of the <c>__</c> that separates tool-name parts.</summary>
    public static bool IsValidName(string name) => name.Length <= MaxNameLength && NamePattern().IsMatch(name);

    private static McpServerEntry Check(string name, McpServerEntry entry)
    {
        var setting = $"{SectionName}:{name}";
        if (!IsValidName(name))
        {
            throw new ConfigurationError(string.Create(CultureInfo.InvariantCulture,
                $"{setting}: the server name must be lower-case letters and digits, single hyphens inside, at most {MaxNameLength} characters."));
        }

        ArgumentNullException.ThrowIfNull(entry);
        switch (entry.Transport)
        {
            case McpTransports.Stdio:
                if (string.IsNullOrWhiteSpace(entry.Command))
                {
                    throw new ConfigurationError($"{setting}:Command is required for transport '{McpTransports.Stdio}'.");
                }

                if (entry.WorkingDirectory is { } directory && !Directory.Exists(directory))
                {
                    throw new ConfigurationError($"{setting}:WorkingDirectory names a directory that does not exist.");
                }

                if (entry.Endpoint is not null || entry.ApiKey is not null || entry.ApiKeyFile is not null)
                {
                    throw new ConfigurationError($"{setting}: Endpoint, ApiKey and ApiKeyFile belong to transport '{McpTransports.Http}', not '{McpTransports.Stdio}'.");
                }

                break;
            case McpTransports.Http:
                if (string.IsNullOrWhiteSpace(entry.Endpoint))
                {
                    throw new ConfigurationError($"{setting}:Endpoint is required for transport '{McpTransports.Http}'.");
                }

                // The value is not repeated: an endpoint may carry a key in its query.
                if (!Uri.TryCreate(entry.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                {
                    throw new ConfigurationError($"{setting}:Endpoint must be an absolute http:// or https:// URL.");
                }

                if (entry.Command is not null)
                {
                    throw new ConfigurationError($"{setting}:Command belongs to transport '{McpTransports.Stdio}', not '{McpTransports.Http}'.");
                }

                if (entry.ApiKeyFile is { } keyFile)
                {
                    if (entry.ApiKey is not null)
                    {
                        throw new ConfigurationError($"{setting}: set ApiKey or ApiKeyFile, not both.");
                    }

                    entry.ApiKey = ModelRegistry.ReadKeyFile(setting, keyFile);
                }

                break;
            default:
                throw new ConfigurationError(entry.Transport is null
                    ? $"{setting}:Transport is required: one of {string.Join(", ", McpTransports.All)}."
                    : $"{setting}:Transport '{entry.Transport}' is not one of {string.Join(", ", McpTransports.All)}.");
        }

        if (entry.ConnectTimeoutSeconds is <= 0 or > MaxConnectTimeoutSeconds)
        {
            throw new ConfigurationError(string.Create(CultureInfo.InvariantCulture,
                $"{setting}:ConnectTimeoutSeconds must be from 1 to {MaxConnectTimeoutSeconds}, not {entry.ConnectTimeoutSeconds}."));
        }

        return entry;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
