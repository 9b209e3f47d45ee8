namespace ChatDb.Grains.Memories;

/// <summary>The <c>Memory</c> section (docs/MEMORY.md).</summary>
public sealed class MemoryOptions
{
    public const string SectionName = "Memory";

    /// <summary>The chat model of the configuration that extracts memories; <c>offline</c>: the built-in rules.</summary>
    public string ExtractionModel { get; set; } = Agents.ChatModels.ModelRegistry.DefaultName;
}
