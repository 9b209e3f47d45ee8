using Microsoft.OpenApi;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>The query parameters routes share, as <see cref="ApiOperationConventions.WithQuery"/> takes them.</summary>
public static class ApiQuery
{
    public static ApiQueryParameter Limit { get; } = new("limit",
        "At most this many items (the route's default page when absent); above Api:MaxPageSize is a 400.", JsonSchemaType.Integer, 20)
    {
        Format = "int32",
        Minimum = "1",
        IsPageSize = true,
    };

    public static ApiQueryParameter Offset { get; } = new("offset", "Skip this many items first.", JsonSchemaType.Integer, 0)
    {
        Format = "int32",
        Minimum = "0",
    };

    public static ApiQueryParameter Before { get; } = new("before", "Only messages with a smaller seq (exclusive cursor).", JsonSchemaType.Integer, 1000)
    {
        Format = "int64",
        Minimum = "1",
    };

    public static ApiQueryParameter After { get; } = new("after", "Only messages with a greater seq (exclusive cursor).", JsonSchemaType.Integer, 0)
    {
        Format = "int64",
        Minimum = "0",
    };

    public static ApiQueryParameter From { get; } = new("from",
        "Only items at or after this instant (ISO 8601; without an offset it is UTC).", JsonSchemaType.String, "2020-01-01T00:00:00Z")
    {
        Format = "date-time",
    };

    public static ApiQueryParameter To { get; } = new("to",
        "Only items before this instant (ISO 8601; without an offset it is UTC).", JsonSchemaType.String, "2100-01-01T00:00:00Z")
    {
        Format = "date-time",
    };

    public static ApiQueryParameter Latest { get; } = new("latest",
        "true: the page is taken from the newest end (offset counts back from the newest match); still oldest first.", JsonSchemaType.Boolean, false);

    /// <summary>The paging and filters of a message list (session or panel).</summary>
    public static IReadOnlyList<ApiQueryParameter> MessagePage { get; } = [Limit, Offset, Before, After, From, To, Latest];

    public static ApiQueryParameter TitleContains { get; } = new("q", "Only sessions whose title contains this text, case-insensitive.", JsonSchemaType.String, "trip");

    public static ApiQueryParameter SearchText { get; } = new("q",
        "What to find: words are ANDed, \"quoted phrases\" match as a whole, OR between words gives either.", JsonSchemaType.String, "hello")
    {
        Required = true,
        MinLength = 1,
    };

    public static ApiQueryParameter SearchMode { get; } = new("mode", "fulltext (default), vector or hybrid.", JsonSchemaType.String, "fulltext")
    {
        Values = ["fulltext", "vector", "hybrid"],
    };

    public static ApiQueryParameter SearchSession { get; } = new("sessionId", "Only this session of the user.", JsonSchemaType.String, ApiPathParameters.SessionIdExample);

    public static ApiQueryParameter SearchRole { get; } = new("role", "Only messages with this role.", JsonSchemaType.String, "user");

    public static ApiQueryParameter SearchEntity { get; } = new("entity",
        "Only sessions whose situational context names this entity.", JsonSchemaType.String, "Paris");

    public static ApiQueryParameter PanelType { get; } = new("type", "Only panels of this type.", JsonSchemaType.String, "multi_persona")
    {
        MinLength = 1,
    };

    public static ApiQueryParameter PersonaOwner { get; } = new("userId",
        "The user whose own personas to list before the global ones; only the global personas when absent.", JsonSchemaType.String, ApiPathParameters.UserIdExample);

    public static ApiQueryParameter PersonaText { get; } = new("q",
        "Only personas whose id, name, description or text contains this, case-insensitive.", JsonSchemaType.String, "tutor");
}
