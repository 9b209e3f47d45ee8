using ChatDb.Storage;
using System.Text.Json;
using ChatDb.Grains.Events;
using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage.Logs;
using ChatDb.Storage.Files;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Orleans.Providers;
using ChatDb.Storage.Fencing;

namespace ChatDb.Grains.Panels;

/// <summary>
/// A multi-persona panel: state <c>panel</c>, logs <c>messages</c>, <c>events</c> and <c>runs</c>, files <c>insights</c> and
/// <c>personas</c> (snapshots of the global personas taken at creation).
/// </summary>
[FencedEntity]
[GrainType(ChatGrainTypes.Panel)]
public sealed partial class PanelGrain : Grain, IPanelGrain
{
    private const string InsightsCollection = "insights";
    private const string PersonasCollection = "personas";
    private const string JsonExtension = ".json";

    private readonly IPersistentState<Panel?> _panel;
    private readonly MessageStore _messages;
    private readonly IGrainFileStorage _files;
    private readonly ChatLimitsOptions _options;
    private readonly SearchOptions _search;
    private readonly EntityIdFormat _ids;
    private readonly TimeProvider _time;
    private readonly ChatEventLog _events;
    private readonly ILogger<PanelGrain> _logger;
    private string _panelId = string.Empty;

    public PanelGrain(
        [PersistentState("panel")] IPersistentState<Panel?> panel,
        [PersistentLog("runs", LoadOnActivation = false)] IPersistentLog<RunListEntry> runs,
        [PersistentLog("messages")] IPersistentLog<ChatMessage> messages,
        [PersistentLog("events")] IPersistentLog<ChatEventRecord> eventLog,
        [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainFileStorage files,
        IOptions<ChatLimitsOptions> options,
        IOptions<SearchOptions> search,
        EntityIdFormat ids,
        TimeProvider time,
        IChatEventPublisher events,
        ILogger<PanelGrain> logger)
    {
        _panel = panel;
        _runs = new RunList(runs);
        _messages = new MessageStore(messages);
        _files = files;
        _options = options.Value;
        _search = search.Value;
        _ids = ids;
        _time = time;
        _events = new ChatEventLog(eventLog, events, logger, ChatStreams.PanelEvents, () => _panelId, () => _messages.Count, ChatEventKinds.PanelMessageAdded, time);
        _logger = logger;
    }

    private string Subject => $"panel {_panelId}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The message tail is read by the first call that needs it, not here.
        _panelId = ChatGrainKeys.ParsePanel(this.GetPrimaryKeyString(), _ids);
        return Task.CompletedTask;
    }

    public Task<Panel> CreateAsync(string type, IReadOnlyList<string> personas, Dictionary<string, JsonElement>? config) =>
        CreateWithAgentsAsync(type, personas, null, config);

    public async Task<Panel> CreateWithAgentsAsync(string type, IReadOnlyList<string>? personas, IReadOnlyList<PanelAgent>? agents, Dictionary<string, JsonElement>? config)
    {
        if (_panel.State is not null)
        {
            throw new ValidationError($"{Subject} already exists (rule: panel-ids-not-reused); create panels through the panel directory.");
        }

        var validType = TextRules.Require(type, "panel type", TextRules.MaxNameLength, Subject);
        var validPersonas = ValidatePersonas(personas, agents?.Count ?? 0);
        var validAgents = await ValidateAgentsAsync(agents, validPersonas.Count);
        var now = ChatClock.Now(_time);
        foreach (var personaId in validPersonas)
        {
            await SnapshotPersonaAsync(personaId);
        }

        var panel = new Panel(_panelId, validType, validPersonas, now, JsonMaps.Copy(config)) { Agents = validAgents.Count == 0 ? null : validAgents };
        await _panel.WriteOrRevertAsync(panel);
        await _events.AppendAndPublishAsync(new PanelCreated(_panelId, now, panel));
        return panel;
    }

    public Task<Panel?> GetAsync() => Task.FromResult(_panel.State);

    public async Task<ChatMessage> AddMessageAsync(NewMessage message)
    {
        var panel = RequirePanel();
        MessageRules.Validate(message, Subject);
        MessagePartRules.RefuseDocuments(message.Parts, Subject);
        if (!panel.Personas.Contains(message.Role, StringComparer.Ordinal) && !PanelRoles.Reserved.Contains(message.Role, StringComparer.Ordinal)
            && !panel.AgentRoles().Contains(message.Role, StringComparer.Ordinal))
        {
            throw new ValidationError(
                $"{Subject}: role {IdText.Escape(message.Role)} is rejected by rule 'panel-role': it must be one of the panel's personas "
                + $"({string.Join(", ", panel.Personas)}), one of its agents ({string.Join(", ", panel.AgentRoles())}) or {string.Join(", ", PanelRoles.Reserved)}.");
        }

        if (message.Id is { } id && await _messages.FindByClientIdAsync(id) is { } stored)
        {
            return stored;
        }

        MessageRules.EnsureWithinLimits(message, _messages.Count, _options, Subject);
        var now = ChatClock.Now(_time);
        var added = MessageRules.Create(message, _messages.Count + 1, now);
        var chatEvent = new PanelMessageAdded(_panelId, now, added);
        if (await _events.AppendAsync([ChatEventRecord.Of(chatEvent, added.Seq)], () => _messages.AppendAsync(added)) is { } eventSeq)
        {
            await _events.PublishAsync([chatEvent], eventSeq);
        }

        return added;
    }

