using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>The indexing states of a knowledge document (docs/RAG.md).</summary>
public static class KnowledgeStatus
{
    /// <summary>Extracted, chunked, embedded and searchable.</summary>
    public const string Indexed = "indexed";

    /// <summary>Stored but not searchable: extraction failed or hit a limit; <see cref="KnowledgeDocument.Reason"/> says why.</summary>
    public const string Failed = "failed";
}

/// <summary>
/// One document of a user's knowledge base as listed (one entry of <c>users/{u}/knowledge/documents.json</c>).
/// </summary>
/// <param name="Filename">The name it was stored under, also its id.</param>
/// <param name="Format">How its text was read: <c>text</c>, <c>markdown</c>, <c>html</c> or <c>pdf</c>.</param>
/// <param name="Bytes">The size of the uploaded file.</param>
/// <param name="Status"><see cref="KnowledgeStatus.Indexed"/> or <see cref="KnowledgeStatus.Failed"/>.</param>
/// <param name="Reason">Why indexing failed; null when indexed.</param>
/// <param name="Chunks">How many chunks are searchable (0 when failed).</param>
/// <param name="UpdatedAt">When it was last uploaded.</param>
[Immutable]
public sealed record KnowledgeDocument(
    string Filename,
    string Format,
    long Bytes,
    string Status,
    string? Reason,
    int Chunks,
    DateTimeOffset UpdatedAt);

/// <summary>What a knowledge upload answers: the document's name and indexing status, and whether it replaced one.</summary>
[Immutable]
public sealed record KnowledgePutResult(
    string Filename,
    string Status,
    string? Reason,
    bool Replaced);

/// <summary>One retrieved chunk of a document.</summary>
/// <param name="Filename">The document it is from.</param>
/// <param name="Chunk">The chunk's text.</param>
/// <param name="Position">The chunk's place in the document, from 0.</param>
/// <param name="Score">Fused rank score (words and meaning); only the order is meaningful.</param>
[Immutable]
public sealed record KnowledgeHit(string Filename, string Chunk, int Position, double Score);

/// <summary>What <c>retrieve</c> looks for: the query, how many chunks, and the scope (the user's knowledge base, or one session's documents).</summary>
[Immutable]
public sealed record KnowledgeQuery
{
    /// <summary>Chunks returned when <see cref="K"/> is absent.</summary>
    public const int DefaultK = 5;

    /// <summary>The most chunks one call returns.</summary>
    public const int MaxK = 50;

    /// <summary>The longest query, in characters.</summary>
    public const int MaxQueryChars = 2_000;

    public required string Query { get; init; }

    public int? K { get; init; }

    /// <summary>A session of the user: its documents are searched instead of the knowledge base.</summary>
    public string? SessionId { get; init; }
}
