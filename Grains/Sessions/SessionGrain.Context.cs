using ChatDb.Storage;
using System.Globalization;
using ChatDb.Grains.Events;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage.Ids;
using Orleans;

namespace ChatDb.Grains.Sessions;

public sealed partial class SessionGrain
{
    private const string JsonExtension = ".json";

    public async Task<SituationalContext?> GetContextAsync()
    {
        RequireSession();
        return (await _context.GetAsync()).State;
    }

    public async Task<SituationalContext> UpdateContextAsync(SituationalContext context)
    {
        RequireSession();
        var valid = ValidateContext(context);
        await (await _context.GetAsync()).WriteOrRevertAsync(valid);
        await _events.AppendAndPublishAsync(new ContextUpdated(_userId, _sessionId, ChatClock.Now(_time), valid));
        return valid;
    }

    public async Task<bool> ApplyRollingSummaryAsync(SituationalContext summary, long? basedOnThroughSeq)
    {
        RequireSession();
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.SummarizedThroughSeq is not { } through || through <= (basedOnThroughSeq ?? 0) || through > _messages.Count)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{Subject}: a rolling summary through seq {summary.SummarizedThroughSeq} does not follow seq {basedOnThroughSeq ?? 0} within the {_messages.Count} messages (rule 'summary-advances')."));
        }

        var current = (await _context.GetAsync()).State;
        if (current?.SummarizedThroughSeq != basedOnThroughSeq)
        {
            return false;
        }

        // The context it replaces (a client's, or the previous summary) stays readable in the history.
        if (current is not null)
        {
            await SaveContextSnapshotAsync(null);
        }

        await UpdateContextAsync(summary);
        return true;
    }

    public async Task<ContextSnapshot> SaveContextSnapshotAsync(SituationalContext? context)
    {
        RequireSession();
        var snapshot = context is null
            ? (await _context.GetAsync()).State ?? throw new NotFoundError($"{Subject} has no current context to snapshot.")
            : ValidateContext(context);
        var names = await ListSnapshotNamesAsync();
        var lastId = names.Count == 0 ? null : names[^1][..^JsonExtension.Length];
        var id = ChatClock.NextId(_ids, GeneratedIdKind.Context, _time, lastId);
        await _files.WriteAsync(this.GetGrainId(), ContextHistoryCollection, id + JsonExtension, JsonFiles.ToBytes(snapshot));

        // Names sort by time (fixed-width UTC timestamps), so the oldest come first.
        var excess = names.Count + 1 - _options.MaxContextHistorySnapshots;
        for (var i = 0; i < excess; i++)
        {
            await _files.DeleteAsync(this.GetGrainId(), ContextHistoryCollection, names[i]);
        }

        await _events.AppendAndPublishAsync(new ContextSnapshotSaved(_userId, _sessionId, ChatClock.Now(_time), id));
        return new ContextSnapshot(id, snapshot);
    }

    public async Task<IReadOnlyList<ContextSnapshot>> GetContextHistoryAsync(int? limit)
    {
        RequireSession();
        var take = TextRules.ValidateLimit(limit, int.MaxValue, "context history of " + Subject);
        var names = await ListSnapshotNamesAsync();
        var history = new List<ContextSnapshot>();
        foreach (var name in names.AsEnumerable().Reverse().Take(take))
        {
            // A snapshot pruned between listing and reading is skipped, not an error.
            if (await _files.ReadAsync(this.GetGrainId(), ContextHistoryCollection, name) is { } content)
            {
                var context = JsonFiles.FromBytes<SituationalContext>(content, $"context snapshot {name} of {Subject}");
                history.Add(new ContextSnapshot(name[..^JsonExtension.Length], context));
            }
        }

        return history;
    }

    /// <summary>Snapshot file names, oldest first; files that are not snapshots are ignored.</summary>
    private async Task<List<string>> ListSnapshotNamesAsync()
    {
        var files = await _files.ListAsync(this.GetGrainId(), ContextHistoryCollection);
        return files
            .Select(f => f.Name)
            .Where(name => name.EndsWith(JsonExtension, StringComparison.Ordinal)
                && _ids.IsValid(GeneratedIdKind.Context, name[..^JsonExtension.Length]))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private SituationalContext ValidateContext(SituationalContext? context)
    {
        if (context is null || context.Summary is null)
        {
            throw new ValidationError($"{Subject}: the situational context or its summary is missing.");
        }

        StorageLimits.EnsureWithin(nameof(_options.ContextSummaryMaxLength), _options.ContextSummaryMaxLength, context.Summary.Length,
            $"context summary length in characters in {Subject}");
        var keyPoints = context.KeyPoints ?? [];
        StorageLimits.EnsureWithin(nameof(_options.ContextKeyPointsMaxCount), _options.ContextKeyPointsMaxCount, keyPoints.Count,
            $"context key point count in {Subject}");
        if (double.IsNaN(context.Confidence) || context.Confidence < 0 || context.Confidence > 1)
        {
            throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"{Subject}: context confidence {context.Confidence} is rejected by rule 'confidence-range': it must be between 0 and 1."));
        }

        return context with
        {
            KeyPoints = [.. keyPoints],
            Entities = context.Entities is null
                ? []
                : context.Entities.ToDictionary(e => e.Key, e => e.Value is null ? [] : new List<string>(e.Value), StringComparer.Ordinal),
            Timestamp = context.Timestamp == default ? ChatClock.Now(_time) : ChatClock.Normalize(context.Timestamp),
        };
    }
}
