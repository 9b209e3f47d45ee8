namespace ChatDb.Grains.Search;

/// <summary>
/// Keeps the searches that read a <see cref="MessageSearchIndex"/> on the thread pool apart from the changes its
/// grain makes to it. A search counts itself in with <see cref="EnterAsync"/> before it hands the index to the pool
/// and out with <see cref="Exit"/> once the pool is done; a change awaits <see cref="BeforeChangeAsync"/> and then
/// changes the index before its next await. While a change waits, new searches wait behind it, so a steady stream of
/// searches cannot starve the changes (and a stream of changes lets the waiting searches in whenever it pauses).
/// </summary>
/// <remarks>
/// Every member runs on the grain's scheduler, one turn at a time; only the searches' reading runs elsewhere. So the
/// counts need no lock, and when <see cref="BeforeChangeAsync"/> returns no search is reading and none can start
/// until the caller yields: starting one takes a turn of the same scheduler. Changes need no exclusion among
/// themselves, for the same reason.
/// </remarks>
internal sealed class IndexReaders
{
    private int _reading;
    private int _changesWaiting;
    private TaskCompletionSource? _noneReading;
    private TaskCompletionSource? _noChangeWaiting;

    /// <summary>Searches reading the index now.</summary>
    public int Reading => _reading;

    /// <summary>Counts a search in, after the changes that wait (if any) are made.</summary>
    public ValueTask EnterAsync()
    {
        if (_changesWaiting == 0)
        {
            _reading++;
            return ValueTask.CompletedTask;
        }

        return EnterAfterChangesAsync();
    }

    /// <summary>Counts a search out; the last one out lets the waiting changes run.</summary>
    public void Exit()
    {
        if (_reading == 0)
        {
            throw new InvalidOperationException("A search left the index that no search had entered.");
        }

        if (--_reading == 0 && _noneReading is { } drained)
        {
            _noneReading = null;
            drained.SetResult();
        }
    }

    /// <summary>Returns when no search reads the index; the caller changes it before awaiting anything else.</summary>
    public ValueTask BeforeChangeAsync() => _reading == 0 ? ValueTask.CompletedTask : WaitForReadersAsync();

    private async ValueTask EnterAfterChangesAsync()
    {
        while (_changesWaiting > 0)
        {
            await (_noChangeWaiting ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        _reading++;
    }

    private async ValueTask WaitForReadersAsync()
    {
        _changesWaiting++;
        try
        {
            while (_reading > 0)
            {
                await (_noneReading ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
        finally
        {
            // Searches released here resume in turns of their own, after the caller's change: continuations run asynchronously.
            if (--_changesWaiting == 0 && _noChangeWaiting is { } released)
            {
                _noChangeWaiting = null;
                released.SetResult();
            }
        }
    }
}
