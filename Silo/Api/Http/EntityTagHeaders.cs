using ChatDb.Storage;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ChatDb.Silo.Api.Http;

/// <summary>
/// The HTTP side of optimistic concurrency (docs/API.md): ETags go out as strong quoted entity tags
/// (<c>ETag: "…"</c>) around the grains' opaque values; <c>If-Match</c> comes in as one of them or <c>*</c> and is
/// handed to the grain, which compares it in the same turn as the write; <c>If-None-Match</c> on a read is compared
/// here (weak comparison, a list or <c>*</c>, as RFC 9110 §13.1.2 says).
/// </summary>
internal static class EntityTagHeaders
{
    /// <summary>
    /// The expected ETag of <c>If-Match</c> for a grain's <c>...IfMatchAsync</c>: null without the header,
    /// <see cref="Grains.Models.IfMatch.Any"/> for <c>*</c>. A weak tag (<c>W/"…"</c>) is passed on as it is and matches nothing,
    /// since If-Match compares strongly. More than one tag, or a malformed one, is a <see cref="ValidationError"/>.
    /// </summary>
    public static string? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (StringValues.IsNullOrEmpty(header))
        {
            return null;
        }

        var tags = Parse(header, HeaderNames.IfMatch);
        if (tags.Count != 1)
        {
            throw new ValidationError(
                $"header If-Match lists {tags.Count} entity tags; ChatDb compares one ETag (or *) per write (rule: one-if-match-tag).");
        }

        var tag = tags[0];
        if (tag.Equals(EntityTagHeaderValue.Any))
        {
            return Grains.Models.IfMatch.Any;
        }

        return tag.IsWeak ? "W/" + tag.Tag.Value : Unquote(tag.Tag);
    }

    /// <summary>Whether the request's <c>If-None-Match</c> names <paramref name="etag"/> (or is <c>*</c>): the client's copy is current.</summary>
    public static bool NoneMatchHolds(HttpRequest request, string etag)
    {
        var header = request.Headers.IfNoneMatch;
        if (StringValues.IsNullOrEmpty(header))
        {
            return false;
        }

        var current = Strong(etag);
        return Parse(header, HeaderNames.IfNoneMatch).Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }

    /// <summary>Sets <c>ETag: "<paramref name="etag"/>"</c> on the response.</summary>
    public static void Set(HttpResponse response, string etag) => response.Headers.ETag = Strong(etag).ToString();

    /// <summary>The strong entity tag of an opaque ETag value.</summary>
    public static EntityTagHeaderValue Strong(string etag) => new($"\"{etag}\"");

    private static IList<EntityTagHeaderValue> Parse(StringValues header, string name) =>
        EntityTagHeaderValue.TryParseStrictList(header, out var tags) && tags.Count > 0
            ? tags
            : throw new ValidationError(
                $"header {name} is not a list of entity tags (\"…\", W/\"…\" or *): {Shown(header)} (rule: entity-tag-syntax).");

    private static string Unquote(StringSegment quoted) => quoted.Subsegment(1, quoted.Length - 2).Value!;

    private static string Shown(StringValues header)
    {
        var text = header.ToString();
        return text.Length <= 100 ? text : text[..100] + "…";
    }
}
