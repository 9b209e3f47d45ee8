using System.Diagnostics;
using ChatDb.Storage.Flatfile.Locking;

namespace ChatDb.Benchmarks.Scenarios;

/// <summary>
/// ChatDb only: microseconds one silo spends fencing an activation and releasing it at deactivation
/// (<see cref="EntityFences.TryHold"/> + <see cref="EntityFences.Release"/>), while another silo of the same data
/// directory holds the fences of 100,000 idle activations (quick mode 2,000): the kernel walks a list of locks per
/// fence file, so the figure grows with the entities held per file.
/// </summary>
public sealed class FenceActivationScenario : IScenario
{
    public string Name => "fence_activation";

    public string Unit => "us";

    public bool HigherIsBetter => false;

    public ScenarioGoal Goal => new(50, AtMost: true);

    public Task<ScenarioResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        if (!EntityFences.AcrossProcesses)
        {
            return Task.FromResult(ScenarioResult.NotAvailable("entity fences use Linux open file description locks"));
        }

        var directory = context.NewDirectory(Name);
        using var idleSilo = EntityFences.Open(directory);
        using var activatingSilo = EntityFences.Open(directory);
        for (var i = 0; i < context.Scale(2_000, 100_000); i++)
        {
            if (!idleSilo.TryHold($"session/idle/{i}"))
            {
                throw new InvalidOperationException($"fence of idle entity {i} refused: a hash collision or a leftover holder of {directory}");
            }
        }

        var keys = Enumerable.Range(0, context.Scale(2_000, 20_000)).Select(i => $"session/moving/{i}").ToArray();
        var started = Stopwatch.GetTimestamp();
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!activatingSilo.TryHold(key))
            {
                throw new InvalidOperationException($"fence of {key} refused: nobody else holds it");
            }

            activatingSilo.Release(key);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return Task.FromResult(new ScenarioResult(elapsed.TotalMicroseconds / keys.Length));
    }
}
