namespace ChatDb.Storage.Flatfile.Tests.Faults;

/// <summary>The errors a disk gives, with their Linux errno; .NET reports them as <see cref="IOException"/> with HResult = errno.</summary>
internal enum InjectedFault
{
    /// <summary>EIO (5): the device failed the operation.</summary>
    Eio = 5,

    /// <summary>ENOSPC (28): no space left on the device.</summary>
    Enospc = 28,

    /// <summary>EROFS (30): the file system was remounted read-only.</summary>
    Erofs = 30,
}

/// <summary>The operations of <see cref="IO.IFlatfileFileSystem"/> that a fault or a crash point can hit.</summary>
internal enum FileOperation
{
    Open,
    Read,
    Write,
    SetLength,
    FlushToDisk,
    Move,
    DeleteFile,
    DeleteDirectory,
    CreateDirectory,
    SyncDirectory,
    ReadAll,
    SetWriteTime,
}

/// <summary>An operation refused by <see cref="FaultInjectingFileSystem"/>.</summary>
internal sealed class InjectedIOException(InjectedFault fault, FileOperation operation, string path, int index)
    : IOException($"{Describe(fault)} (injected at operation #{index}, {operation} of '{path}')", (int)fault)
{
    public InjectedFault Fault { get; } = fault;

    public FileOperation Operation { get; } = operation;

    public string Path { get; } = path;

    private static string Describe(InjectedFault fault) => fault switch
    {
        InjectedFault.Eio => "Input/output error (EIO, errno 5)",
        InjectedFault.Enospc => "No space left on device (ENOSPC, errno 28)",
        _ => "Read-only file system (EROFS, errno 30)",
    };
}
