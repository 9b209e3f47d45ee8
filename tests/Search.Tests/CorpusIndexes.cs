using ChatDb.Grains.Search;

namespace ChatDb.Search.Tests;

/// <summary>Builds indexes over a <see cref="TopicCorpus"/> the two ways a system does: live, and rebuilt from logs.</summary>
internal static class CorpusIndexes
{
    /// <summary>Messages fed as they would arrive, sessions interleaved.</summary>
    public static FullTextIndex Incremental(TopicCorpus corpus)
    {
        var index = new FullTextIndex();
        foreach (var (sessionId, message) in corpus.Interleaved())
        {
            index.Add(sessionId, message);
        }

        foreach (var session in corpus.Sessions)
        {
            index.SetSessionEntities(session.Id, session.Entities);
        }

        return index;
    }

    /// <summary>Rebuilt from the logs: one session after the other, in reverse order for good measure.</summary>
    public static FullTextIndex Rebuilt(TopicCorpus corpus)
    {
        var index = new FullTextIndex();
        foreach (var session in corpus.Sessions.Reverse())
        {
            index.SetSessionEntities(session.Id, session.Entities);
            foreach (var message in session.Messages)
            {
                index.Add(session.Id, message);
            }
        }

        return index;
    }

    public static async Task<MessageSearchIndex> WithVectorsAsync(TopicCorpus corpus)
    {
        var embedder = new HashingEmbeddingGenerator();
        var index = new MessageSearchIndex(new FullTextIndex(), new VectorIndex(EmbedderIdentity.Default), embedder);
        foreach (var session in corpus.Sessions)
        {
            await index.AddAsync(session.Id, session.Messages);
            index.SetSessionEntities(session.Id, session.Entities);
        }

        return index;
    }

    /// <summary>A ranking as comparable values: session, seq and the exact score.</summary>
    public static List<(string, long, double)> Keys(IReadOnlyList<SearchHit> hits) =>
        [.. hits.Select(h => (h.SessionId, h.Message.Seq, h.Score))];
}
