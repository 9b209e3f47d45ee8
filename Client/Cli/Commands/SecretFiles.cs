namespace ChatDb.Cli.Commands;

/// <summary>
/// Secrets given to a command: from a file option, else from an environment variable. Never from a plain
/// switch where it can be avoided: other users can read switches from the process list.
/// </summary>
internal static class SecretFiles
{
    /// <summary>The trimmed content of <paramref name="file"/> when given (empty is an error), else the variable's value, else null.</summary>
    public static async Task<string?> ReadAsync(string? file, string option, string variable, CancellationToken cancellationToken)
    {
        if (file is { Length: > 0 })
        {
            var text = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim();
            return text.Length > 0 ? text : throw new FormatException($"{option} '{file}' is empty.");
        }

        return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value.Trim() : null;
    }
}
