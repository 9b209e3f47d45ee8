using Orleans;

namespace ChatDb.Storage.Flatfile.Tests.Hosting.Grains;

/// <summary>A grain kept by the flatfile providers registered under the name "Archive".</summary>
[Alias("flatfile-tests.ITestNoteGrain")]
public interface ITestNoteGrain : IGrainWithStringKey
{
    Task WriteAsync(string text);

    Task<long> AppendAsync(string text);
}
