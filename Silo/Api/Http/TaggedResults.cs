using System.Text.Json.Serialization.Metadata;
using ChatDb.Grains.Models;

namespace ChatDb.Silo.Api.Http;

/// <summary>Responses carrying a record's ETag (<see cref="EntityTagHeaders"/>).</summary>
internal static class TaggedResults
{
    /// <summary>A read: 304 with the ETag and no body when <c>If-None-Match</c> names it, else 200 with the record and its ETag.</summary>
    public static IResult Read<T>(HttpContext context, ETagged<T> tagged, JsonTypeInfo<T> typeInfo) =>
        NotModified(context, tagged.ETag) ?? Written(context, tagged, typeInfo);

    /// <summary>200 with the record and its ETag (a write answers with the ETag of what it stored).</summary>
    public static IResult Written<T>(HttpContext context, ETagged<T> tagged, JsonTypeInfo<T> typeInfo)
    {
        EntityTagHeaders.Set(context.Response, tagged.ETag);
        return ApiResults.Ok(tagged.Value, typeInfo);
    }

    /// <summary>304 with the ETag when <c>If-None-Match</c> names <paramref name="etag"/>; null when the client's copy is not current.</summary>
    public static IResult? NotModified(HttpContext context, string etag)
    {
        if (!EntityTagHeaders.NoneMatchHolds(context.Request, etag))
        {
            return null;
        }

        EntityTagHeaders.Set(context.Response, etag);
        return Results.StatusCode(StatusCodes.Status304NotModified);
    }
}
