using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task CollectionAgeNotAboveQuantum_FailsStartUpNamingBothSettings()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SiloHarness.StartAsync(
            s => s.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromSeconds(30))));

        Assert.Contains("CollectionAge", error.Message, StringComparison.Ordinal);
        Assert.Contains("CollectionQuantum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonPositiveResponseTimeout_FailsStartUp()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SiloHarness.StartAsync(
            s => s.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.Zero)));

        Assert.Contains("ResponseTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountCallsAndActivations()
    {
        await using var silo = await SiloHarness.StartAsync();
        var meterFactory = silo.Host.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this silo's meter: parallel tests run silos of their own.
            if (instrument.Meter.Name == "ChatDb.Runtime" && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        listener.Start();
        var grain = silo.Grains.GetGrain<ICountingGrain>(Probe.NewKey("metrics"));

        await grain.IncrementAsync();
        await grain.IncrementAsync();

        Assert.Equal(2, measurements.GetValueOrDefault("chatdb.runtime.calls"));
        Assert.Equal(1, measurements.GetValueOrDefault("chatdb.runtime.activations"));
    }
}
