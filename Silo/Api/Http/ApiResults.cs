using System.Text.Json.Serialization.Metadata;
using ChatDb.Silo.Api.Errors;

namespace ChatDb.Silo.Api.Http;

/// <summary>JSON responses written with the source-generated metadata of the wire types.</summary>
internal static class ApiResults
{
    public static IResult Ok<T>(T value, JsonTypeInfo<T> typeInfo) => Results.Json(value, typeInfo);

    /// <summary>201 with a Location header pointing at the new resource.</summary>
    public static IResult Created<T>(HttpContext context, string location, T value, JsonTypeInfo<T> typeInfo)
    {
        context.Response.Headers.Location = location;
        return Results.Json(value, typeInfo, statusCode: StatusCodes.Status201Created);
    }

    public static IResult Error(int status, ApiError error) =>
        Results.Json(error, ApiJsonContext.Default.ApiError, statusCode: status);

    /// <summary>404 for a read of something that does not exist (the grains return null rather than throwing).</summary>
    public static IResult NotFound(string message) =>
        Error(StatusCodes.Status404NotFound, new ApiError(ApiErrorKinds.NotFound, message));
}
