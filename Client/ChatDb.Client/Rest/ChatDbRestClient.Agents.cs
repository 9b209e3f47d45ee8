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

    public Task<AgentRun> RunAgentAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, AgentPath(agentId, userId) + "/runs", Json(request, AgentJsonContext.Default.AgentRunRequest),
            AgentJsonContext.Default.AgentRun, cancellationToken);
    }

    public Task<AgentRun> StartAgentRunAsync(string userId, string agentId, AgentRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, AgentPath(agentId, userId) + "/runs", Json(request with { Wait = false, Stream = null }, AgentJsonContext.Default.AgentRunRequest),
            AgentJsonContext.Default.AgentRun, cancellationToken);
    }

    /// <summary>Over REST, <paramref name="cancellationToken"/> also sends the run's cancel (a closed stream alone leaves the run going).</summary>
    public async IAsyncEnumerable<AgentRunUpdate> RunAgentStreamingAsync(
        string userId, string agentId, AgentRunRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var post = new HttpRequestMessage(HttpMethod.Post, AgentPath(agentId, userId) + "/runs")
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

    public async IAsyncEnumerable<AgentTraceEvent> FollowAgentRunTraceAsync(
        string userId, string agentId, string runId, long after = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = RunPath(userId, agentId, runId) + "/events";
        using var get = new HttpRequestMessage(HttpMethod.Get, path);
        get.Headers.Add("Last-Event-ID", after.ToString(CultureInfo.InvariantCulture));
        using var response = (await SendAsync(get, nullOnNotFound: false, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false))!;
        await foreach (var item in ReadEventsAsync(response, cancellationToken).ConfigureAwait(false))
        {
            yield return Deserialize(item.Data, AgentJsonContext.Default.AgentTraceEvent, path);
        }
    }

    public Task<IReadOnlyList<AgentRun>> ListAgentRunsAsync(string userId, string agentId, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new QueryString(AgentPath(agentId, userId) + "/runs").Add("limit", limit).ToString(), content: null,
            AgentJsonContext.Default.IReadOnlyListAgentRun, cancellationToken);

    public Task<AgentRun?> GetAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(RunPath(userId, agentId, runId), AgentJsonContext.Default.AgentRun, cancellationToken);

    public async Task<AgentRun?> CancelAgentRunAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default)
    {
        var path = RunPath(userId, agentId, runId);
        using var response = await SendAsync(HttpMethod.Delete, path, content: null, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return response is null ? null : await ReadAsync(response, AgentJsonContext.Default.AgentRun, HttpMethod.Delete, path, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<AgentTraceEvent>> GetAgentRunTraceAsync(string userId, string agentId, string runId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, RunPath(userId, agentId, runId) + "/trace", content: null, AgentJsonContext.Default.IReadOnlyListAgentTraceEvent, cancellationToken);

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

    private static string RunPath(string userId, string agentId, string runId) =>
        $"{AgentPath(agentId, userId)}/runs/{ClientIds.Segment(runId, "run id")}";
}
