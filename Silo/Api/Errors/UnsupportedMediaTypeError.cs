using ChatDb.Storage;

namespace ChatDb.Silo.Api.Errors;

/// <summary>A request body came with a content type the route does not read (HTTP 415).</summary>
internal sealed class UnsupportedMediaTypeError(string message) : ValidationError(message);
