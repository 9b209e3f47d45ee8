using System.Text;
using ChatDb.Storage.Files;

namespace ChatDb.Storage.TestKit;

/// <summary>
/// What every <see cref="IGrainFileStorage"/> must do. Derive one sealed class per provider. The suite
/// uses grains from <see cref="ProviderConformanceTests{TProvider}.NewGrainId"/>, collection names of
/// letters and underscores and file names of letters, digits, '_' and one extension, which every
/// provider must accept for a grain type without a layout of its own.
/// </summary>
public abstract class GrainFileStorageConformanceTests : ProviderConformanceTests<IGrainFileStorage>
{
    protected virtual string Collection => "attachments";

    protected virtual string OtherCollection => "snapshots";

    [Fact]
    public async Task Read_OfMissingFile_ReturnsNull()
    {
        Assert.Null(await Provider.ReadAsync(NewGrainId(), Collection, "missing.txt"));
    }

    [Fact]
    public async Task List_OfMissingCollection_IsEmpty()
    {
        Assert.Empty(await Provider.ListAsync(NewGrainId(), Collection));
    }

    [Fact]
    public async Task Write_ThenRead_RoundTripsTheBytes()
    {
        var grain = NewGrainId();
        var content = Encoding.UTF8.GetBytes(AwkwardText.Value);

        await Provider.WriteAsync(grain, Collection, "notes.txt", content);

        Assert.Equal(content, await Provider.ReadAsync(grain, Collection, "notes.txt"));
    }

    [Fact]
    public async Task Write_OfEmptyAndBinaryContent_RoundTrips()
    {
        var grain = NewGrainId();
        var binary = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        await Provider.WriteAsync(grain, Collection, "empty.bin", ReadOnlyMemory<byte>.Empty);
        await Provider.WriteAsync(grain, Collection, "all_bytes.bin", binary);

        Assert.Empty((await Provider.ReadAsync(grain, Collection, "empty.bin"))!);
        Assert.Equal(binary, await Provider.ReadAsync(grain, Collection, "all_bytes.bin"));
    }

    [Fact]
    public async Task Write_OverAnExistingFile_ReplacesItWhole()
    {
        var grain = NewGrainId();
        await Provider.WriteAsync(grain, Collection, "doc.txt", Encoding.UTF8.GetBytes("a much longer first version"));

        await Provider.WriteAsync(grain, Collection, "doc.txt", Encoding.UTF8.GetBytes("short"));

        Assert.Equal("short", Encoding.UTF8.GetString((await Provider.ReadAsync(grain, Collection, "doc.txt"))!));
        Assert.Equal(5, Assert.Single(await Provider.ListAsync(grain, Collection)).Size);
    }

    [Fact]
    public async Task Write_StoresACopy_AndRead_ReturnsItsOwnCopy()
    {
        var grain = NewGrainId();
        var buffer = Encoding.UTF8.GetBytes("original");
        await Provider.WriteAsync(grain, Collection, "copy.txt", buffer);

        buffer[0] = (byte)'X';
        var first = (await Provider.ReadAsync(grain, Collection, "copy.txt"))!;
        first[1] = (byte)'Y';

        Assert.Equal("original", Encoding.UTF8.GetString((await Provider.ReadAsync(grain, Collection, "copy.txt"))!));
    }

    [Fact]
    public async Task List_ReturnsEveryFileOrderedByNameOrdinal_WithSizes()
    {
        var grain = NewGrainId();
        foreach (var name in new[] { "b.txt", "a.txt", "B.txt", "a_10.txt", "a_9.txt" })
        {
            await Provider.WriteAsync(grain, Collection, name, Encoding.UTF8.GetBytes(name + name));
        }

        var listed = await Provider.ListAsync(grain, Collection);

        Assert.Equal(["B.txt", "a.txt", "a_10.txt", "a_9.txt", "b.txt"], listed.Select(f => f.Name));
        Assert.All(listed, f => Assert.Equal(f.Name.Length * 2, f.Size));
        Assert.All(listed, f => Assert.NotEqual(default, f.LastModified));
    }

