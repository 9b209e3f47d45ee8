namespace ChatDb.Silo.Api.Http;

internal static class ApiContentTypes
{
    public const string Json = "application/json";
    public const string OctetStream = "application/octet-stream";
    public const string EventStream = "text/event-stream";
}
