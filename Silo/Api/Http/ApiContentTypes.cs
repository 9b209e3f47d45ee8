namespace ChatDb.Silo.Api.Http;

internal static class ApiContentTypes
{
    public const string Json = "application/json";
    public const string OctetStream = "application/octet-stream";
    public const string EventStream = "text/event-stream";

    /// <summary>Any type: a document is served with the MIME type it was stored with.</summary>
    public const string AnyType = "*/*";
}
