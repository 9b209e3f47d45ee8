using ChatDb.Runtime.Storage;
using ChatDb.Storage;

namespace ChatDb.Runtime.Tests.Grains;

/// <summary>A record with nesting, a list, a nullable member and a date: the shapes chat entities have.</summary>
public sealed record WireRecord(string Name, int Count, IReadOnlyList<string> Tags, DateTimeOffset At, WireRecord? Child);

/// <summary>Arguments and results of several shapes, for round trips through the gateway.</summary>
public interface IWireShapesGrain : IGrainWithStringKey
{
    Task<string> ConcatAsync(string left, string right);

    Task<int> AddAsync(int left, int right);

    Task<long> EchoLongAsync(long value);

    Task<WireRecord> RenameAsync(WireRecord record, string name);

    Task<List<int>> ReverseAsync(List<int> values);

    Task<string?> EchoNullableAsync(string? value);

    Task<WireRecord?> FindAsync(string name);

    Task RememberAsync(string value);

    ValueTask<string?> RecallAsync();

    Task<Dictionary<string, int>> CountLettersAsync(string text);

    /// <summary>Throws the named exception kind with <paramref name="message"/>.</summary>
    Task<int> FailAsync(string kind, string message);
}

public sealed class WireShapesGrain : Grain, IWireShapesGrain
{
    private string? _remembered;

    public Task<string> ConcatAsync(string left, string right) => Task.FromResult(left + right);

    public Task<int> AddAsync(int left, int right) => Task.FromResult(left + right);

    public Task<long> EchoLongAsync(long value) => Task.FromResult(value);

    public Task<WireRecord> RenameAsync(WireRecord record, string name) => Task.FromResult(record with { Name = name });

    public Task<List<int>> ReverseAsync(List<int> values) => Task.FromResult(Enumerable.Reverse(values).ToList());

    public Task<string?> EchoNullableAsync(string? value) => Task.FromResult(value);

    public Task<WireRecord?> FindAsync(string name) => Task.FromResult<WireRecord?>(null);

    public async Task RememberAsync(string value)
    {
        await Task.Yield();
        _remembered = value;
    }

    public ValueTask<string?> RecallAsync() => ValueTask.FromResult(_remembered);

    public Task<Dictionary<string, int>> CountLettersAsync(string text) =>
        Task.FromResult(text.GroupBy(c => c.ToString()).ToDictionary(g => g.Key, g => g.Count()));

    public async Task<int> FailAsync(string kind, string message)
    {
        await Task.Yield();
        throw kind switch
        {
            "not-found" => new NotFoundError(message),
            "validation" => new ValidationError(message),
            "limit" => new StorageLimitExceeded(message),
            "inconsistent" => new InconsistentStateException(message),
            "argument-null" => new ArgumentNullException("value", message),
            "invalid-operation" => new InvalidOperationException(message),
            "key-not-found" => new KeyNotFoundException(message),
            "custom" => new GrainFailureException(message),
            _ => new NotSupportedException(message),
        };
    }
}
