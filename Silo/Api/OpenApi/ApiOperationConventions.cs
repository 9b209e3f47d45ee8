namespace ChatDb.Silo.Api.OpenApi;

/// <summary>
/// What a route declares for the OpenAPI document beyond what the generator sees (docs/API.md, "Adding a route"):
/// the query parameters it reads, error statuses that the rules of <see cref="ApiErrorResponses"/> do not derive,
/// and a request example where the body's type has none of its own (maps).
/// </summary>
public static class ApiOperationConventions
{
    public static TBuilder WithQuery<TBuilder>(this TBuilder builder, params IEnumerable<ApiQueryParameter> parameters)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiQueryMetadata([.. parameters]));

    public static TBuilder WithErrors<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiErrorStatusMetadata(statuses));

    public static TBuilder WithResponseContentTypes<TBuilder>(this TBuilder builder, int status, params string[] contentTypes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiResponseContentMetadata(status, contentTypes));

    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, string json)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiRequestExampleMetadata(json));

    public static TBuilder WithPathExample<TBuilder>(this TBuilder builder, string name, string json)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiPathExampleMetadata(name, json));
}
