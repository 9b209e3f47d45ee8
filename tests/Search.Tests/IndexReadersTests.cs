using ChatDb.Grains.Search;

namespace ChatDb.Search.Tests;

public sealed class IndexReadersTests
{
    [Fact]
    public async Task WithNoSearchReading_AChangeGoesAheadAtOnce()
    {
        var readers = new IndexReaders();
        await readers.EnterAsync();
        readers.Exit();

        Assert.True(readers.BeforeChangeAsync().IsCompletedSuccessfully);
        Assert.Equal(0, readers.Reading);
    }

    [Fact]
    public async Task AChange_WaitsForTheSearchesReading_AndNewSearchesWaitForTheChange()
    {
        var readers = new IndexReaders();
        await readers.EnterAsync();
        await readers.EnterAsync();

        var change = readers.BeforeChangeAsync().AsTask();
        var later = readers.EnterAsync().AsTask();
        readers.Exit();
        Assert.False(change.IsCompleted, "a change went ahead while a search was still reading");
        Assert.False(later.IsCompleted, "a search entered while a change waited");

        readers.Exit();
        await change.WaitAsync(TimeSpan.FromSeconds(30));
        await later.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, readers.Reading);
    }

    [Fact]
    public void ASearchLeavingThatNeverEntered_IsAnError()
    {
        var readers = new IndexReaders();

        Assert.Throws<InvalidOperationException>(readers.Exit);
    }
}
