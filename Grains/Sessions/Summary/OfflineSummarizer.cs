using System.Globalization;
using System.Text;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Sessions.Summary;

/// <summary>
/// The summary the <c>offline</c> model makes: extractive and deterministic, no network. Each folded message gives its
/// first sentence (at most <see cref="MaxWords"/> words) after its role; the summary so far comes first, and when the
/// whole passes the length limit the oldest text goes first, so the newest history always fits. Key points are the
/// first sentences of the users' messages, newest kept.
/// </summary>
internal static class OfflineSummarizer
{
    /// <summary>Words kept of one message's first sentence.</summary>
    public const int MaxWords = 24;

    private const string Ellipsis = "… ";

    public static (string Summary, List<string> KeyPoints) Summarize(
        string? summarySoFar, IReadOnlyList<string> keyPointsSoFar, IReadOnlyList<ChatMessage> messages, int maxChars, int maxKeyPoints)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(summarySoFar))
        {
            text.Append(summarySoFar.Trim()).Append(' ');
        }

        text.Append(string.Create(CultureInfo.InvariantCulture, $"Messages {messages[0].Seq}–{messages[^1].Seq}:"));
        var keyPoints = new List<string>(keyPointsSoFar);
        foreach (var message in messages)
        {
            var sentence = FirstSentence(message.Content);
            if (sentence.Length == 0)
            {
                continue;
            }

            text.Append(' ').Append(message.Role).Append(": ").Append(sentence);
            if (message.Role == "user")
            {
                keyPoints.Remove(sentence);
                keyPoints.Add(sentence);
            }
        }

        return (KeepNewest(text.ToString(), maxChars), keyPoints.Skip(Math.Max(0, keyPoints.Count - maxKeyPoints)).ToList());
    }

    /// <summary>The text up to the first <c>.</c>, <c>!</c> or <c>?</c> that ends a word, at most <see cref="MaxWords"/> words, whitespace folded.</summary>
    internal static string FirstSentence(string content)
    {
        var words = content.Split((char[]?)null, MaxWords + 1, StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>();
        foreach (var word in words.Take(MaxWords))
        {
            kept.Add(word);
            if (word[^1] is '.' or '!' or '?')
            {
                return string.Join(' ', kept);
            }
        }

        var sentence = string.Join(' ', kept);
        return words.Length > MaxWords ? sentence + " …" : AsSentence(sentence);
    }

    private static string AsSentence(string text) => text.Length == 0 || text[^1] is '.' or '!' or '?' or ':' ? text : text + ".";

    /// <summary>The end of <paramref name="text"/> within <paramref name="maxChars"/>, cut at a space and marked with an ellipsis.</summary>
    private static string KeepNewest(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var start = text.Length - (maxChars - Ellipsis.Length);
        var space = text.IndexOf(' ', start);
        return Ellipsis + (space < 0 || space + 1 >= text.Length ? text[start..] : text[(space + 1)..]);
    }
}
