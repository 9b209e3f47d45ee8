using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatDb.Grains.Models;
using ChatDb.Grains.Serialization;

namespace ChatDb.Client;

/// <summary>Panel runs over REST: <c>/panels/{p}/runs</c>.</summary>
public sealed partial class ChatDbRestClient
{
    public Task<Panel> CreateAgentPanelAsync(
        string panelType, IReadOnlyList<string>? personas, IReadOnlyList<PanelAgent> agents, Dictionary<string, JsonElement>? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agents);
        return SendAsync(HttpMethod.Post, "panels", Json(new CreatePanelBody(panelType, personas ?? [], config) { Agents = agents }, RestJsonContext.Default.CreatePanelBody),
            ChatDbJsonContext.Default.Panel, cancellationToken);
    }

    public Task<PanelRun> RunPanelAsync(string panelId, PanelRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, PanelRuns(panelId), Json(request with { Wait = null, Stream = null }, AgentJsonContext.Default.PanelRunRequest),
            AgentJsonContext.Default.PanelRun, cancellationToken);
    }

    public Task<PanelRun> StartPanelRunAsync(string panelId, PanelRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, PanelRuns(panelId), Json(request with { Wait = false, Stream = null }, AgentJsonContext.Default.PanelRunRequest),
            AgentJsonContext.Default.PanelRun, cancellationToken);
    }

    public Task<IReadOnlyList<PanelRun>> ListPanelRunsAsync(string panelId, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, new QueryString(PanelRuns(panelId)).Add("limit", limit).ToString(), content: null, AgentJsonContext.Default.IReadOnlyListPanelRun, cancellationToken);

    public Task<PanelRun?> GetPanelRunAsync(string panelId, string runId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync(PanelRunPath(panelId, runId), AgentJsonContext.Default.PanelRun, cancellationToken);

    public Task<IReadOnlyList<PanelTraceEvent>> GetPanelRunTraceAsync(string panelId, string runId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, PanelRunPath(panelId, runId) + "/trace", content: null, AgentJsonContext.Default.IReadOnlyListPanelTraceEvent, cancellationToken);

    public async IAsyncEnumerable<PanelTraceEvent> FollowPanelRunTraceAsync(
        string panelId, string runId, long after = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = PanelRunPath(panelId, runId) + "/events";
        using var get = new HttpRequestMessage(HttpMethod.Get, path);
        get.Headers.Add("Last-Event-ID", after.ToString(CultureInfo.InvariantCulture));
        using var response = (await SendAsync(get, nullOnNotFound: false, cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false))!;
        await foreach (var item in ReadEventsAsync(response, cancellationToken).ConfigureAwait(false))
        {
            yield return Deserialize(item.Data, AgentJsonContext.Default.PanelTraceEvent, path);
        }
    }

    public async Task<PanelRun?> CancelPanelRunAsync(string panelId, string runId, CancellationToken cancellationToken = default)
    {
        var path = PanelRunPath(panelId, runId) + "/cancel";
        using var response = await SendAsync(HttpMethod.Post, path, content: null, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return response is null ? null : await ReadAsync(response, AgentJsonContext.Default.PanelRun, HttpMethod.Post, path, cancellationToken).ConfigureAwait(false);
    }

    public Task<PanelRun> ResumePanelRunAsync(string panelId, string runId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, PanelRunPath(panelId, runId) + "/resume", content: null, AgentJsonContext.Default.PanelRun, cancellationToken);

    private static string PanelRuns(string panelId) => Panel(panelId) + "/runs";

    private static string PanelRunPath(string panelId, string runId) => $"{PanelRuns(panelId)}/{ClientIds.Segment(runId, "run id")}";
}
