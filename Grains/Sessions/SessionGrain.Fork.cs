using ChatDb.Grains.Events;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Orleans;

namespace ChatDb.Grains.Sessions;

/// <summary>
/// Forks. The origin reads what the fork starts with (messages 1..N as reads show them now, deletions and
/// redactions as empty records plus their edits-log record so seqs stay the same and gapless, the context,
/// the documents those messages refer to), has the user grain create the fork (its id, its place in the
/// index, the session limit), records the fork in its own <c>session.json</c> before filling it (so a later
/// redaction reaches even a fork a crash left half filled), and hands the copy over. The fork writes
/// everything as its own new files: nothing is shared with the origin, not even by a hard link.
/// </summary>
public sealed partial class SessionGrain
{
    public async Task<ChatSession> ForkAsync(ForkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireSession();
        var last = _messages.Count;
        var atSeq = request.AtSeq ?? last;
        if (atSeq < 0 || atSeq > last)
        {
            throw new ValidationError($"{Subject}: cannot fork at message {atSeq}: its messages run 1..{last} (rule: fork-within-messages).");
        }

        var title = request.Title is null ? null : TextRules.Require(request.Title, "session title", TextRules.MaxTitleLength, Subject);
        var seed = await ForkSeedAsync(atSeq);

        await RecoverUpdatedAtAsync();
        var fork = await User.CreateSessionAsync(title ?? RequireSession().Title, JsonMaps.Copy(RequireSession().Metadata));
        var origin = RequireSession();
        await _session.WriteOrRevertAsync(origin with { Forks = [.. origin.Forks ?? [], new ForkLink(fork.Id, atSeq)], UpdatedAt = _updatedAt });
        _updatedAtDirty = false;

        return await GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(_userId, fork.Id)).SeedForkAsync(seed);
    }

    public async Task<ChatSession> SeedForkAsync(ForkSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var session = RequireSession();
        if (_messages.Count != 0 || _edits.Count != 0 || session.ForkedFrom is not null)
        {
            throw new ValidationError($"{Subject}: only a new, empty session can be filled as a fork (rule: fork-seed-once).");
        }

        // The copied messages come without message events (session_forked stands for them): whatever the event log
        // lacks from before is appended first, so they are not taken for messages whose events were lost.
        await _events.CatchUpAsync(ChatClock.Now(_time));
        await _messages.AppendImageAsync(seed.Messages);
        if (seed.Removals.Count > 0)
        {
            await _edits.AppendAsync(seed.Removals);
        }

        if (seed.Context is { } context)
        {
            await (await _context.GetAsync()).WriteOrRevertAsync(context);
        }

        if (seed.Documents.Count > 0)
        {
            var documents = await _documents.GetAsync();
            var copied = new Dictionary<string, DocumentInfo>(documents.State, StringComparer.Ordinal);
            foreach (var document in seed.Documents)
            {
                var filename = document.Info.Filename;
                await _files.WriteAsync(this.GetGrainId(), DocumentsCollection, filename, document.Content);
                copied[filename] = document.Info with { Path = DocumentPath(filename) };
            }

            await documents.WriteOrRevertAsync(copied);
        }

        var now = ChatClock.Now(_time);
        var forked = session with { ForkedFrom = seed.Origin, UpdatedAt = now > _updatedAt ? now : _updatedAt };
        await _session.WriteOrRevertAsync(forked);
        _updatedAt = forked.UpdatedAt;
        _updatedAtRecovered = true;
        _updatedAtDirty = false;
        await NotifyUserAsync("the fork " + Subject, user => user.OnSessionChangedAsync(forked));
        await _events.AppendAndPublishAsync(new SessionForked(_userId, _sessionId, now, forked));
        return forked;
    }

    private async Task<ForkSeed> ForkSeedAsync(long atSeq)
    {
        // Only messages the edits log names differ from what the log stores; the rest is copied as stored bytes.
        var replacements = new Dictionary<long, ChatMessage>();
        var removals = new List<MessageEdit>();
        foreach (var seq in _edits.TargetSeqs.Where(seq => seq <= atSeq).Order())
        {
            var message = (await _messages.ReadStoredAsync(seq, seq))[0];
            if (_edits.IsRemoved(seq))
            {
                // Kept as an empty record so the fork's seqs match; its edits-log record keeps it hidden there too.
                replacements[seq] = message with { Content = string.Empty, Metadata = [], Attachments = [] };
                var removal = _edits.For(seq).Last(e => e.Value.Kind is MessageEditKind.Delete or MessageEditKind.Redact).Value;
                removals.Add(removal with { Content = null, Metadata = null });
            }
            else
            {
                var current = _edits.Apply(message, includeHistory: false);
                replacements[seq] = message with { Content = current.Content, Metadata = current.Metadata };
            }
        }

        var image = await _messages.ExportAsync(atSeq, replacements);
        var known = (await _documents.GetAsync()).State;
        var referenced = known.Count == 0 ? new HashSet<string>() : await ReferencedDocumentsAsync(atSeq);
        var context = (await _context.GetAsync()).State;
        var documents = new List<ForkDocument>();
        foreach (var filename in referenced.Order(StringComparer.Ordinal))
        {
            if (known.TryGetValue(filename, out var info) && await _files.ReadAsync(this.GetGrainId(), DocumentsCollection, filename) is { } content)
            {
                documents.Add(new ForkDocument(info, content));
            }
        }

        return new ForkSeed(new ForkLink(_sessionId, atSeq), image, removals, context, documents);
    }

    /// <summary>The attachments of messages 1..<paramref name="atSeq"/> that are not deleted or redacted.</summary>
    private async Task<HashSet<string>> ReferencedDocumentsAsync(long atSeq)
    {
        const int Page = 1000;
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        for (long first = 1; first <= atSeq; first += Page)
        {
            foreach (var message in await _messages.ReadStoredAsync(first, Math.Min(atSeq, first + Page - 1)))
            {
                if (!_edits.IsRemoved(message.Seq))
                {
                    referenced.UnionWith(message.Attachments);
                }
            }
        }

        return referenced;
    }
}