    [Fact]
    public async Task Delete_RemovesTheFile_AndReportsWhetherItExisted()
    {
        var grain = NewGrainId();
        await Provider.WriteAsync(grain, Collection, "gone.txt", "x"u8.ToArray());
        await Provider.WriteAsync(grain, Collection, "kept.txt", "y"u8.ToArray());

        Assert.True(await Provider.DeleteAsync(grain, Collection, "gone.txt"));
        Assert.False(await Provider.DeleteAsync(grain, Collection, "gone.txt"));
        Assert.False(await Provider.DeleteAsync(grain, Collection, "never.txt"));

        Assert.Null(await Provider.ReadAsync(grain, Collection, "gone.txt"));
        Assert.Equal(["kept.txt"], (await Provider.ListAsync(grain, Collection)).Select(f => f.Name));
    }

    [Fact]
    public async Task Collections_AndGrains_AreIsolated()
    {
        var grain = NewGrainId();
        var other = NewGrainId();
        await Provider.WriteAsync(grain, Collection, "same.txt", "first"u8.ToArray());
        await Provider.WriteAsync(grain, OtherCollection, "same.txt", "second"u8.ToArray());
        await Provider.WriteAsync(other, Collection, "same.txt", "third"u8.ToArray());

        Assert.Equal("first"u8.ToArray(), await Provider.ReadAsync(grain, Collection, "same.txt"));
        Assert.Equal("second"u8.ToArray(), await Provider.ReadAsync(grain, OtherCollection, "same.txt"));
        Assert.Equal("third"u8.ToArray(), await Provider.ReadAsync(other, Collection, "same.txt"));
        Assert.Single(await Provider.ListAsync(grain, Collection));
    }

    [Fact]
    public async Task DeleteAll_RemovesEveryFileOfTheGrain_CountsThem_AndLeavesOtherGrains()
    {
        var grain = NewGrainId();
        var other = NewGrainId();
        await Provider.WriteAsync(grain, Collection, "one.txt", "1"u8.ToArray());
        await Provider.WriteAsync(grain, Collection, "two.txt", "2"u8.ToArray());
        await Provider.WriteAsync(grain, OtherCollection, "three.json", "{}"u8.ToArray());
        await Provider.WriteAsync(other, Collection, "one.txt", "kept"u8.ToArray());

        var removed = await Provider.DeleteAllAsync(grain);

        Assert.Equal(3, removed);
        Assert.Empty(await Provider.ListAsync(grain, Collection));
        Assert.Empty(await Provider.ListAsync(grain, OtherCollection));
        Assert.Equal("kept"u8.ToArray(), await Provider.ReadAsync(other, Collection, "one.txt"));
        Assert.Equal(0, await Provider.DeleteAllAsync(grain));
    }

    [Fact]
    public async Task Write_AfterDeleteAll_StartsAFreshCollection()
    {
        var grain = NewGrainId();
        await Provider.WriteAsync(grain, Collection, "old.txt", "old"u8.ToArray());
        await Provider.DeleteAllAsync(grain);

        await Provider.WriteAsync(grain, Collection, "new.txt", "new"u8.ToArray());

        Assert.Equal(["new.txt"], (await Provider.ListAsync(grain, Collection)).Select(f => f.Name));
    }

    [Fact]
    public async Task ConcurrentWrites_ToDifferentFiles_AllSucceed()
    {
        var grain = NewGrainId();

        await WithTimeoutAsync(
            Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            {
                await Provider.WriteAsync(grain, Collection, $"file_{i:D2}.txt", Encoding.UTF8.GetBytes($"content {i}"));
                return i;
            }))),
            $"16 concurrent file writes of {grain}");

        var listed = await Provider.ListAsync(grain, Collection);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"file_{i:D2}.txt"), listed.Select(f => f.Name));
    }

    [Fact]
    public async Task WrittenAndDeletedFiles_SurviveReopeningTheProvider()
    {
        var grain = NewGrainId();
        await Provider.WriteAsync(grain, Collection, "kept.txt", "kept"u8.ToArray());
        await Provider.WriteAsync(grain, Collection, "gone.txt", "gone"u8.ToArray());
        await Provider.DeleteAsync(grain, Collection, "gone.txt");

        await ReopenAsync();

        Assert.Equal("kept"u8.ToArray(), await Provider.ReadAsync(grain, Collection, "kept.txt"));
        Assert.Equal(["kept.txt"], (await Provider.ListAsync(grain, Collection)).Select(f => f.Name));
    }
}
