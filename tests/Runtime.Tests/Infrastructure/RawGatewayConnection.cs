using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ChatDb.Runtime.Tests.Infrastructure;

/// <summary>A hand-driven gateway connection: writes whatever frames (or bytes) a test wants, reads replies.</summary>
internal sealed class RawGatewayConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawGatewayConnection(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawGatewayConnection> ConnectAsync(IPEndPoint gateway, bool sayHello = true)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway);
        var connection = new RawGatewayConnection(tcp);
        if (sayHello)
        {
            await connection.SendAsync("""{"kind":"hello","protocol":1,"clientId":"raw-test"}""");
            var welcome = await connection.ReadAsync("the welcome frame");
            Assert.Equal("welcome", welcome.GetProperty("kind").GetString());
        }

        return connection;
    }

    public Task SendAsync(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return SendBytesAsync(frame);
    }

    public async Task SendBytesAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public async Task<JsonElement> ReadAsync(string whatIsAwaited)
    {
        using var timeout = new CancellationTokenSource(Waits.Timeout);
        var header = new byte[4];
        await ReadExactlyAsync(header, whatIsAwaited, timeout.Token);
        var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(header)];
        await ReadExactlyAsync(body, whatIsAwaited, timeout.Token);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Completes with true once the silo closed (or reset) the connection; reads and drops anything before that.</summary>
    public async Task<bool> WaitForCloseAsync(string whatIsAwaited)
    {
        using var timeout = new CancellationTokenSource(Waits.Timeout);
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Timed out after {Waits.Timeout} waiting for: {whatIsAwaited}.");
        }
        catch (IOException)
        {
            // A reset counts as closed.
        }

        return true;
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ReadExactlyAsync(byte[] buffer, string whatIsAwaited, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Timed out after {Waits.Timeout} waiting for: {whatIsAwaited}.");
        }
    }
}
