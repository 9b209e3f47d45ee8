using System.Diagnostics.CodeAnalysis;
using ChatDb.Storage.Ids;

namespace ChatDb.Silo.Auth;

/// <summary>
/// What an API key may reach: everything (<c>admin</c>), or one user's routes (<c>user:{userId}</c>).
/// The user id follows the storage's id rule, so a scope can only ever name a real user directory, and it
/// is compared with the route's user id ordinally: <c>user:alice</c> does not reach <c>/users/Alice</c>.
/// </summary>
public sealed record ApiScope
{
    public const string AdminText = "admin";

    public const string UserPrefix = "user:";

    private ApiScope(string? userId) => UserId = userId;

    public static ApiScope Admin { get; } = new((string?)null);

    /// <summary>The only user this scope reaches; null for <see cref="Admin"/>.</summary>
    public string? UserId { get; }

    public bool IsAdmin => UserId is null;

    public static ApiScope User(string userId) => new(EntityIdValidator.Validate(userId, "user id of an API key scope"));

    /// <summary>Reads <c>admin</c> or <c>user:{userId}</c> (exact spelling); the error says which rule the text breaks.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ApiScope? scope, [NotNullWhen(false)] out string? error)
    {
        scope = null;
        error = null;
        if (text == AdminText)
        {
            scope = Admin;
            return true;
        }

        if (text is null || !text.StartsWith(UserPrefix, StringComparison.Ordinal))
        {
            error = $"must be '{AdminText}' or '{UserPrefix}{{userId}}' (was '{text}')";
            return false;
        }

        var userId = text[UserPrefix.Length..];
        if (EntityIdValidator.FindViolation(userId) is { } rule)
        {
            error = "names a " + EntityIdValidator.Rejected("user id", userId, rule).Message;
            return false;
        }

        scope = new ApiScope(userId);
        return true;
    }

    public override string ToString() => UserId is null ? AdminText : UserPrefix + UserId;
}
