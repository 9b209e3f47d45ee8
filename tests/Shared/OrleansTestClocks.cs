using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;

namespace ChatDb.Tests.Shared;

/// <summary>
/// A test clock for a silo: ChatDb's services, the grains and their timers (Orleans' <c>Orleans.Grains</c>
/// clock) read the test clock given to <see cref="UseTestClock"/>, while Orleans' own machinery (messaging timeouts, membership,
/// activation collection, the grain directory, stream queue balancing) keeps real time, so advancing
/// the fake clock cannot time out a call or declare a silo dead.
/// </summary>
/// <remarks>
/// Stream pulling agents are system targets whose timers Orleans registers on the grains' clock: in a silo
/// with a fake clock, memory-stream events are delivered only when the clock is advanced past the pulling
/// period. Tests that follow stream events use the real clock.
/// </remarks>
public static class OrleansTestClocks
{
    /// <summary>The clock areas pinned to real time.</summary>
    public static IReadOnlyList<string> RealTimeAreas { get; } =
    [
        TimeProviderNames.Messaging,
        TimeProviderNames.SystemTimers,
        TimeProviderNames.Membership,
        TimeProviderNames.ActivationManagement,
        TimeProviderNames.GrainDirectory,
        StreamingTimeProviderNames.Streaming,
    ];

    public static IServiceCollection UseTestClock(this IServiceCollection services, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(clock);
        services.AddSingleton(clock);
        foreach (var area in RealTimeAreas)
        {
            services.AddKeyedSingleton(area, TimeProvider.System);
        }

        return services;
    }
}
