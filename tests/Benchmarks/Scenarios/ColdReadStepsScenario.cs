using System.Diagnostics;
using ChatDb.Benchmarks.Engines;
using ChatDb.Grains;
using ChatDb.Grains.Models;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Flatfile.Providers;
using ChatDb.Storage.Logs;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// Where the time of <c>read_last_100_cold</c> goes: after a restart of the silo, each step of a cold read is timed
/// alone on every session (a restart between steps, so each step meets closed files and cold grains), and the median
/// of each is printed. The steps through storage call the providers the grain uses, as its activation and read do.
/// Reports the whole cold read's median; the steps are printed, not reported.
/// </summary>
public sealed class ColdReadStepsScenario : IScenario
{
    private const int Page = 100;

    public string Name => "read_last_100_cold_steps";

    public string Unit => "us";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(1_000, AtMost: true);

    public async Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var directory = context.NewDirectory(Name);
        var silo = await ChatDbSilo.StartAsync(directory, Durability.OsBuffered);
        var keys = await ChatFixtures.CreateSessionsAsync(silo.Grains, "steps", context.Scale(20, 50));
        await ChatFixtures.FillAsync(silo.Grains, keys, context.Scale(1_000, 10_000));
        var query = new MessageQuery { Latest = true, Limit = Page };
        var steps = new (string Name, Func<ChatDbSilo, string, Task> Step)[]
        {
            ("whole cold read (GetMessagesAsync)", (s, key) => s.Grains.GetGrain<ISessionGrain>(key).GetMessagesAsync(query)),
            ("activation only (CountMessagesAsync)", (s, key) => s.Grains.GetGrain<ISessionGrain>(key).CountMessagesAsync()),
            ("state read: session.json", (s, key) => ReadStateAsync(s, key)),
            ("log open + count: messages", (s, key) => Logs(s).CountAsync("messages", Id(key))),
            ("log open + count: events", (s, key) => Logs(s).CountAsync("events", Id(key))),
            ("log open + count: edits (absent)", (s, key) => Logs(s).CountAsync("edits", Id(key))),
            ("log open + tail 100 parsed: messages", (s, key) => Logs(s).ReadTailAsync<ChatMessage>("messages", Id(key), Page)),
            ("log open + tail 100 raw lines: messages", (s, key) => RawTailAsync(s, key)),
        };
        var rounds = context.Scale(3, 5);
        var medians = steps.Select(_ => new List<double>()).ToArray();
        var cpu = steps.Select(_ => new List<double>()).ToArray();
        var afterActivation = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < steps.Length; i++)
            {
                await silo.DisposeAsync();
                silo = await ChatDbSilo.StartAsync(directory, Durability.OsBuffered);
                var times = new List<double>();
                var reads = new List<double>();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                foreach (var key in keys)
                {
                    var watch = Stopwatch.StartNew();
                    await steps[i].Step(silo, key);
                    times.Add(watch.Elapsed.TotalMicroseconds);
                    if (i == 1)
                    {
                        watch.Restart();
                        await silo.Grains.GetGrain<ISessionGrain>(key).GetMessagesAsync(query);
                        reads.Add(watch.Elapsed.TotalMicroseconds);
                    }
                }

                // The process's CPU time per session (what the step costs, whatever else the machine runs); for the
                // activation step it includes the read that follows it.
                cpu[i].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / keys.Length);
                medians[i].Add(Measure.Median(times));
                if (i == 1)
                {
                    afterActivation.Add(Measure.Median(reads));
                }
            }
        }

        var lines = File.ReadLines(silo.Services.GetRequiredKeyedService<FlatfileGrainPaths>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME).LogFile(Id(keys[0]), "messages")).Take(Page).Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        await silo.DisposeAsync();
        for (var i = 0; i < steps.Length; i++)
        {
            Console.WriteLine($"  {steps[i].Name,-45} {Measure.Median(medians[i]),10:N0} us  (rounds: {string.Join(", ", medians[i].Select(m => m.ToString("N0")))}); CPU {Measure.Median(cpu[i]),8:N0} us");
        }

        var parse = await Measure.MedianMicrosecondsAsync(200, () =>
        {
            foreach (var line in lines)
            {
                _ = System.Text.Json.JsonSerializer.Deserialize<ChatMessage>(line, ChatDb.Storage.Json.StorageJson.Lines);
            }

            return Task.CompletedTask;
        });
        Console.WriteLine($"  {"warm parse of 100 lines (StorageJson.Lines)",-45} {parse,10:N0} us");
        var reflection = new System.Text.Json.JsonSerializerOptions(ChatDb.Storage.Json.StorageJson.Lines)
        {
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        var parsedReflection = await Measure.MedianMicrosecondsAsync(200, () =>
        {
            foreach (var line in lines)
            {
                _ = System.Text.Json.JsonSerializer.Deserialize<ChatMessage>(line, reflection);
            }

            return Task.CompletedTask;
        });
        Console.WriteLine($"  {"warm parse of 100 lines (reflection only)",-45} {parsedReflection,10:N0} us");
        var check = await Measure.MedianMicrosecondsAsync(200, () =>
        {
            foreach (var line in lines)
            {
                var reader = new System.Text.Json.Utf8JsonReader(line);
                reader.Read();
                reader.TrySkip();
            }

            return Task.CompletedTask;
        });
        Console.WriteLine($"  {"warm JSON skip of 100 lines",-45} {check,10:N0} us");
        var dates = await Measure.MedianMicrosecondsAsync(200, () =>
        {
            for (var i = 0; i < 100; i++)
            {
                _ = System.Text.Json.JsonSerializer.Deserialize<DateTimeOffset>("\"2026-11-22T10:30:00.123456Z\""u8, ChatDb.Storage.Json.StorageJson.Lines);
            }

            return Task.CompletedTask;
        });
        Console.WriteLine($"  {"warm parse of 100 timestamps",-45} {dates,10:N0} us");
        Console.WriteLine($"  {"read on the activated grain (tail cache empty)",-45} {Measure.Median(afterActivation),10:N0} us");
        return new ScenarioResult(Measure.Median(medians[0]));
    }

    private static async Task RawTailAsync(ChatDbSilo silo, string key)
    {
        var path = silo.Services.GetRequiredKeyedService<FlatfileGrainPaths>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME).LogFile(Id(key), "messages");
        using var lease = await silo.Services.GetRequiredKeyedService<FlatfileOpenLogs>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME).AcquireAsync(path, create: false);
        _ = await lease!.Log.ReadTailAsync(Page);
    }

    private static GrainId Id(string key) => GrainId.Create("session", key);

    private static IGrainLogStorage Logs(ChatDbSilo silo) => silo.Services.GetRequiredKeyedService<IGrainLogStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    private static Task ReadStateAsync(ChatDbSilo silo, string key) =>
        silo.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
            .ReadStateAsync("session", Id(key), new GrainState<ChatSession?>());
}
