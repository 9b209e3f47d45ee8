using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Memories;

// Extraction: the session's new messages, the extractor's proposals, one append of all the changes.
public sealed partial class MemoryGrain
{
    /// <summary>How many messages one extraction reads, at most; a longer session is extracted in steps with <c>fromSeq</c>.</summary>
    public const int MaxExtractMessages = 200;

    public async Task<MemoryExtractionResult> ExtractAsync(MemoryExtractionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sessionId = EntityIdValidator.Validate(request.SessionId, "session id");
        var agentId = MemoryRules.AgentId(request.AgentId);
        if (request.FromSeq is < 1)
        {
            throw new ValidationError($"{Subject}: fromSeq {request.FromSeq} must be 1 or more.");
        }

        var session = GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(_userId, sessionId));
        await session.GetAsync();
        var messages = await session.GetMessagesAsync(new MessageQuery { AfterSeq = (request.FromSeq ?? 1) - 1, Limit = MaxExtractMessages });
        return await ExtractMessagesAsync(messages, new MemorySource(sessionId, [.. messages.Select(m => m.Seq)]), agentId);
    }

    public async Task<MemoryExtractionResult> ExtractFromPanelAsync(string panelId, long fromSeq)
    {
        var panel = EntityIdValidator.Validate(panelId, "panel id");
        if (fromSeq < 1)
        {
            throw new ValidationError($"{Subject}: fromSeq {fromSeq} must be 1 or more.");
        }

        var messages = await GrainFactory.GetGrain<IPanelGrain>(panel).GetMessagesAsync(new MessageQuery { AfterSeq = fromSeq - 1, Limit = MaxExtractMessages });
        return await ExtractMessagesAsync(messages, new MemorySource(null, [.. messages.Select(m => m.Seq)]) { PanelId = panel }, null);
    }

    /// <summary>The extractor's proposals for <paramref name="messages"/>, applied in one append.</summary>
    private async Task<MemoryExtractionResult> ExtractMessagesAsync(IReadOnlyList<ChatMessage> messages, MemorySource source, string? agentId)
    {
        if (messages.Count == 0)
        {
            return new MemoryExtractionResult([], [], []);
        }

        var existing = InScope(agentId);
        IReadOnlyList<MemoryProposal> proposals;
        try
        {
            proposals = await _extractors.Get().ProposeAsync(messages, existing, CancellationToken.None);
        }
        catch (Agents.ChatModels.ModelError e)
        {
            // ModelError stays in the silo; its message is ChatDb's own wording, safe to pass on.
            throw new MemoryExtractionError(e.Message);
        }

        return await ApplyCoreAsync(existing, proposals, source, agentId);
    }

    public Task<MemoryExtractionResult> ApplyAsync(IReadOnlyList<MemoryProposal> proposals, MemorySource source, string? agentId)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        var scope = MemoryRules.AgentId(agentId);
        return ApplyCoreAsync(InScope(scope), proposals, MemoryRules.Source(source, Subject), scope);
    }

    private List<Memory> InScope(string? agentId)
    {
        var now = ChatClock.Now(_time);
        return [.. _index.Memories.Where(m => !m.IsExpiredAt(now) && MemoryIndex.InScope(m, agentId))];
    }

    private async Task<MemoryExtractionResult> ApplyCoreAsync(IReadOnlyList<Memory> existing, IReadOnlyList<MemoryProposal> proposals, MemorySource source, string? agentId)
    {
        var changes = MemoryProposals.Plan(existing, proposals, source, agentId, ChatClock.Now(_time), ChatGrainKeys.NewMemoryId, Subject);
        await CommitAsync(changes);
        return new MemoryExtractionResult(
            [.. changes.Where(c => c.Op == MemoryChangeKinds.Add).Select(c => c.Memory)],
            [.. changes.Where(c => c.Op == MemoryChangeKinds.Update).Select(c => c.Memory)],
            [.. changes.Where(c => c.Op == MemoryChangeKinds.Delete).Select(c => c.Memory)]);
    }
}
