using Orleans;

namespace ChatDb.Storage.Flatfile.Tests.Hosting.Grains;

/// <summary>A session document: positional, so a missing one reads as null.</summary>
[GenerateSerializer, Alias("flatfile-tests.session")]
public sealed record TestSession([property: Id(0)] string Title, [property: Id(1)] string Owner);

/// <summary>A situational context document, read lazily.</summary>
[GenerateSerializer, Alias("flatfile-tests.context")]
public sealed record TestContext([property: Id(0)] string Summary);

/// <summary>One line of the messages log.</summary>
[GenerateSerializer, Alias("flatfile-tests.message")]
public sealed record TestMessage([property: Id(0)] string Text);

/// <summary>What a session grain holds, as its caller sees it.</summary>
[GenerateSerializer, Alias("flatfile-tests.session-view")]
public sealed record SessionView(
    [property: Id(0)] TestSession? Session,
    [property: Id(1)] bool RecordExists,
    [property: Id(2)] long MessageCount);
