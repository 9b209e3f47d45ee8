using ChatDb.Storage;

namespace ChatDb.Silo.Api.Http;

/// <summary>
/// Reads a request body and throws <see cref="StorageLimitExceeded"/> as soon as more than the route's
/// limit arrived, so an oversize body is cut off while streaming instead of being buffered whole first.
/// (The server's own body size limit is set too; this keeps the rule independent of the server.)
/// </summary>
internal sealed class LimitedReadStream(Stream inner, long limit, string limitName, string subject) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return Count(inner.Read(buffer, offset, count));
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw Exceeded(error);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw Exceeded(error);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        if (_read > limit)
        {
            throw new StorageLimitExceeded(limitName, limit, _read, subject);
        }

        return read;
    }

    // The server enforces the same limit (RequestBody sets it) and may notice first; name the limit either way.
    private StorageLimitExceeded Exceeded(BadHttpRequestException error) =>
        new($"{subject}: more than {limit} bytes arrived, which exceeds the limit {limitName} = {limit}.", error);
}
