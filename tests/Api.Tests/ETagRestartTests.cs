using System.Net.Http.Headers;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>ETags come from what is stored: a silo restarted on the same flatfile data directory hands out the same ones.</summary>
public sealed class ETagRestartTests : IAsyncLifetime
{
    private readonly string _root = Path.Join(Path.GetTempPath(), "chatdb-etag-tests-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task ETags_AfterASiloRestart_AreTheSame_AndTheOldOnesStillGuardWrites()
    {
        string[] kinds = ["user", "session", "context", "document", "persona"];
        var resources = new List<ETagResource>();
        var before = new List<EntityTagHeaderValue>();
        await using (var first = ApiServer.On(_root))
        {
            await first.InitializeAsync();
            foreach (var kind in kinds)
            {
                var resource = await ETagResources.CreateAsync(first.Http, kind);
                resources.Add(resource);
                before.Add(await ETagAsync(first.Http, resource.Path));
            }
        }

        await using var second = ApiServer.On(_root);
        await second.InitializeAsync();

        for (var i = 0; i < resources.Count; i++)
        {
            Assert.Equal(before[i], await ETagAsync(second.Http, resources[i].Path));
            var conditional = resources[i].Write("after restart");
            conditional.Headers.IfMatch.Add(before[i]);
            using var write = await second.Http.SendAsync(conditional);
            Assert.True(write.IsSuccessStatusCode, $"{resources[i]}: If-Match of the ETag read before the restart answered {(int)write.StatusCode}");
        }
    }

    private static async Task<EntityTagHeaderValue> ETagAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag ?? throw new Xunit.Sdk.XunitException($"GET {path} answered without an ETag.");
    }
}
