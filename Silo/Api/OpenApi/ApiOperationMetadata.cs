namespace ChatDb.Silo.Api.OpenApi;

/// <summary>The query parameters a route reads (<see cref="ApiOperationConventions.WithQuery"/>).</summary>
public sealed record ApiQueryMetadata(IReadOnlyList<ApiQueryParameter> Parameters);

/// <summary>Error statuses a route answers besides those <see cref="ApiErrorResponses"/> derives (<see cref="ApiOperationConventions.WithErrors"/>).</summary>
public sealed record ApiErrorStatusMetadata(IReadOnlyList<int> Statuses);

/// <summary>A request body that works against a live silo (<see cref="ApiOperationConventions.WithRequestExample"/>).</summary>
public sealed record ApiRequestExampleMetadata(string Json);

/// <summary>
/// Media types of a response that the framework's <c>Produces</c> cannot name, such as <c>*/*</c> for a document
/// served with its stored type (<see cref="ApiOperationConventions.WithResponseContentTypes"/>).
/// </summary>
public sealed record ApiResponseContentMetadata(int Status, IReadOnlyList<string> ContentTypes);

/// <summary>
/// A path parameter example of one route in place of the one <see cref="ApiPathParameters"/> gives every route
/// (<see cref="ApiOperationConventions.WithPathExample"/>), where the examples must name different records.
/// </summary>
public sealed record ApiPathExampleMetadata(string Name, string Json);
