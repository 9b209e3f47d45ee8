using System.Runtime.CompilerServices;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Panels;

/// <summary>
/// Followers of a run while it executes in this activation: a signal on every change (a trace event, the end). Everything
/// runs on the grain's scheduler, so the fields need no locks.
/// </summary>
public sealed partial class PanelRunGrain
{
    /// <summary>How long a run keeps its activation from being collected while it executes without a caller.</summary>
    private static readonly TimeSpan RunHold = TimeSpan.FromHours(1);

    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _cancel;
    private bool _live;
    private bool _deactivating;

    public async IAsyncEnumerable<PanelTraceEvent> FollowTraceAsync(long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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

    /// <summary>The run executes here from now: it can be followed and cancelled.</summary>
    private CancellationTokenSource BeginLive()
    {
        _cancel = new CancellationTokenSource();
        _live = true;
        return _cancel;
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
