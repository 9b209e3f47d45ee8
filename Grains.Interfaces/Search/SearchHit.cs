using ChatDb.Grains.Models;
using Orleans;

namespace ChatDb.Grains.Search;

/// <summary>
/// One result: the session (or panel) id, the message as indexed, the score (BM25 for full-text,
/// cosine for vector, reciprocal-rank-fusion sum for hybrid) and a snippet with matched terms marked.
/// </summary>
[Immutable]
public sealed record SearchHit(string SessionId, ChatMessage Message, double Score, string Snippet);
