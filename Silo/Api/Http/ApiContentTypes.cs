namespace ChatDb.Silo.Api.Http;

internal static class ApiContentTypes
{
    public const string Json = "application/json";
    public const string OctetStream = "application/octet-stream";
    public const string EventStream = "text/event-stream";

    /// <summary>JSON Lines (one JSON value a line): the export format <c>chatdb import</c> reads.</summary>
    public const string JsonLines = "application/x-ndjson";

    /// <summary>Any type: a document is served with the MIME type it was stored with.</summary>
    public const string AnyType = "*/*";
}