    public Task<IReadOnlyList<ChatMessage>> GetMessagesAsync(MessageQuery query)
    {
        RequirePanel();
        return _messages.QueryAsync(query ?? MessageQuery.Default, _options.MessagePaginationDefaultLimit, "messages of " + Subject);
    }

    public async Task<PanelInsight> SaveInsightAsync(Dictionary<string, JsonElement> data)
    {
        RequirePanel();
        if (data is null)
        {
            throw new ValidationError($"{Subject}: the insight data is missing.");
        }

        var names = await ListInsightNamesAsync();
        var lastId = names.Count == 0 ? null : names[^1][..^JsonExtension.Length];
        var insight = new PanelInsight(ChatClock.NextId(_ids, GeneratedIdKind.Insight, _time, lastId), _panelId, ChatClock.Now(_time), JsonMaps.Copy(data));
        await _files.WriteAsync(this.GetGrainId(), InsightsCollection, insight.Id + JsonExtension, JsonFiles.ToBytes(insight));
        await _events.AppendAndPublishAsync(new InsightSaved(_panelId, insight.CreatedAt, insight));
        return insight;
    }

    public async Task<IReadOnlyList<PanelInsight>> ListInsightsAsync()
    {
        RequirePanel();
        var insights = new List<PanelInsight>();
        foreach (var name in await ListInsightNamesAsync())
        {
            if (await _files.ReadAsync(this.GetGrainId(), InsightsCollection, name) is { } content)
            {
                insights.Add(JsonFiles.FromBytes<PanelInsight>(content, $"insight {name} of {Subject}"));
            }
        }

        return insights;
    }

    /// <summary>
    /// Retention: reads each insight's <c>created_at</c> (the file name's time may differ from it only by the
    /// microsecond bump of <see cref="ChatClock.NextId"/>) and deletes those older than the cutoff. Works on a
    /// panel whose <c>panel.json</c> is missing too, so stray insights still age out.
    /// </summary>
    public async Task<int> PruneInsightsAsync(DateTimeOffset createdBefore)
    {
        var pruned = 0;
        foreach (var name in await ListInsightNamesAsync())
        {
            if (await _files.ReadAsync(this.GetGrainId(), InsightsCollection, name) is { } content &&
                JsonFiles.FromBytes<PanelInsight>(content, $"insight {name} of {Subject}").CreatedAt < createdBefore &&
                await _files.DeleteAsync(this.GetGrainId(), InsightsCollection, name))
            {
                pruned++;
            }
        }

        return pruned;
    }

    public async Task<IReadOnlyList<Persona>> GetPersonaSnapshotsAsync()
    {
        RequirePanel();
        var snapshots = new List<Persona>();
        foreach (var file in await _files.ListAsync(this.GetGrainId(), PersonasCollection))
        {
            if (file.Name.EndsWith(JsonExtension, StringComparison.Ordinal) && await _files.ReadAsync(this.GetGrainId(), PersonasCollection, file.Name) is { } content)
            {
                snapshots.Add(JsonFiles.FromBytes<Persona>(content, $"persona snapshot {file.Name} of {Subject}"));
            }
        }

        // File names do not sort like ids ('-' comes before '.': "a-b.json" < "a.json" but "a" < "a-b").
        return snapshots.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    private Panel RequirePanel() => _panel.State ?? throw new NotFoundError($"{Subject} does not exist.");

    private List<string> ValidatePersonas(IReadOnlyList<string>? personas, int agentCount)
    {
        personas ??= [];
        if (personas.Count + agentCount == 0)
        {
            throw new ValidationError($"{Subject}: a panel needs at least one persona or agent.");
        }

        StorageLimits.EnsureWithin(nameof(_options.PanelMaxPersonas), _options.PanelMaxPersonas, personas.Count + agentCount, $"persona and agent count of {Subject}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var personaId in personas)
        {
            ValidatePersonaId(personaId, "personas");
            if (!seen.Add(personaId))
            {
                throw new ValidationError($"{Subject}: persona id {IdText.Escape(personaId)} is rejected by rule 'distinct-personas': it is listed twice.");
            }
        }

        return [.. personas];
    }

    private void ValidatePersonaId(string personaId, string field)
    {
        EntityIdValidator.Validate(personaId, $"persona id in {field}");
        if (PanelRoles.Reserved.Contains(personaId, StringComparer.Ordinal))
        {
            throw new ValidationError($"{Subject}: persona id {IdText.Escape(personaId)} is rejected by rule 'panel-role': it is a reserved role name.");
        }
    }

    private async Task<List<string>> ListInsightNamesAsync()
    {
        var files = await _files.ListAsync(this.GetGrainId(), InsightsCollection);
        return files
            .Select(f => f.Name)
            .Where(name => name.EndsWith(JsonExtension, StringComparison.Ordinal) && _ids.IsValid(GeneratedIdKind.Insight, name[..^JsonExtension.Length]))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
