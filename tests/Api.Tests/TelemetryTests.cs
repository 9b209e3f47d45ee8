using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Silo.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace ChatDb.Api.Tests;

/// <summary>Metrics through OpenTelemetry: the ChatDb meter and ASP.NET Core's reach a reader, OTLP posts to its endpoint, and nothing is built without one.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Appends_events_and_REST_requests_produce_measurements()
    {
        var exported = new List<MetricSnapshot>();
        var server = new ApiServer(new Dictionary<string, string?>())
        {
            ExtraServices = (services, configuration) => services.AddChatDbTelemetry(configuration, metrics => metrics.AddInMemoryExporter(exported)),
        };
        await server.InitializeAsync();
        try
        {
            await MakeRequestsAsync(server);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.True(Sum(exported, "chatdb.storage.log.records_appended") >= 2);
        Assert.True(Sum(exported, "chatdb.storage.log.commits") >= 1);
        Assert.True(Sum(exported, "chatdb.streams.events_published") >= 2);
        Assert.True(Sum(exported, "chatdb.storage.atomic_writes") >= 1);
        Assert.Contains(exported, m => m.Name == "chatdb.storage.fsync.duration");
        Assert.True(exported.Where(m => m.Name == "http.server.request.duration").SelectMany(m => m.MetricPoints).Sum(p => p.GetHistogramCount()) >= 4);
    }

    private static async Task MakeRequestsAsync(ApiServer server)
    {
        var session = await server.Http.CreateSessionAsync(ApiCalls.NewUserId("metrics"));
        await server.Http.AddMessageAsync(session, "hello");
        await server.Http.AddMessageAsync(session, "again");
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(new Uri(ApiCalls.PathOf(session) + "/messages", UriKind.Relative))).StatusCode);

        Assert.True(server.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_metrics_are_posted_to_its_v1_metrics_path()
    {
        var received = new TaskCompletionSource<(string? ContentType, long Length)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiverBuilder = WebApplication.CreateSlimBuilder();
        receiverBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = receiverBuilder.Build();
        receiver.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.TrySetResult((context.Request.ContentType, body.Length));
            return Results.Ok();
        });
        receiver.MapPost("/v1/traces", () => Results.Ok());
        await receiver.StartAsync();

        var server = new ApiServer(new Dictionary<string, string?> { ["Telemetry:OtlpEndpoint"] = receiver.Urls.Single() })
        {
            ExtraServices = (services, configuration) => services.AddChatDbTelemetry(configuration),
        };
        await server.InitializeAsync();
        (string? ContentType, long Length) posted;
        try
        {
            await server.Http.CreateSessionAsync(ApiCalls.NewUserId("otlp"));
            server.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
            posted = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await server.DisposeAsync();
        }

        var (contentType, length) = posted;
        Assert.Equal("application/x-protobuf", contentType);
        Assert.True(length > 0);
        await receiver.StopAsync();
    }

    [Fact]
    public void Without_an_endpoint_no_provider_is_built()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ChatDbTelemetryServiceCollectionExtensions.OtlpEndpointVariable)));
        var services = new ServiceCollection().AddChatDbTelemetry(new ConfigurationBuilder().Build());

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(MeterProvider));
        Assert.Empty(services);
    }

    [Fact]
    public void A_bad_endpoint_or_protocol_is_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = "collector:4318",
            ["Telemetry:OtlpProtocol"] = "udp",
        }).Build();

        var failures = ChatDbTelemetryServiceCollectionExtensions.Validate(configuration);

        Assert.Contains(failures, f => f.Contains("Telemetry:OtlpEndpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) must be an http:// or https:// URL (was 'collector:4318')", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Telemetry:OtlpProtocol must be 'http/protobuf' or 'grpc' (was 'udp')", StringComparison.Ordinal));
    }

    private static long Sum(List<MetricSnapshot> exported, string name) =>
        exported.Where(m => m.Name == name).SelectMany(m => m.MetricPoints).Sum(p => p.GetSumLong());
}
