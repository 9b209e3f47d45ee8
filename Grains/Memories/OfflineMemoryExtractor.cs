using System.Text.RegularExpressions;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Memories;

/// <summary>
/// The extractor of the <c>offline</c> model: deterministic rules over the user's first-person statements, so a user
/// without a model still gets memories. Each rule recognises one subject ("where the user lives", "the user's daughter")
/// and writes the fact in a fixed third-person form ("User lives in Lisbon"); a statement about a subject an existing
/// memory already covers updates that memory instead of adding a second one ("I moved to Porto").
/// </summary>
internal sealed class OfflineMemoryExtractor : IMemoryExtractor
{
    private const string Value = @"(?<value>[\p{L}\p{N}][\p{L}\p{N} '\-&.]{0,80}?)";
    private const string End = @"\s*(?:[.!?,;]|\band\b|\bbut\b|$)";

    /// <summary>The rules, each a statement pattern, its subject and the stored form; {0} is the value, {1} the relation, {2} the value in lower case.</summary>
    private static readonly Rule[] Rules =
    [
        new(new Regex(@"\bmy name is " + Value + End, Options), _ => "name", "User's name is {0}"),
        new(new Regex(@"\b(?:call me|i'm called|i am called) " + Value + End, Options), _ => "name", "User's name is {0}"),
        new(new Regex(@"\bi (?:live|am living|'m living) in " + Value + End, Options), _ => "home", "User lives in {0}"),
        new(new Regex(@"\bi (?:have )?(?:moved|relocated) to " + Value + End, Options), _ => "home", "User lives in {0}"),
        new(new Regex(@"\bi (?:work|am working|'m working) (?:at|for) " + Value + End, Options), _ => "work", "User works at {0}"),
        new(new Regex(@"\bmy (?<relation>daughter|son|wife|husband|partner|mother|mom|father|dad|sister|brother|dog|cat|boss)(?:'s name)? is " + Value + End, Options),
            m => "relation:" + m.Groups["relation"].Value.ToLowerInvariant(), "User's {1} is {0}"),
        new(new Regex(@"\bi(?: am|'m) (?:a |an )?(?<value>vegetarian|vegan|pescatarian)\b", Options), _ => "diet", "User is a {2}"),
        new(new Regex(@"\bi(?: am|'m) (?:allergic to) " + Value + End, Options), m => "allergy:" + m.Groups["value"].Value.ToLowerInvariant(), "User is allergic to {0}"),
        new(new Regex(@"\bi (?:really )?(?:like|love|enjoy) " + Value + End, Options), m => "likes:" + m.Groups["value"].Value.ToLowerInvariant(), "User likes {0}"),
    ];

    /// <summary>The stored forms read back, so an existing memory's subject is known (also for memories added by hand).</summary>
    private static readonly (Regex Pattern, Func<Match, string> Subject)[] StoredForms =
    [
        (new Regex(@"^user's name is (?<value>.+?)\.?$", Options), _ => "name"),
        (new Regex(@"^user lives in (?<value>.+?)\.?$", Options), _ => "home"),
        (new Regex(@"^user works at (?<value>.+?)\.?$", Options), _ => "work"),
        (new Regex(@"^user's (?<relation>\w+) is (?<value>.+?)\.?$", Options), m => "relation:" + m.Groups["relation"].Value.ToLowerInvariant()),
        (new Regex(@"^user is (?:a |an )?(?<value>vegetarian|vegan|pescatarian)\.?$", Options), _ => "diet"),
        (new Regex(@"^user is allergic to (?<value>.+?)\.?$", Options), m => "allergy:" + m.Groups["value"].Value.ToLowerInvariant()),
        (new Regex(@"^user likes (?<value>.+?)\.?$", Options), m => "likes:" + m.Groups["value"].Value.ToLowerInvariant()),
    ];

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    public Task<IReadOnlyList<MemoryProposal>> ProposeAsync(IReadOnlyList<ChatMessage> messages, IReadOnlyList<Memory> existing, CancellationToken cancellationToken)
    {
        // The subject of each existing memory; a later statement about it updates it.
        var bySubject = new Dictionary<string, (string Id, string Text)>(StringComparer.Ordinal);
        foreach (var memory in existing)
        {
            if (SubjectOf(memory.Text) is { } subject)
            {
                bySubject.TryAdd(subject, (memory.Id, memory.Text));
            }
        }

        var proposals = new List<MemoryProposal>();
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var message in messages.Where(m => string.Equals(m.Role, "user", StringComparison.Ordinal)))
        {
            foreach (var (subject, text) in Facts(message.Content))
            {
                if (added.TryGetValue(subject, out var index))
                {
                    // A later statement in the same messages wins over an earlier one.
                    proposals[index] = proposals[index] with { Text = text, Seqs = [message.Seq] };
                }
                else if (bySubject.TryGetValue(subject, out var memory))
                {
                    if (MemoryRules.Comparable(memory.Text) != MemoryRules.Comparable(text))
                    {
                        added[subject] = proposals.Count;
                        proposals.Add(new MemoryProposal(MemoryProposalOps.Update, memory.Id, text, Seqs: [message.Seq]));
                    }
                }
                else
                {
                    added[subject] = proposals.Count;
                    proposals.Add(new MemoryProposal(MemoryProposalOps.Add, Text: text, Seqs: [message.Seq]));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<MemoryProposal>>(proposals);
    }

    /// <summary>The facts a text states, as (subject, stored form).</summary>
    public static IEnumerable<(string Subject, string Text)> Facts(string text)
    {
        foreach (var rule in Rules)
        {
            foreach (Match match in rule.Pattern.Matches(text))
            {
                var value = match.Groups["value"].Value.Trim().TrimEnd('.', ' ');
                if (value.Length == 0)
                {
                    continue;
                }

                var relation = match.Groups["relation"].Success ? match.Groups["relation"].Value.ToLowerInvariant() : string.Empty;
                var stored = string.Format(System.Globalization.CultureInfo.InvariantCulture, rule.Form, value, relation, value.ToLowerInvariant());
                yield return (rule.Subject(match), stored);
            }
        }
    }

    /// <summary>The subject of a memory's text: its stored form, else a first-person statement; null when no rule knows it.</summary>
    public static string? SubjectOf(string text)
    {
        foreach (var (pattern, subject) in StoredForms)
        {
            var match = pattern.Match(text.Trim());
            if (match.Success)
            {
                return subject(match);
            }
        }

        return Facts(text).Select(f => f.Subject).FirstOrDefault();
    }

    private sealed record Rule(Regex Pattern, Func<Match, string> Subject, string Form);
}
