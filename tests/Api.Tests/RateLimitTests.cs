using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Security;
using ChatDb.Silo.Auth;
using Microsoft.AspNetCore.Http;

namespace ChatDb.Api.Tests;

/// <summary>Per-key request limits: a token bucket per key on the silo's clock, 429 with Retry-After and a body naming the limit.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new();
    private readonly string _opsKey = SecretDigest.NewToken("chatdb_");
    private readonly string _bulkKey = SecretDigest.NewToken("chatdb_");
    private readonly string _slowKey = SecretDigest.NewToken("chatdb_");
    private ApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = ApiServer.With(
            new Dictionary<string, string?>
            {
                ["Auth:RateLimit:RequestsPerSecond"] = "2",
                ["Auth:RateLimit:Burst"] = "3",
                ["Auth:ApiKeys:0:Name"] = "ops",
                ["Auth:ApiKeys:0:Hash"] = SecretDigest.Format(SecretDigest.Compute(_opsKey)),
                ["Auth:ApiKeys:0:Scope"] = "admin",
                ["Auth:ApiKeys:1:Name"] = "bulk",
                ["Auth:ApiKeys:1:Hash"] = SecretDigest.Format(SecretDigest.Compute(_bulkKey)),
                ["Auth:ApiKeys:1:Scope"] = "admin",
                ["Auth:ApiKeys:1:RequestsPerSecond"] = "0",
                ["Auth:ApiKeys:2:Name"] = "slow",
                ["Auth:ApiKeys:2:Hash"] = SecretDigest.Format(SecretDigest.Compute(_slowKey)),
                ["Auth:ApiKeys:2:Scope"] = "admin",
                ["Auth:ApiKeys:2:RequestsPerSecond"] = "0.5",
            },
            _clock);
        await _server.InitializeAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_key_over_its_burst_gets_429_with_Retry_After_and_a_body_naming_the_limit_until_tokens_refill()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetModelsAsync(_opsKey)).StatusCode);
        }

        using var refused = await GetModelsAsync(_opsKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("rate_limited", body.RootElement.GetProperty("error").GetString());
        var message = body.RootElement.GetProperty("message").GetString()!;
        Assert.Contains("API key 'ops'", message, StringComparison.Ordinal);
        Assert.Contains("2 requests per second (burst 3)", message, StringComparison.Ordinal);
        Assert.DoesNotContain(_opsKey, message, StringComparison.Ordinal);

        // Half a second brings one token back; one second two.
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(HttpStatusCode.OK, (await GetModelsAsync(_opsKey)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetModelsAsync(_opsKey)).StatusCode);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await GetModelsAsync(_opsKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetModelsAsync(_opsKey)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetModelsAsync(_opsKey)).StatusCode);
    }

    [Fact]
    public async Task Keys_have_their_own_buckets_and_their_own_limits()
    {
        for (var i = 0; i < 4; i++)
        {
            await GetModelsAsync(_opsKey);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetModelsAsync(_opsKey)).StatusCode);

        // RequestsPerSecond 0 on the key: no limit for it.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetModelsAsync(_bulkKey)).StatusCode);
        }

        // 0.5 per second with no burst of its own: one request, then two seconds.
        Assert.Equal(HttpStatusCode.OK, (await GetModelsAsync(_slowKey)).StatusCode);
        using var refused = await GetModelsAsync(_slowKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Health_and_refused_keys_are_not_counted()
    {
        for (var i = 0; i < 10; i++)
        {
            using var health = await _server.Http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, health.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetModelsAsync("chatdb_not-a-key")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await GetModelsAsync(_opsKey)).StatusCode);
    }

    [Fact]
    public void Without_a_key_requests_are_limited_per_remote_address()
    {
        var settings = AuthSettings.From(new ChatDbAuthOptions { RateLimit = new RateLimitOptions { RequestsPerSecond = 1, Burst = 1 } });
        using var limiter = new ApiRateLimiter(settings, _clock);

        Assert.Null(limiter.TryAcquire(From("10.0.0.1")));
        var refused = limiter.TryAcquire(From("10.0.0.1"));
        Assert.Null(limiter.TryAcquire(From("10.0.0.2")));

        Assert.NotNull(refused);
        Assert.Equal("remote address 10.0.0.1", refused.Who);
        Assert.Equal(1, refused.RetryAfterSeconds);
    }

    [Fact]
    public void Shared_across_silos_each_silo_enforces_its_share_and_a_new_silo_count_starts_new_buckets()
    {
        var settings = AuthSettings.From(new ChatDbAuthOptions { RateLimit = new RateLimitOptions { RequestsPerSecond = 4, Burst = 4, ShareAcrossSilos = true } });
        var silos = 2;
        using var limiter = new ApiRateLimiter(settings, _clock, () => silos);

        // Two silos: this one takes 2 of the burst of 4, at 2 per second.
        Assert.Null(limiter.TryAcquire(From("10.0.0.1")));
        Assert.Null(limiter.TryAcquire(From("10.0.0.1")));
        var refused = limiter.TryAcquire(From("10.0.0.1"));
        Assert.NotNull(refused);
        Assert.Equal(new RequestRate(2, 2), refused.Rate);
        Assert.True(limiter.SharesAcrossSilos);

        // One silo left: it enforces the whole limit, in a new bucket.
        silos = 1;
        Assert.Equal(4, Enumerable.Range(0, 5).Count(_ => limiter.TryAcquire(From("10.0.0.1")) is null));
    }

    [Fact]
    public void Not_shared_each_silo_enforces_the_whole_limit_whatever_the_silo_count()
    {
        var settings = AuthSettings.From(new ChatDbAuthOptions { RateLimit = new RateLimitOptions { RequestsPerSecond = 4, Burst = 4 } });
        using var limiter = new ApiRateLimiter(settings, _clock, () => 3);

        Assert.Equal(4, Enumerable.Range(0, 5).Count(_ => limiter.TryAcquire(From("10.0.0.1")) is null));
        Assert.False(limiter.SharesAcrossSilos);
    }

    [Fact]
    public void A_keys_file_may_give_a_key_its_own_limit_and_a_bad_one_is_named()
    {
        var path = Path.Join(Path.GetTempPath(), "chatdb-ratekeys-" + Guid.NewGuid().ToString("N") + ".json");
        var hash = SecretDigest.Format(SecretDigest.Compute(_opsKey));
        try
        {
            File.WriteAllText(path, $"{{\"ApiKeys\": [{{\"Name\": \"ops\", \"Hash\": \"{hash}\", \"Scope\": \"admin\", \"RequestsPerSecond\": 4, \"Burst\": 8}}]}}");
            var key = Assert.Single(AuthSettings.From(new ChatDbAuthOptions { ApiKeysFile = path }).ApiKeys);
            Assert.Equal(new RequestRate(4, 8), key.Rate);

            File.WriteAllText(path, $"{{\"ApiKeys\": [{{\"Name\": \"ops\", \"Hash\": \"{hash}\", \"Scope\": \"admin\", \"RequestsPerSecond\": -1}}]}}");
            var failures = AuthSettings.Validate(new ChatDbAuthOptions { ApiKeysFile = path }, out _);
            Assert.Contains(failures, f => f.Contains("ApiKeys:0:RequestsPerSecond must be 0 (no limit) or a positive number (was -1)", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static DefaultHttpContext From(string address)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return http;
    }

    private async Task<HttpResponseMessage> GetModelsAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/models", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await _server.Http.SendAsync(request);
    }
}
