using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

/// <summary>
/// An extraction whose model cannot be reached is 502 <c>model_failed</c> naming the model, in ChatDb's own words, and
/// changes nothing. A silo of its own: the extraction model is a setting of the silo.
/// </summary>
public sealed class MemoryExtractionFailureTests : IAsyncLifetime
{
    // Nothing listens on this port: every call to the model is refused at once.
    private readonly ApiServer _server = new(new Dictionary<string, string?>
    {
        ["Models:down:Provider"] = "openai",
        ["Models:down:Endpoint"] = $"http://127.0.0.1:{LoopbackPorts.Next()}/v1",
        ["Models:down:Model"] = "extractor-1",
        ["Models:down:TimeoutSeconds"] = "10",
        ["Memory:ExtractionModel"] = "down",
    });

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Extract_WithAModelThatCannotBeReached_Is502ModelFailed_AndAppliesNothing()
    {
        var http = _server.Http;
        var session = await http.CreateSessionAsync(ApiCalls.NewUserId());
        await http.AddMessageAsync(session, "I live in Lisbon.");
        var kept = await (await http.PostJsonAsync($"/users/{session.UserId}/memories", new { text = "User likes tea" })).ReadAsync<Memory>(HttpStatusCode.Created);

        var answer = await http.PostJsonAsync($"/users/{session.UserId}/memories/extract", new { sessionId = session.Id });

        var message = await answer.AssertErrorAsync(HttpStatusCode.BadGateway, "model_failed");
        Assert.Contains("'down'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", message, StringComparison.Ordinal);
        var listed = await (await http.GetAsync($"/users/{session.UserId}/memories")).ReadAsync<List<Memory>>();
        Assert.Equal([kept.Id], listed.Select(m => m.Id));
    }
}
