using Orleans;

namespace ChatDb.Storage.Flatfile.Tests.Hosting.Grains;

/// <summary>A grain of the chat layout's <c>session</c> type (key <c>{userId}/{sessionId}</c>) using every facet.</summary>
[Alias("flatfile-tests.ITestSessionGrain")]
public interface ITestSessionGrain : IGrainWithStringKey
{
    Task<SessionView> GetAsync();

    Task CreateAsync(string title, string owner);

    Task<bool> ClearAsync();

    Task<long> AddMessageAsync(string text);

    Task<string[]> ReadMessagesAsync();

    Task WriteContextAsync(string summary);

    Task<TestContext?> ReadContextAsync();

    Task WriteDocumentAsync(string name, byte[] content);

    Task<byte[]?> ReadDocumentAsync(string name);
}
