using ChatDb.Grains.Models;
using ChatDb.Storage;
using Microsoft.Extensions.Configuration;

namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>
/// The models of the silo's configuration (section <see cref="SectionName"/>, one child per model name). The model
/// <see cref="DefaultName"/> always exists: configured or not, it is the shipped offline model, so agents work with
/// no configuration at all. Checked once at start-up: a bad provider, kind, endpoint, timeout or key file names the setting
/// (<c>Models:{name}:...</c>), and a key file is read then.
/// </summary>
public sealed class ModelRegistry
{
    public const string SectionName = "Models";

    /// <summary>The model agents use when they name none, and the one that always exists.</summary>
    public const string DefaultName = "offline";

    /// <summary>The longest <c>TimeoutSeconds</c> a model may have: an hour.</summary>
    public const int MaxTimeoutSeconds = 3600;

    private readonly Dictionary<string, ModelEntry> _models;

    public ModelRegistry(IReadOnlyDictionary<string, ModelEntry> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = new Dictionary<string, ModelEntry>(StringComparer.Ordinal);
        foreach (var (name, entry) in models)
        {
            _models[name] = Check(name, entry);
        }

        _models.TryAdd(DefaultName, new ModelEntry());
    }

    /// <summary>The models of <paramref name="configuration"/>'s <see cref="SectionName"/> section.</summary>
    public static ModelRegistry FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var models = new Dictionary<string, ModelEntry>(StringComparer.Ordinal);
        foreach (var child in configuration.GetSection(SectionName).GetChildren())
        {
            var entry = new ModelEntry();
            child.Bind(entry);
            // Configuration keys are case-insensitive; agents name models in lower case, as environment variables arrive.
            models[child.Key.ToLowerInvariant()] = entry;
        }

        return new ModelRegistry(models);
    }

    public IReadOnlyCollection<string> Names => _models.Keys;

    /// <summary>The model <paramref name="name"/>; a <see cref="ValidationError"/> naming it and the known ones when there is none.</summary>
    public ModelEntry Get(string name, string subject)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_models.TryGetValue(name, out var entry))
        {
            return entry;
        }

        throw new ValidationError(
            $"{subject}: model '{Shown(name)}' is not configured (rule: known-model); the configured models are {string.Join(", ", _models.Keys.Order(StringComparer.Ordinal))}.");
    }

    /// <summary>What <c>GET /models</c> shows: names, providers, kinds and model ids, never keys or endpoints.</summary>
    public IReadOnlyList<ModelInfo> List() =>
        _models.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new ModelInfo(m.Key, m.Value.Provider, m.Value.Kind, m.Value.Model, m.Key == DefaultName, m.Value.TimeoutSeconds, m.Value.AcceptsImages))
            .ToList();

    private static ModelEntry Check(string name, ModelEntry entry)
    {
        var setting = $"{SectionName}:{name}";
        if (!ModelProviders.All.Contains(entry.Provider, StringComparer.Ordinal))
        {
            throw new ConfigurationError($"{setting}:Provider '{entry.Provider}' is not one of {string.Join(", ", ModelProviders.All)}.");
        }

        if (!ModelKinds.All.Contains(entry.Kind, StringComparer.Ordinal))
        {
            throw new ConfigurationError($"{setting}:Kind '{entry.Kind}' is not one of {string.Join(", ", ModelKinds.All)}.");
        }

        if (entry.Kind == ModelKinds.Embedding && entry.Provider == ModelProviders.Offline)
        {
            throw new ConfigurationError($"{setting}:Kind '{ModelKinds.Embedding}' needs provider '{ModelProviders.OpenAI}' or '{ModelProviders.Ollama}', not '{entry.Provider}'.");
        }

        if (entry.TimeoutSeconds is <= 0 or > MaxTimeoutSeconds)
        {
            throw new ConfigurationError($"{setting}:TimeoutSeconds must be from 1 to {MaxTimeoutSeconds}, not {entry.TimeoutSeconds}.");
        }

        if (string.IsNullOrWhiteSpace(entry.Model))
        {
            throw new ConfigurationError($"{setting}:Model must name the provider's model.");
        }

        if (entry.Provider != ModelProviders.Offline)
        {
            if (string.IsNullOrWhiteSpace(entry.Endpoint))
            {
                throw new ConfigurationError($"{setting}:Endpoint is required for provider '{entry.Provider}'.");
            }

            // The value is not repeated: an endpoint may carry a key in its query.
            if (!Uri.TryCreate(entry.Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new ConfigurationError($"{setting}:Endpoint must be an absolute http:// or https:// URL.");
            }
        }

        if (entry.ApiKeyFile is { } keyFile)
        {
            if (entry.ApiKey is not null)
            {
                throw new ConfigurationError($"{setting}: set ApiKey or ApiKeyFile, not both.");
            }

            entry.ApiKey = ReadKeyFile(setting, keyFile);
        }

        return entry;
    }

    /// <summary>The key in <paramref name="path"/>, read once at start and trimmed; errors name the setting, never the file's content.</summary>
    internal static string ReadKeyFile(string setting, string path)
    {
        string key;
        try
        {
            key = File.ReadAllText(path).Trim();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var why = error is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : "cannot be read";
            throw new ConfigurationError($"{setting}:ApiKeyFile names a file that {why} ({error.GetType().Name}).");
        }

        return key.Length > 0 ? key : throw new ConfigurationError($"{setting}:ApiKeyFile names an empty file.");
    }

    /// <summary>A caller's model name as it may appear in a message: at most 64 characters.</summary>
    private static string Shown(string name) => name.Length <= 64 ? name : name[..64] + "...";
}
