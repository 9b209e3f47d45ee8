using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;
using ChatDb.Storage;

namespace ChatDb.Client;

public sealed partial class ChatDbRestClient
{
    // === Agents ===

    public Task<Agent> SaveAgentAsync(string agentId, AgentDefinition definition, string? userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return SendAsync(HttpMethod.Put, AgentPath(agentId, userId), Json(definition, AgentJsonContext.Default.AgentDefinition),
            AgentJsonContext.Default.Agent, cancellationToken);
    }

    public Task<Agent?> GetAgentAsync(string agentId, string? userId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(AgentPath(agentId, userId), AgentJsonContext.Default.Agent, cancellationToken);

    public Task<Agent?> GetAgentVersionAsync(string agentId, int version, string? userId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync($"{AgentPath(agentId, userId)}/versions/{version}", AgentJsonContext.Default.Agent, cancellationToken);

    public Task<IReadOnlyList<Agent>> ListAgentsAsync(string? userId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, userId is null ? "agents" : User(userId) + "/agents", content: null, AgentJsonContext.Default.IReadOnlyListAgent, cancellationToken);

    public async Task<bool> DeleteAgentAsync(string agentId, string? userId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, AgentPath(agentId, userId), content: null, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return response is not null;
    }

    public Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "models", content: null, AgentJsonContext.Default.IReadOnlyListModelInfo, cancellationToken);

    public Task<AgentRun> RunAgentAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(RunsPath(userId, agentId, globalAgent: false), request, cancellationToken);

    public Task<AgentRun> StartAgentRunAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default) =>
        StartAsync(RunsPath(userId, agentId, globalAgent: false), request, cancellationToken);

    /// <summary>Over REST, <paramref name="cancellationToken"/> also sends the run's cancel (a closed stream alone leaves the run going).</summary>
    public IAsyncEnumerable<AgentRunUpdate> RunAgentStreamingAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default) =>
        RunStreamingAsync(RunsPath(userId, agentId, globalAgent: false), request, cancellationToken);

    public IAsyncEnumerable<AgentTraceEvent> FollowAgentRunTraceAsync(string userId, string agentId, string runId, long after = 0, CancellationToken cancellationToken = default) =>
        FollowTraceAsync(RunPath(RunsPath(userId, agentId, globalAgent: false), runId), after, cancellationToken);

    public Task<IReadOnlyList<AgentRun>> ListAgentRunsAsync(string userId, string agentId, int? limit = null, CancellationToken cancellationToken = default) =>
        ListRunsAsync(RunsPath(userId, agentId, globalAgent: false), limit, cancellationToken);

    public Task<AgentRun?> GetAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(RunPath(RunsPath(userId, agentId, globalAgent: false), runId), AgentJsonContext.Default.AgentRun, cancellationToken);

    public Task<AgentRun?> CancelAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        CancelRunAsync(RunPath(RunsPath(userId, agentId, globalAgent: false), runId), cancellationToken);

    public Task<IReadOnlyList<AgentTraceEvent>> GetAgentRunTraceAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        GetTraceAsync(RunPath(RunsPath(userId, agentId, globalAgent: false), runId), cancellationToken);

    private Task<AgentRun> RunAsync(string runs, AgentRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, runs, Json(request, AgentJsonContext.Default.AgentRunRequest), AgentJsonContext.Default.AgentRun, cancellationToken);
    }

    private Task<AgentRun> StartAsync(string runs, AgentRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, runs, Json(request with { Wait = false, Stream = null }, AgentJsonContext.Default.AgentRunRequest),
            AgentJsonContext.Default.AgentRun, cancellationToken);
    }

    private async IAsyncEnumerable<AgentRunUpdate> RunStreamingAsync(string runs, AgentRunRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var post = new HttpRequestMessage(HttpMethod.Post, runs)
        {
            Content = Json(request with { Stream = true }, AgentJsonContext.Default.AgentRunRequest),
        };
        using var response = (await SendAsync(post, nullOnNotFound: false, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false))!;
        var runPath = response.Headers.Location?.OriginalString.TrimStart('/');
        using var cancel = cancellationToken.Register(() =>
        {
            if (runPath is not null)
            {
                _ = CancelQuietlyAsync(runPath);
            }
        });
        await foreach (var item in ReadEventsAsync(response, cancellationToken).ConfigureAwait(false))
        {
            yield return item.EventType == AgentRunUpdateKinds.Run
                ? new AgentRunUpdate { Kind = AgentRunUpdateKinds.Run, Run = Deserialize(item.Data, AgentJsonContext.Default.AgentRun, runPath) }
                : Deserialize(item.Data, AgentJsonContext.Default.AgentRunUpdate, runPath);
        }
    }

    private async IAsyncEnumerable<AgentTraceEvent> FollowTraceAsync(string run, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = run + "/events";
        using var get = new HttpRequestMessage(HttpMethod.Get, path);
        get.Headers.Add("Last-Event-ID", after.ToString(CultureInfo.InvariantCulture));
        using var response = (await SendAsync(get, nullOnNotFound: false, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false))!;
        await foreach (var item in ReadEventsAsync(response, cancellationToken).ConfigureAwait(false))
        {
            yield return Deserialize(item.Data, AgentJsonContext.Default.AgentTraceEvent, path);
        }
    }

    private Task<IReadOnlyList<AgentRun>> ListRunsAsync(string runs, int? limit, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, new QueryString(runs).Add("limit", limit).ToString(), content: null, AgentJsonContext.Default.IReadOnlyListAgentRun, cancellationToken);

    private async Task<AgentRun?> CancelRunAsync(string run, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, run, content: null, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return response is null ? null : await ReadAsync(response, AgentJsonContext.Default.AgentRun, HttpMethod.Delete, run, cancellationToken).ConfigureAwait(false);
    }

    private Task<IReadOnlyList<AgentTraceEvent>> GetTraceAsync(string run, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, run + "/trace", content: null, AgentJsonContext.Default.IReadOnlyListAgentTraceEvent, cancellationToken);

    private static async IAsyncEnumerable<SseItem<string>> ReadEventsAsync(HttpResponseMessage response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private static T Deserialize<T>(string data, JsonTypeInfo<T> type, string? path) =>
        JsonSerializer.Deserialize(data, type) ?? throw new StorageError($"/{path} sent an event with a null body.");

    private async Task CancelQuietlyAsync(string runPath)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Delete, runPath, content: null, nullOnNotFound: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception error) when (error is StorageError or SiloUnreachableException or HttpRequestException)
        {
            // Best effort: the caller stopped reading; a run that cannot be cancelled ends on its own.
        }
    }

    private static string AgentPath(string agentId, string? userId) =>
        userId is null
            ? "agents/" + ClientIds.Segment(agentId, "agent id")
            : $"{User(userId)}/agents/{ClientIds.Segment(agentId, "agent id")}";

    /// <summary><c>users/{u}/agents/{a}/runs</c>, or <c>users/{u}/global-agents/{a}/runs</c> for the user's runs of a global agent.</summary>
    private static string RunsPath(string userId, string agentId, bool globalAgent) =>
        globalAgent ? $"{User(userId)}/global-agents/{ClientIds.Segment(agentId, "agent id")}/runs" : AgentPath(agentId, userId) + "/runs";

    private static string RunPath(string runs, string runId) => $"{runs}/{ClientIds.Segment(runId, "run id")}";
}
