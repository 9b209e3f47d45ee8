using System.Net;
using System.Text;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

/// <summary>
/// Metadata objects with 10,000 entries. There is no entry-count rule: metadata is bounded by bytes only
/// (the JSON body limit, 2 x MaxMessageSizeBytes, and MaxMessageSizeBytes for the stored message). Within
/// those limits it is stored and read back whole; above them it is a 413 naming the limit.
/// </summary>
public sealed class WideMetadataTests : IAsyncLifetime
{
    private const int Entries = 10_000;
    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-wide-tests-" + Guid.NewGuid().ToString("N"));
    private ApiServer? _server;

    public async Task InitializeAsync()
    {
        _server = ApiServer.On(_root, maxMessageSizeBytes: 1_048_576);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task MessageWithTenThousandMetadataEntries_WithinTheLimits_IsStoredAndReadBackWhole()
    {
        var http = _server!.Http;
        var session = await http.CreateSessionAsync(ApiCalls.NewUserId());

        var response = await http.PostAsync(ApiCalls.PathOf(session) + "/messages", ApiCalls.JsonBody(MessageWithMetadata(Entries)));
        var added = await response.ReadAsync<ChatMessage>(HttpStatusCode.Created);

        var stored = Assert.Single(await (await http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadAsync<List<ChatMessage>>());
        Assert.Equal(added.Id, stored.Id);
        Assert.Equal(Entries, stored.Metadata!.Count);
        Assert.Equal(Entries - 1, stored.Metadata[$"k{Entries - 1}"].GetInt32());
    }

    [Fact]
    public async Task MessageWithTenThousandMetadataEntries_AboveTheBodyLimit_Is413NamingTheLimit()
    {
        var small = ApiServer.On(Path.Join(_root, "small"));
        await small.InitializeAsync();
        try
        {
            var session = await small.Http.CreateSessionAsync(ApiCalls.NewUserId());
            var response = await small.Http.PostAsync(ApiCalls.PathOf(session) + "/messages", ApiCalls.JsonBody(MessageWithMetadata(Entries)));

            var message = await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "limit_exceeded");
            Assert.Contains("MaxMessageSizeBytes", message, StringComparison.Ordinal);
            Assert.Empty(await (await small.Http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadAsync<List<ChatMessage>>());
        }
        finally
        {
            await small.DisposeAsync();
        }
    }

    private static string MessageWithMetadata(int entries)
    {
        var json = new StringBuilder("{\"role\":\"user\",\"content\":\"wide\",\"metadata\":{");
        for (var i = 0; i < entries; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append("\"k").Append(i).Append("\":").Append(i);
        }

        return json.Append("}}").ToString();
    }
}
