namespace ChatDb.Storage.TestKit;

/// <summary>Grain state used by <see cref="GrainStorageConformanceTests"/>: nested, with collections and awkward text.</summary>
public sealed class ConformanceState
{
    public string Name { get; set; } = "";

    public int Counter { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<string> Tags { get; set; } = [];

    public Dictionary<string, ConformanceItem> Items { get; set; } = [];

    public ConformanceItem? Primary { get; set; }
}

/// <summary>A nested value: immutable record with a list and an enum.</summary>
public sealed record ConformanceItem(string Id, double Score, IReadOnlyList<int> Values, ConformanceKind Kind, string? Note = null);

public enum ConformanceKind
{
    None,
    Text,
    Vector,
}

/// <summary>State without a parameterless constructor: a missing record reads as <c>null</c>.</summary>
public sealed record PositionalState(string Title, long Version, IReadOnlyList<string> Lines);

/// <summary>Text that breaks naive storage: line breaks (JSONL), quotes, backslashes, non-ASCII, control characters.</summary>
public static class AwkwardText
{
    public const string Value = "line one\nline \"two\"\r\n\ttab \\ back é 日本 🌍 \u0001 end";
}
