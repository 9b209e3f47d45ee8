using ChatDb.Grains.Agents.Tools;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Tests.Agents;

/// <summary>Tools that misbehave on purpose: <c>slow_tool</c> waits until it is cancelled, <c>failing_tool</c> throws.</summary>
internal sealed class TestToolSource : IAgentToolSource
{
    public const string Slow = "slow_tool";
    public const string Failing = "failing_tool";

    /// <summary>Completes when <c>slow_tool</c> starts waiting.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when <c>slow_tool</c> sees its token cancelled.</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Names { get; } = [Slow, Failing];

    public bool Offers(string name) => Names.Contains(name);

    public AIFunction Create(string name, AgentToolContext context) => name == Slow
        ? AIFunctionFactory.Create(async (CancellationToken cancellationToken) =>
        {
            Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Cancelled.TrySetResult();
            }

            return "unreachable";
        }, Slow, "Waits until cancelled.")
        : AIFunctionFactory.Create(string () => throw new InvalidOperationException("the disk is on fire"), Failing, "Always throws.");
}
