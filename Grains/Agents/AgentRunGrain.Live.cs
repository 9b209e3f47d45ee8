using System.Runtime.CompilerServices;
using ChatDb.Grains.Agents.ChatModels;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Agents;

/// <summary>
/// What followers of a run see while it executes in this activation: the text deltas of a streamed answer (kept in
/// memory until the activation ends) and a signal on every change (a trace event, a delta, the end). Everything here
/// runs on the grain's scheduler, one piece at a time, so the fields need no locks.
/// </summary>
public sealed partial class AgentRunGrain
{
    /// <summary>How long a queued run keeps its activation from being collected while it executes without a caller.</summary>
    private static readonly TimeSpan QueuedRunHold = TimeSpan.FromHours(1);

    private readonly List<string> _deltas = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _live;
    private bool _streamed;

    /// <summary>
    /// The parts of a run checked and recorded before its turn executes; <paramref name="Input"/> is the append of its
    /// input when it began beside the start (a run answered when it ends), null when the turn appends it.
    /// </summary>
    private sealed record RunStart(AgentRun Run, Agent Agent, ModelEntry Model, ISessionGrain Session, AgentRunRequest Request, Task<Models.ChatMessage>? Input = null);

    public async IAsyncEnumerable<AgentRunUpdate> FollowAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sent = 0;
        while (true)
        {
            var changed = _changed.Task;
            while (sent < _deltas.Count)
            {
                yield return new AgentRunUpdate { Kind = AgentRunUpdateKinds.Delta, Text = _deltas[sent++] };
            }

            if (!_live)
            {
                break;
            }

            await changed.WaitAsync(cancellationToken);
        }

        if (Current is { } run)
        {
            yield return new AgentRunUpdate { Kind = AgentRunUpdateKinds.Run, Run = run };
        }
    }

    public async IAsyncEnumerable<AgentTraceEvent> FollowTraceAsync(long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int Page = 512;
        var next = Math.Max(0, after);
        while (true)
        {
            // Read before the check: an event appended while the page is read is caught by the next round.
            var changed = _changed.Task;
            var live = _live;
            while (next < _trace.Count)
            {
                var page = await _trace.ReadAsync(next + 1, Page);
                if (page.Count == 0)
                {
                    break;
                }

                foreach (var stored in page)
                {
                    next = stored.Sequence;
                    yield return stored.Value with { Seq = stored.Sequence };
                }
            }

            if (!live)
            {
                yield break;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    private void AddDelta(string text)
    {
        _deltas.Add(text);
        SignalChange();
    }

    /// <summary>The run no longer executes here: followers drain what is left and end. Safe to call more than once.</summary>
    private void EndLive()
    {
        var cancel = _cancel;
        _cancel = null;
        cancel?.Dispose();
        _live = false;
        SignalChange();
    }

    private void SignalChange()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
