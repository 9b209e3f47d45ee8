namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Lets a live backup stop every write to the data directory for a moment. Each provider operation that
/// changes files (state writes and clears, log appends and clears, log opens that cut a torn tail or
/// inflate an archive, file writes and deletes, archiving) runs inside <see cref="RunAsync{T}"/>;
/// <see cref="PauseAsync"/> lets no new one start and waits until those in flight have finished, so
/// while it is held the tree is quiescent: every acknowledged write is complete, nothing half-renamed.
/// One instance per data directory, shared by every provider of the process.
/// </summary>
public sealed class FlatfileWriteGate
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    // Operations nest (an append opens its log, which may inflate it): the inner one must not wait for a
    // pause that is itself waiting for the outer one to finish.
    private readonly AsyncLocal<bool> _inside = new();
    private int _active;
    private TaskCompletionSource? _resumed;
    private TaskCompletionSource? _drained;

    /// <summary>Writes in flight right now (for tests and diagnostics).</summary>
    public int Active
    {
        get
        {
            lock (_lock)
            {
                return _active;
            }
        }
    }

    /// <summary>Runs <paramref name="write"/> once no pause is held; a pause waits for it to finish.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (_inside.Value)
        {
            return await write().ConfigureAwait(false);
        }

        await EnterAsync(cancellationToken).ConfigureAwait(false);
        _inside.Value = true;
        try
        {
            return await write().ConfigureAwait(false);
        }
        finally
        {
            _inside.Value = false;
            Exit();
        }
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public Task RunAsync(Func<Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        return RunAsync(async () =>
        {
            await write().ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Stops new writes and waits for those in flight; writes resume when the result is disposed. Pauses
    /// are taken one at a time. Never call it from inside <see cref="RunAsync{T}"/> (it would wait for itself).
    /// </summary>
    public async Task<IDisposable> PauseAsync(CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        Task drained;
        lock (_lock)
        {
            _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_active == 0)
            {
                _drained.SetResult();
            }

            drained = _drained.Task;
        }

        try
        {
            await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Resume();
            throw;
        }

        return new Pause(this);
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task resumed;
            lock (_lock)
            {
                if (_resumed is null)
                {
                    _active++;
                    return;
                }

                resumed = _resumed.Task;
            }

            await resumed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Exit()
    {
        lock (_lock)
        {
            _active--;
            if (_active == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    private void Resume()
    {
        TaskCompletionSource? resumed;
        lock (_lock)
        {
            resumed = _resumed;
            _resumed = null;
            _drained = null;
        }

        resumed?.SetResult();
        _oneAtATime.Release();
    }

    private sealed class Pause(FlatfileWriteGate gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Resume();
            }
        }
    }
}
