namespace ChatDb.Runtime.Streams;

/// <summary>
/// One subscription as the stream's agent runs it: who consumes (a grain, or an in-process observer),
/// how far delivery got (<see cref="Cursor"/>), and the pump state. A rewind bumps
/// <see cref="Generation"/>, so a batch already on its way for the old position is not delivered.
/// </summary>
internal sealed class StreamSubscription<T>
{
    private readonly Lock _lock = new();
    private long _cursor;
    private int _generation;
    private bool _running;
    private bool _kicked;
    private volatile IAsyncObserver<T>? _localObserver;

    public StreamSubscription(Guid id, GrainId? consumer, bool isImplicit, long cursor, IAsyncObserver<T>? localObserver)
    {
        Id = id;
        Consumer = consumer;
        IsImplicit = isImplicit;
        _cursor = cursor;
        _localObserver = localObserver;
    }

    public Guid Id { get; }

    /// <summary>The consuming grain; null for an in-process observer.</summary>
    public GrainId? Consumer { get; }

    public bool IsImplicit { get; }

    public bool IsRemoved { get; private set; }

    public IAsyncObserver<T>? LocalObserver
    {
        get => _localObserver;
        set => _localObserver = value;
    }

    /// <summary>Sequence number of the last item delivered (or skipped past).</summary>
    public long Cursor
    {
        get
        {
            lock (_lock)
            {
                return _cursor;
            }
        }
    }

    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Asks the pump to look for new items; returns true when the caller must start the pump.</summary>
    public bool Kick()
    {
        lock (_lock)
        {
            _kicked = true;
            if (_running || IsRemoved)
            {
                return false;
            }

            _running = true;
            return true;
        }
    }

    /// <summary>Where the pump continues: the cursor and the generation it belongs to; clears the kick.</summary>
    public (long Cursor, int Generation, bool Removed) TakeWork()
    {
        lock (_lock)
        {
            _kicked = false;
            return (_cursor, _generation, IsRemoved);
        }
    }

    /// <summary>The pump found nothing to do: it stops unless kicked meanwhile.</summary>
    public bool TryStop()
    {
        lock (_lock)
        {
            if (_kicked && !IsRemoved)
            {
                return false;
            }

            _running = false;
            return true;
        }
    }

    /// <summary>The pump failed: it stops; the next kick restarts it.</summary>
    public void Stopped()
    {
        lock (_lock)
        {
            _running = false;
        }
    }

    /// <summary>Moves the cursor to <paramref name="sequence"/> if no rewind happened since <paramref name="generation"/>.</summary>
    public bool Advance(long sequence, int generation)
    {
        lock (_lock)
        {
            if (generation != _generation || sequence <= _cursor)
            {
                return false;
            }

            _cursor = sequence;
            return true;
        }
    }

    /// <summary>Restarts delivery after <paramref name="after"/>; a batch in flight for the old position is dropped.</summary>
    public void Rewind(long after)
    {
        lock (_lock)
        {
            _cursor = Math.Max(0, after);
            _generation++;
        }
    }

    public void Remove()
    {
        lock (_lock)
        {
            IsRemoved = true;
            _generation++;
        }
    }
}
