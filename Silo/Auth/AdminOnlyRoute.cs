namespace ChatDb.Silo.Auth;

/// <summary>
/// Endpoint metadata: only <c>admin</c> keys may call this route, even though its path is under
/// <c>/users/{userId}</c> (where routes are normally open to that user's key). For routes that also write
/// outside that user's data, such as publishing a user's persona as a global one, or copying it into another
/// user's personas. Outweighs a <see cref="UserScopedRoute"/> marker on the same endpoint.
/// </summary>
public sealed class AdminOnlyRoute
{
    public static AdminOnlyRoute Instance { get; } = new();

    private AdminOnlyRoute()
    {
    }
}
