using Orleans;

namespace ChatDb.Storage.Tests.Grains;

/// <summary>An entry of the test grains' logs; the log providers store it as JSON, it never crosses the wire.</summary>
public sealed record TestNote(int Number, string Text);

/// <summary>State without a parameterless constructor, like ChatDb's sessions: null when nothing is stored.</summary>
[GenerateSerializer, Immutable, Alias("storage-tests.TestProfile")]
public sealed record TestProfile([property: Id(0)] string Title, [property: Id(1)] long Version);

/// <summary>State with a parameterless constructor: a fresh instance when nothing is stored.</summary>
[GenerateSerializer, Alias("storage-tests.TestSettings")]
public sealed class TestSettings
{
    [Id(0)]
    public string Theme { get; set; } = "light";

    [Id(1)]
    public int Revision { get; set; }
}

/// <summary>One log entry as a test grain returns it.</summary>
[GenerateSerializer, Immutable, Alias("storage-tests.NoteView")]
public sealed record NoteView([property: Id(0)] long Sequence, [property: Id(1)] int Number, [property: Id(2)] string Text);

/// <summary>What a lazily read state shows before its first read: whether it holds the type's default, its ETag, and what asking RecordExists threw.</summary>
[GenerateSerializer, Immutable, Alias("storage-tests.UnreadStateView")]
public sealed record UnreadStateView([property: Id(0)] bool HoldsDefault, [property: Id(1)] string? Etag, [property: Id(2)] string? RecordExistsError);
