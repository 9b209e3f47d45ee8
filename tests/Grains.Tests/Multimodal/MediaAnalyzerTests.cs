using ChatDb.Grains.Models;
using ChatDb.Grains.Multimodal;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace ChatDb.Grains.Tests.Multimodal;

/// <summary>The image analysis of the multimodal module: formats, dimensions, frames, thumbnails, and the files it refuses.</summary>
public sealed class MediaAnalyzerTests
{
    private static readonly SkiaMediaAnalyzer Analyzer = new(Options.Create(new MultimodalOptions()));

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, "image/png", "png")]
    [InlineData(SKEncodedImageFormat.Jpeg, "image/jpeg", "jpeg")]
    [InlineData(SKEncodedImageFormat.Webp, "image/webp", "webp")]
    public void AnEncodedImage_GetsItsFormatDimensions_AndAThumbnailOfAtMost256OnTheLongSide(SKEncodedImageFormat format, string mediaType, string expected)
    {
        var image = TestImages.Encode(format, 800, 600);

        var analysis = Analyzer.Analyze("photo", mediaType, image)!;

        Assert.Equal<(string, string, string?, int?, int?, int?)>((MediaKinds.Image, MediaStatuses.Analyzed, expected, 800, 600, 1),
            (analysis.Info.Kind, analysis.Info.Status, analysis.Info.Format, analysis.Info.Width, analysis.Info.Height, analysis.Info.FrameCount));
        Assert.True(analysis.Info.Thumbnail);
        using var thumbnail = SKBitmap.Decode(analysis.Thumbnail!);
        Assert.Equal((256, 192), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public void AHandWrittenGif_CountsItsFrames_AndKeepsItsSizeInTheThumbnail()
    {
        var analysis = Analyzer.Analyze("wave.gif", "image/gif", TestImages.Gif(frames: 3))!;

        Assert.Equal<(string, string?, int?, int?, int?)>((MediaStatuses.Analyzed, "gif", 1, 1, 3),
            (analysis.Info.Status, analysis.Info.Format, analysis.Info.Width, analysis.Info.Height, analysis.Info.FrameCount));
        using var thumbnail = SKBitmap.Decode(analysis.Thumbnail!);
        Assert.Equal((1, 1), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public void AHeaderClaiming100000By100000_IsRefusedBeforeDecoding_NamingTheLimit()
    {
        var analysis = Analyzer.Analyze("bomb.png", "image/png", TestImages.PngHeaderClaiming(100_000, 100_000))!;

        Assert.Equal<(string, int?, int?)>((MediaStatuses.Failed, 100_000, 100_000), (analysis.Info.Status, analysis.Info.Width, analysis.Info.Height));
        Assert.Null(analysis.Thumbnail);
        Assert.Contains("Multimodal:MaxImagePixels (40000000)", analysis.Info.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNoImage_AndATruncatedImage_FailWithAReason()
    {
        var png = TestImages.Encode(SKEncodedImageFormat.Png, 64, 64);

        var garbage = Analyzer.Analyze("fake.png", "image/png", "this is not an image"u8.ToArray())!;
        var truncated = Analyzer.Analyze("cut.png", "image/png", png[..(png.Length / 2)])!;

        Assert.Equal(MediaStatuses.Failed, garbage.Info.Status);
        Assert.Contains("header could not be read", garbage.Info.Reason, StringComparison.Ordinal);
        Assert.Equal(MediaStatuses.Failed, truncated.Info.Status);
        Assert.Contains("truncated or corrupt", truncated.Info.Reason, StringComparison.Ordinal);
        Assert.Null(garbage.Thumbnail);
        Assert.Null(truncated.Thumbnail);
    }

    [Fact]
    public void AudioAndVideo_AreDescribedByTypeAndSizeOnly_AndOtherDocumentsNotAtAll()
    {
        var audio = Analyzer.Analyze("talk.mp3", "audio/mpeg", new byte[1234])!;
        var video = Analyzer.Analyze("clip.webm", "video/webm", new byte[10])!;

        Assert.Equal<(string, string, string, long, int?, bool)>((MediaKinds.Audio, MediaStatuses.Analyzed, "audio/mpeg", 1234L, null, false),
            (audio.Info.Kind, audio.Info.Status, audio.Info.MediaType, audio.Info.Size, audio.Info.Width, audio.Info.Thumbnail));
        Assert.Equal(MediaKinds.Video, video.Info.Kind);
        Assert.Null(audio.Thumbnail);
        Assert.Null(Analyzer.Analyze("notes.txt", "text/plain", "hello"u8.ToArray()));
        Assert.Equal("[audio: talk.mp3, audio/mpeg, 1.2 KB]", MediaInfo.Placeholder("talk.mp3", "audio/mpeg", 1234, audio.Info));
    }

    [Fact]
    public void TheMediaEntry_RoundTripsThroughTheStoredAnalysis()
    {
        var analysis = Analyzer.Analyze("photo.png", "image/png", TestImages.Encode(SKEncodedImageFormat.Png, 80, 60))!;
        var document = new DocumentInfo("photo.png", "users/u/s/documents/photo.png", "image/png", 10, DateTimeOffset.UnixEpoch,
            new Dictionary<string, System.Text.Json.JsonElement> { [MediaInfo.AnalysisKey] = analysis.Info.ToJson() });

        Assert.Equal(analysis.Info, MediaInfo.Of(document));
        Assert.Equal("[image: photo.png, 80x60 PNG]", MediaInfo.Placeholder("photo.png", "image/png", 10, MediaInfo.Of(document)));
    }
}
