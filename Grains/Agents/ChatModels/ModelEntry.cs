namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>
/// One model of the configuration (<c>Models:{name}</c>, environment <c>CHATDB_MODELS__{NAME}__PROVIDER</c>, ...).
/// <see cref="ApiKey"/> and <see cref="ApiKeyFile"/> are secrets: <see cref="ToString"/> leaves them out, and no
/// log, trace, error or response carries them.
/// </summary>
public sealed class ModelEntry
{
    /// <summary><see cref="ModelProviders.Offline"/>, <see cref="ModelProviders.OpenAI"/> or <see cref="ModelProviders.Ollama"/>.</summary>
    public string Provider { get; set; } = ModelProviders.Offline;

    /// <summary><see cref="ModelKinds.Chat"/> or <see cref="ModelKinds.Embedding"/>.</summary>
    public string Kind { get; set; } = ModelKinds.Chat;

    /// <summary>The provider's base address (not used by <c>offline</c>).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The provider's model id.</summary>
    public string Model { get; set; } = OfflineChatClient.ModelId;

    /// <summary>The endpoint's key (secret).</summary>
    public string? ApiKey { get; set; }

    /// <summary>A file whose content is the endpoint's key (secret path); read once at start, trimmed, into <see cref="ApiKey"/>.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>How long one model call may take, 1 to <see cref="ModelRegistry.MaxTimeoutSeconds"/>.</summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Whether the model reads images (<c>Models:{name}:AcceptsImages</c>, default false): agent runs then give it a session's
    /// image documents as image content, and every other model a text placeholder (docs/MULTIMODAL.md). The offline model reads
    /// text only.
    /// </summary>
    public bool AcceptsImages { get; set; }

    public override string ToString() => $"{Provider} {Kind} model {Model}";
}

/// <summary>The providers a model can name.</summary>
public static class ModelProviders
{
    public const string Offline = "offline";
    public const string OpenAI = "openai";
    public const string Ollama = "ollama";

    public static IReadOnlyList<string> All { get; } = [Offline, OpenAI, Ollama];
}

/// <summary>What a model is for.</summary>
public static class ModelKinds
{
    public const string Chat = "chat";
    public const string Embedding = "embedding";

    public static IReadOnlyList<string> All { get; } = [Chat, Embedding];
}
