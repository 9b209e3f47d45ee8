using ChatDb.Storage;
using Microsoft.Extensions.Options;

namespace ChatDb.Silo;

/// <summary>Turns the errors that stop a silo from starting into one line for an operator, without a stack trace.</summary>
internal static class StartupFailure
{
    /// <summary>The message to show, or null for an exception that is a bug and should surface as such.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException e => string.Join(" ", e.Failures),
        AggregateException e when e.InnerExceptions.All(inner => Describe(inner) is not null) =>
            string.Join(" ", e.InnerExceptions.Select(inner => Describe(inner))),
        StorageError e => e.Message,
        ArgumentException e when e.ParamName is null => e.Message,
        // The configuration binder's message names the setting ("...value at 'Storage:Durability' to type..."); the inner one does not.
        InvalidOperationException { InnerException: { } inner } e when Describe(inner) is { } message => $"{e.Message} {message}",
        IOException e => e.Message,
        FormatException e => e.Message,
        _ => null,
    };
}
