using System.Text;
using System.Text.Json;
using ChatDb.Grains.Models;

namespace ChatDb.Benchmarks.Scenarios.Search;

/// <summary>
/// The search benchmark corpus: one user, 1,000 sessions of 100 messages (100,000), 20–60 words each,
/// drawn from a 30,000-word vocabulary (120 common English words, then pseudo-words) with Zipf(1)
/// frequencies; sessions interleaved in time as a live system writes them. The query set: 30 single
/// words, 30 pairs, 20 triples (vocabulary ranks 30–3,000) and 20 two-word phrases lifted from messages.
/// </summary>
public sealed class SearchCorpus
{
    private static readonly string[] Syllables =
        "ba be bi bo bu da de di do du fa fe fi fo ga ge go ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo za ze zi zo".Split(' ');

    private static readonly string[] English =
        ("the be to of and a in that have it for not on with he as you do at this but his by from they we say her she or an " +
         "will my one all would there their what so up out if about who get which go me when make can like time no just him " +
         "know take people into year your good some could them see other than then now look only come its over think also " +
         "back after use two how our work first well way even new want because any these give day most us").Split(' ');

    private SearchCorpus(List<(string SessionId, ChatMessage Message)> messages, List<string> queries)
    {
        Messages = messages;
        Queries = queries;
    }

    public IReadOnlyList<(string SessionId, ChatMessage Message)> Messages { get; }

    public IReadOnlyList<string> Queries { get; }

    public static SearchCorpus Generate(int sessions, int messagesPerSession, int seed = 42)
    {
        var random = new Random(seed);
        var vocabulary = new List<string>(English);
        var used = new HashSet<string>(English, StringComparer.Ordinal);
        while (vocabulary.Count < 30_000)
        {
            var word = new StringBuilder();
            for (var i = 2 + random.Next(3); i > 0; i--)
            {
                word.Append(Syllables[random.Next(Syllables.Length)]);
            }

            if (used.Add(word.ToString()))
            {
                vocabulary.Add(word.ToString());
            }
        }

        var cumulative = new double[vocabulary.Count];
        var total = 0.0;
        for (var i = 0; i < cumulative.Length; i++)
        {
            total += 1.0 / (i + 1);
            cumulative[i] = total;
        }

        var ids = Enumerable.Range(0, sessions).Select(i => $"chat_session_20250101_{i:D6}_000000").ToArray();
        var epoch = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var messages = new List<(string, ChatMessage)>(sessions * messagesPerSession);
        for (var m = 0; m < messagesPerSession; m++)
        {
            for (var s = 0; s < sessions; s++)
            {
                var text = new StringBuilder(300);
                var length = 20 + random.Next(41);
                for (var w = 0; w < length; w++)
                {
                    var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
                    text.Append(w == 0 ? "" : w % 12 == 0 ? ". " : " ").Append(vocabulary[Math.Min(index < 0 ? ~index : index, vocabulary.Count - 1)]);
                }

                var seq = m + 1;
                messages.Add((ids[s], new ChatMessage($"{ids[s]}-{seq}", seq, seq % 2 == 1 ? "user" : "assistant", text.ToString(),
                    epoch.AddSeconds(((long)m * sessions) + s), [], new Dictionary<string, JsonElement>())));
            }
        }

        return new SearchCorpus(messages, QuerySet(messages, vocabulary, new Random(9)));
    }

    private static List<string> QuerySet(List<(string, ChatMessage Message)> messages, List<string> vocabulary, Random random)
    {
        string Word() => vocabulary[30 + random.Next(3000)];
        var queries = new List<string>();
        queries.AddRange(Enumerable.Range(0, 30).Select(_ => Word()));
        queries.AddRange(Enumerable.Range(0, 30).Select(_ => $"{Word()} {Word()}"));
        queries.AddRange(Enumerable.Range(0, 20).Select(_ => $"{vocabulary[30 + random.Next(300)]} {Word()} {Word()}"));
        while (queries.Count < 100)
        {
            var words = messages[random.Next(messages.Count)].Message.Content.Split(' ', '.').Where(w => w.Length >= 3).ToArray();
            var at = random.Next(words.Length - 1);
            queries.Add($"\"{words[at]} {words[at + 1]}\"");
        }

        return queries;
    }
}
