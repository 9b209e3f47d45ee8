namespace ChatDb.Storage.Ids;

/// <summary>
/// The rule for uploaded document filenames: the id rule of <see cref="EntityIdValidator"/>, plus exactly
/// one '.' that starts an extension from the allowed list (compared case-insensitively), so
/// <c>report.pdf</c> passes while <c>report</c>, <c>invoice.exe.pdf</c> and <c>a.tar.gz</c> do not;
/// and never the name of a file the layout keeps next to the documents (the metadata file).
/// </summary>
public static class DocumentFilenameValidator
{
    /// <summary>The first rule <paramref name="filename"/> breaks, or null when it is valid.</summary>
    public static IdRule? FindViolation(
        string? filename,
        IEnumerable<string> allowedExtensions,
        IEnumerable<string>? reservedFileNames = null) =>
        FindViolation(filename, allowedExtensions, reservedFileNames, out _);

    /// <summary>Returns <paramref name="filename"/> when valid; otherwise throws a <see cref="ValidationError"/>
    /// naming the escaped filename and the rule.</summary>
    public static string Validate(
        string? filename,
        IEnumerable<string> allowedExtensions,
        IEnumerable<string>? reservedFileNames = null)
    {
        ArgumentNullException.ThrowIfNull(allowedExtensions);
        var rule = FindViolation(filename, allowedExtensions, reservedFileNames, out var detail);
        if (rule is { } broken)
        {
            throw EntityIdValidator.Rejected("document filename", filename, broken, detail);
        }

        return filename!;
    }

    private static IdRule? FindViolation(
        string? filename,
        IEnumerable<string> allowedExtensions,
        IEnumerable<string>? reservedFileNames,
        out string? detail)
    {
        ArgumentNullException.ThrowIfNull(allowedExtensions);
        var idRule = EntityIdValidator.FindViolation(filename, out detail);
        if (idRule is not null)
        {
            return idRule;
        }

        var name = filename!;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var allowed = allowedExtensions as ICollection<string> ?? [.. allowedExtensions];
        if (dot < 0 || dot != name.LastIndexOf('.') || !allowed.Contains(name[dot..], StringComparer.OrdinalIgnoreCase))
        {
            detail = $"allowed: {string.Join(", ", allowed)}";
            return IdRule.DocumentExtension;
        }

        if (reservedFileNames is not null && reservedFileNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return IdRule.ReservedFileName;
        }

        return null;
    }
}
