using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Client;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace ChatDb.Silo.Tests;

/// <summary>
/// A chat server's own Orleans client (<c>UseOrleansClient</c> + <c>UseChatDb()</c>, as in the README) against the
/// running silo executable's gateway: it reads and writes the same data the REST API serves, grain errors arrive
/// with their ChatDb types, and a client of another cluster id is turned away.
/// </summary>
[Collection(SecuredSiloCollection.Name)]
public sealed class OrleansClientTests(SecuredSilo silo)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WrongClusterWait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ReadmeSnippet_WritesThroughTheGateway_WhatTheRestApiReadsBack()
    {
        var userId = "client-" + Guid.NewGuid().ToString("N")[..8];
        using var host = await StartClientAsync(client => client
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, silo.Process.GatewayPort))
            .Configure<ClusterOptions>(o => { o.ClusterId = silo.Process.ClusterId; o.ServiceId = silo.Process.ClusterId; })
            .UseChatDb());

        var chat = new ChatDbClient(host.Services.GetRequiredService<IClusterClient>());
        await chat.CreateUserAsync(userId, new UserProfileInput { DisplayName = "Alice" });
        var session = await chat.CreateSessionAsync(userId, "Trip planning");
        var added = await chat.AddMessageAsync(userId, session.Id, new NewMessage { Role = "user", Content = "Lisbon in May?" });
        var page = await chat.GetMessagesAsync(userId, session.Id, limit: 50);

        var message = Assert.Single(page);
        Assert.Equal(added.Id, message.Id);
        Assert.Equal(1, message.Seq);
        Assert.Equal("Lisbon in May?", message.Content);
        Assert.Equal("Alice", (await chat.GetUserProfileAsync(userId))?.DisplayName);

        using var http = new HttpClient { BaseAddress = silo.Process.HttpAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", silo.AdminKey);
        var overRest = await http.GetFromJsonAsync<List<ChatMessage>>(new Uri($"/users/{userId}/sessions/{session.Id}/messages", UriKind.Relative));
        Assert.Equal([(added.Id, "Lisbon in May?")], overRest!.Select(m => (m.Id, m.Content)));
    }

    [Fact]
    public async Task GrainErrors_ArriveAsTheirChatDbTypes_WithMessagesNamingTheIds()
    {
        var userId = "client-" + Guid.NewGuid().ToString("N")[..8];
        using var host = await StartClientAsync(client => client
            .UseLocalhostClustering(silo.Process.GatewayPort, serviceId: silo.Process.ClusterId, clusterId: silo.Process.ClusterId)
            .UseChatDb());
        var chat = new ChatDbClient(host.Services.GetRequiredService<IClusterClient>());
        await chat.CreateUserAsync(userId);

        var invalid = await Assert.ThrowsAsync<ValidationError>(() => chat.CreateUserAsync("not a valid id!"));
        var missing = await Assert.ThrowsAsync<NotFoundError>(() =>
            chat.AddMessageAsync(userId, "chat_session_20260101_000000_000000", new NewMessage { Role = "user", Content = "hello?" }));

        Assert.Contains("not a valid id!", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("chat_session_20260101_000000_000000", missing.Message, StringComparison.Ordinal);
    }

    /// <remarks>
    /// Orleans' client does not give up by itself: <c>StartAsync</c> keeps retrying until its token is cancelled, and
    /// logs why each attempt failed. What an application sees is a start that does not complete in time and a log of
    /// refused attempts at the silo's gateway. Which words an attempt is logged with is a race inside Orleans: when the
    /// client reads the silo's preamble before the silo hangs up, the line names the silo's cluster id next to its own;
    /// when the silo hangs up first (it logs nothing at its level), the client logs "Connection terminated prematurely".
    /// </remarks>
    [Fact]
    public async Task Client_OfAnotherClusterId_NeverConnects_AndItsLogShowsTheGatewayRefusingIt()
    {
        var wrong = "not-" + silo.Process.ClusterId;
        var logs = new CapturedLogs();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.UseOrleansClient(client => client
            .UseLocalhostClustering(silo.Process.GatewayPort, serviceId: wrong, clusterId: wrong)
            .UseChatDb());
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(WrongClusterWait);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.StartAsync(timeout.Token));

        var gateway = $"127.0.0.1:{silo.Process.GatewayPort}";
        var refusal = $"Unexpected cluster id \"{silo.Process.ClusterId}\", expected \"{wrong}\"";
        var refused = logs.Lines.Where(line => line.Contains(gateway, StringComparison.Ordinal)
            && (line.Contains(refusal, StringComparison.Ordinal) || line.Contains("Connection terminated prematurely", StringComparison.Ordinal)));
        Assert.True(refused.Any(), $"No log line of the client shows {gateway} refusing it ('{refusal}' or a connection terminated prematurely). Lines:\n{string.Join('\n', logs.Lines)}");
        Assert.DoesNotContain(logs.Lines, line => line.Contains("Unexpected cluster id", StringComparison.Ordinal) && !line.Contains(refusal, StringComparison.Ordinal));
    }

    private static async Task<IHost> StartClientAsync(Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(configure);
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        await host.StartAsync(timeout.Token);
        return host;
    }
}
