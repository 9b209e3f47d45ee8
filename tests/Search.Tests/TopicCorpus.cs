using System.Text;
using System.Text.Json;
using ChatDb.Grains.Models;

namespace ChatDb.Search.Tests;

/// <summary>
/// A generated multi-topic chat corpus with a relevance set. Each topic has its own vocabulary of
/// pseudo-words: 20 common topic words and four signature words per session. Messages mix filler
/// (75%), common topic words (Zipf-like, 21%), signature words of the session (3%) and signature
/// words of other sessions of the topic (1%, so queries meet competition). One key message per
/// session holds all four signature words, the first two adjacent. Odd topics spell signature words
/// with accents in messages; queries use plain letters.
/// </summary>
internal sealed class TopicCorpus
{
    private static readonly string[] Filler =
    [
        "about", "after", "again", "also", "because", "before", "being", "between", "could", "does", "doing",
        "during", "each", "every", "from", "have", "here", "just", "know", "like", "made", "make", "many",
        "more", "most", "much", "must", "need", "never", "only", "other", "over", "really", "same", "should",
        "since", "some", "still", "such", "than", "that", "their", "them", "then", "there", "these", "they",
        "thing", "think", "this", "those", "through", "time", "today", "under", "until", "very", "want",
        "well", "what", "when", "where", "which", "while", "will", "with", "would", "your", "yesterday",
        "a", "an", "to", "of", "in", "is", "it", "on", "we", "so", "and", "the", "for", "but", "not", "you",
    ];

    private static readonly string[] Syllables =
    [
        "ba", "be", "bi", "bo", "bu", "da", "de", "di", "do", "du", "fa", "fe", "fi", "fo", "ga", "ge", "go",
        "ka", "ke", "ki", "ko", "ku", "la", "le", "li", "lo", "lu", "ma", "me", "mi", "mo", "mu", "na", "ne",
        "ni", "no", "nu", "pa", "pe", "pi", "po", "ra", "re", "ri", "ro", "ru", "sa", "se", "si", "so", "ta",
        "te", "ti", "to", "tu", "va", "ve", "vi", "vo", "za", "ze", "zi", "zo",
    ];

    private TopicCorpus(List<CorpusSession> sessions, List<(string Query, string ExpectedSession)> queries)
    {
        Sessions = sessions;
        Queries = queries;
    }

    public IReadOnlyList<CorpusSession> Sessions { get; }

    public IReadOnlyList<(string Query, string ExpectedSession)> Queries { get; }

    public int MessageCount => Sessions.Sum(s => s.Messages.Count);

    public static TopicCorpus Generate(int topics = 20, int sessionsPerTopic = 10, int messagesPerSession = 25, int seed = 7)
    {
        var random = new Random(seed);
        var used = new HashSet<string>(Filler, StringComparer.Ordinal);
        var sessions = new List<CorpusSession>();
        var queries = new List<(string, string)>();
        for (var topic = 0; topic < topics; topic++)
        {
            var common = Words(random, used, 20);
            var signatures = Enumerable.Range(0, sessionsPerTopic).Select(_ => Words(random, used, 4)).ToList();
            for (var s = 0; s < sessionsPerTopic; s++)
            {
                var id = $"chat_session_20250101_{topic:D2}{s:D4}_000000";
                var written = topic % 2 == 1 ? signatures[s].Select(Accent).ToList() : signatures[s];
                var others = signatures.Where((_, i) => i != s).SelectMany(w => w).ToList();
                var texts = new List<List<string>>();
                for (var m = 0; m < messagesPerSession; m++)
                {
                    texts.Add(Sentence(random, common, written, others, 20 + random.Next(41)));
                }

                // Each signature word is mentioned in two more messages; the key message has all four.
                foreach (var word in written)
                {
                    for (var k = 0; k < 2; k++)
                    {
                        var text = texts[random.Next(messagesPerSession)];
                        text.Insert(random.Next(text.Count), word);
                    }
                }

                var key = texts[random.Next(messagesPerSession)];
                key.InsertRange(random.Next(key.Count), [written[0], written[1], "and", "then", written[2], "with", written[3]]);
                var second = sessions.Count % 60;
                var messages = texts.Select((t, i) => Message(id, i + 1, second, string.Join(' ', t))).ToList();
                sessions.Add(new CorpusSession(id, topic, messages, [$"Topic {topic}", $"Person {topic}-{s}"]));
                if (s < 3)
                {
                    var w = signatures[s];
                    queries.Add(($"{w[0]} {w[1]}", id));
                    queries.Add(($"{w[2]}", id));
                    queries.Add(($"\"{w[0]} {w[1]}\"", id));
                }
            }
        }

        return new TopicCorpus(sessions, queries);
    }

    /// <summary>Messages of all sessions interleaved one round at a time, as a live system would see them.</summary>
    public IEnumerable<(string SessionId, ChatMessage Message)> Interleaved()
    {
        var longest = Sessions.Max(s => s.Messages.Count);
        for (var m = 0; m < longest; m++)
        {
            foreach (var session in Sessions.Where(s => m < s.Messages.Count))
            {
                yield return (session.Id, session.Messages[m]);
            }
        }
    }

    private static List<string> Sentence(Random random, List<string> common, List<string> own, List<string> others, int length)
    {
        var words = new List<string>(length + 8);
        for (var i = 0; i < length; i++)
        {
            var roll = random.NextDouble();
            words.Add(roll < 0.75 ? Filler[random.Next(Filler.Length)]
                : roll < 0.96 ? common[(int)(common.Count * Math.Pow(random.NextDouble(), 2))]
                : roll < 0.99 ? own[random.Next(own.Count)]
                : others[random.Next(others.Count)]);
        }

        return words;
    }

    private static List<string> Words(Random random, HashSet<string> used, int count)
    {
        var words = new List<string>();
        while (words.Count < count)
        {
            var word = new StringBuilder();
            var syllables = 2 + random.Next(3);
            for (var i = 0; i < syllables; i++)
            {
                word.Append(Syllables[random.Next(Syllables.Length)]);
            }

            if (used.Add(word.ToString()))
            {
                words.Add(word.ToString());
            }
        }

        return words;
    }

    private static string Accent(string word)
    {
        var i = word.IndexOfAny(['a', 'e', 'i', 'o', 'u']);
        var accented = word[i] switch { 'a' => 'á', 'e' => 'é', 'i' => 'í', 'o' => 'ö', _ => 'ü' };
        return string.Concat(word.AsSpan(0, i), accented.ToString(), word.AsSpan(i + 1));
    }

    private static ChatMessage Message(string sessionId, long seq, int second, string content) =>
        new($"{sessionId}-{seq}", seq, seq % 2 == 1 ? "user" : "assistant", content,
            Messages.Epoch.AddMinutes(seq).AddSeconds(second), [], new Dictionary<string, JsonElement>());
}

internal sealed record CorpusSession(string Id, int Topic, IReadOnlyList<ChatMessage> Messages, IReadOnlyList<string> Entities);
