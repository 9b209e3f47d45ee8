using ChatDb.Storage;
using System.Reflection;
using ChatDb.Runtime.Networking;
using ChatDb.Runtime.Storage;

namespace ChatDb.Runtime.Client;

/// <summary>An exception type the application allows the client to rebuild from error frames.</summary>
public sealed record RemoteExceptionRegistration(Type ExceptionType);

/// <summary>
/// Rebuilds error frames into exceptions. Only allow-listed types are created (never a type named by the
/// wire alone): the storage errors, the runtime's own, a few framework exceptions and the types the
/// application registered. Everything else becomes a <see cref="GrainCallException"/>.
/// </summary>
internal sealed class RemoteExceptionFactory
{
    private readonly Dictionary<string, Func<string, Exception>> _factories = new(StringComparer.Ordinal);

    public RemoteExceptionFactory(IEnumerable<RemoteExceptionRegistration> registrations)
    {
        Type[] builtIn =
        [
            typeof(StorageError), typeof(NotFoundError), typeof(ValidationError), typeof(IntegrityError), typeof(ConfigurationError),
            typeof(StorageLimitExceeded), typeof(InconsistentStateException), typeof(TimeoutException), typeof(ArgumentException),
            typeof(InvalidOperationException), typeof(NotSupportedException), typeof(KeyNotFoundException),
        ];
        foreach (var type in builtIn.Concat(registrations.Select(r => r.ExceptionType)))
        {
            _factories[type.FullName!] = CreateFactory(type);
        }

        // Their one-string constructors take a parameter name, not a message.
        _factories[typeof(ArgumentNullException).FullName!] = static message => new ArgumentNullException(null, message);
        _factories[typeof(ArgumentOutOfRangeException).FullName!] = static message => new ArgumentOutOfRangeException(null, message);
    }

    public Exception Create(string? typeName, string? message, IReadOnlyDictionary<string, string?>? details = null)
    {
        message ??= string.Empty;
        if (typeName is not null && details is not null && RemoteErrorDetails.Rebuild(typeName, message, details) is { } rebuilt)
        {
            return rebuilt;
        }

        return typeName is not null && _factories.TryGetValue(typeName, out var factory)
            ? factory(message)
            : new GrainCallException(typeName ?? "(unknown)", message);
    }

    /// <summary>Checks at registration that <paramref name="type"/> can be rebuilt: an exception with a public (string message) constructor.</summary>
    public static Func<string, Exception> CreateFactory(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!typeof(Exception).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new ArgumentException($"{type} is not a concrete exception type.", nameof(type));
        }

        var constructor = type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string)])
            ?? throw new ArgumentException($"{type} has no public constructor taking a single string message; the client cannot rebuild it.", nameof(type));
        return message => (Exception)constructor.Invoke([message]);
    }
}
