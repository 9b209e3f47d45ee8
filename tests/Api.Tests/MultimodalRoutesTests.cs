using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;
using SkiaSharp;

namespace ChatDb.Api.Tests;

/// <summary>Image documents over REST (docs/MULTIMODAL.md): the media entry in the document record, the thumbnail route.</summary>
[Collection(ApiCollection.Name)]
public sealed class MultimodalRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.CornflowerBlue);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [Fact]
    public async Task AnUploadedImage_HasItsMediaEntry_AndItsThumbnailIsAPng()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var documents = ApiCalls.PathOf(session) + "/documents";

        var stored = await (await _http.PutAsync(documents + "/photo.png", new ByteArrayContent(Png(1024, 512)))).ReadAsync<DocumentInfo>(HttpStatusCode.Created);
        var listed = await (await _http.GetAsync(documents)).ReadAsync<List<DocumentInfo>>();
        var thumbnail = await _http.GetAsync(documents + "/photo.png/thumbnail");

        var media = MediaInfo.Of(stored)!;
        Assert.Equal<(string?, int?, int?, bool)>(("png", 1024, 512, true), (media.Format, media.Width, media.Height, media.Thumbnail));
        Assert.Equal(media, MediaInfo.Of(Assert.Single(listed)));
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/png", thumbnail.Content.Headers.ContentType?.MediaType);
        using var decoded = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync());
        Assert.Equal((256, 128), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task TheThumbnailOfADocumentThatIsNoImage_Is404NamingWhy()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var documents = ApiCalls.PathOf(session) + "/documents";
        await (await _http.PutAsync(documents + "/notes.txt", new ByteArrayContent("hello"u8.ToArray()))).ReadAsync<DocumentInfo>(HttpStatusCode.Created);

        var message = await (await _http.GetAsync(documents + "/notes.txt/thumbnail")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Contains("not an image", message, StringComparison.Ordinal);
    }
}
