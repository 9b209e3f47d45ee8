using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>Users, sessions, messages and documents of a tree, as seed 001's MigrationValidator counts them.</summary>
public sealed record MigrationCounts(long Users, long Sessions, long Messages, long Documents);

/// <summary>The outcome of comparing the v2 tree with the migrated one.</summary>
public sealed record MigrationValidation(MigrationCounts Old, MigrationCounts New, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Seed 001's MigrationValidator for this layout: counts the v2 tree independently of the migration (every
/// <c>users/*/chat_session_*</c> directory, every non-blank line of its <c>messages.jsonl</c>, every file in
/// <c>documents/</c> but <c>metadata.json</c>) and the migrated tree, session by session. Missing sessions,
/// messages or documents are errors; extra ones are warnings.
/// </summary>
public sealed class MigrationValidator(V2SchemaTransformer transformer)
{
    public MigrationValidation Validate(string oldBase, FlatfileStorageOptions migrated)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var old = CountOld(oldBase, transformer, errors);
        var now = CountNew(migrated);
        foreach (var (session, (messages, documents)) in old.PerSession.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!now.PerSession.TryGetValue(session, out var found))
            {
                errors.Add($"Missing session: {session}");
                continue;
            }

            if (found.Messages != messages)
            {
                errors.Add($"Session {session}: {messages} messages in v2, {found.Messages} migrated");
            }

            if (found.Documents != documents)
            {
                errors.Add($"Session {session}: {documents} documents in v2, {found.Documents} migrated");
            }
        }

        foreach (var extra in now.PerSession.Keys.Except(old.PerSession.Keys).Order(StringComparer.Ordinal))
        {
            warnings.Add($"Extra session found: {extra}");
        }

        return new MigrationValidation(old.Totals, now.Totals, errors, warnings);
    }

    private static Tally CountOld(string oldBase, V2SchemaTransformer transformer, List<string> errors)
    {
        var tally = new Tally();
        var users = Path.Join(oldBase, "users");
        if (!Directory.Exists(users))
        {
            errors.Add($"'{users}' does not exist; a v2 tree keeps its users there");
            return tally;
        }

        foreach (var user in Directory.EnumerateDirectories(users))
        {
            tally.Users++;
            foreach (var session in Directory.EnumerateDirectories(user, "chat_session_*"))
            {
                var mapped = transformer.MapSessionId(Path.GetFileName(session));
                var key = $"{Path.GetFileName(user)}/{mapped ?? Path.GetFileName(session)}";
                var messages = Path.Join(session, "messages.jsonl");
                var messageCount = File.Exists(messages) ? File.ReadLines(messages).LongCount(l => !string.IsNullOrWhiteSpace(l)) : 0;
                var documents = Path.Join(session, "documents");
                var documentCount = Directory.Exists(documents) ? Directory.EnumerateFiles(documents).LongCount(f => Path.GetFileName(f) != "metadata.json") : 0;
                tally.PerSession[key] = (messageCount, documentCount);
            }
        }

        return tally;
    }

    private static Tally CountNew(FlatfileStorageOptions migrated)
    {
        var tally = new Tally();
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in new TreeScanner(migrated).Scan())
        {
            if (item.Ids.UserId is not { } user || item.Ids.SessionId is not { } session)
            {
                if (item.Type == TreeItemType.Record && item.Kind == RecordKind.User)
                {
                    users.Add(item.Ids.UserId!);
                }

                continue;
            }

            users.Add(user);
            var key = $"{user}/{session}";
            var (messages, documents) = tally.PerSession.GetValueOrDefault(key);
            if (item.Type == TreeItemType.MessageLog)
            {
                messages += File.ReadLines(item.Path).LongCount();
            }
            else if (item.Type == TreeItemType.Record && item.Kind == RecordKind.Document)
            {
                documents++;
            }

            if (item.Type is TreeItemType.Container or TreeItemType.MessageLog || item.Kind == RecordKind.Document)
            {
                tally.PerSession[key] = (messages, documents);
            }
        }

        tally.Users = users.Count;
        return tally;
    }

    private sealed class Tally
    {
        public long Users { get; set; }

        public Dictionary<string, (long Messages, long Documents)> PerSession { get; } = new(StringComparer.Ordinal);

        public MigrationCounts Totals => new(Users, PerSession.Count, PerSession.Values.Sum(v => v.Messages), PerSession.Values.Sum(v => v.Documents));
    }
}
