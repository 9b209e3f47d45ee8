namespace ChatDb.Storage.Ids;

/// <summary>Stable codes and human descriptions of <see cref="IdRule"/>; the codes are part of error messages.</summary>
public static class IdRules
{
    /// <summary>The stable kebab-case code of a rule, e.g. <c>leading-dot</c>.</summary>
    public static string Code(IdRule rule) => rule switch
    {
        IdRule.Empty => "not-empty",
        IdRule.TooLong => "max-length",
        IdRule.NonAscii => "ascii-only",
        IdRule.InvalidCharacter => "allowed-characters",
        IdRule.DotSegment => "no-dot-segment",
        IdRule.LeadingDot => "no-leading-dot",
        IdRule.TrailingDot => "no-trailing-dot",
        IdRule.ReservedDeviceName => "no-device-name",
        IdRule.DocumentExtension => "document-extension",
        IdRule.ReservedFileName => "reserved-file-name",
        IdRule.GeneratedIdFormat => "generated-id-format",
        IdRule.PathEscapesBase => "inside-data-directory",
        IdRule.SymbolicLink => "no-symbolic-link",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown id rule"),
    };

    /// <summary>What the rule demands, in words an operator understands.</summary>
    public static string Describe(IdRule rule) => rule switch
    {
        IdRule.Empty => "must not be empty",
        IdRule.TooLong => $"must be at most {EntityIdValidator.MaxLength} characters",
        IdRule.NonAscii => "must use ASCII characters only",
        IdRule.InvalidCharacter => "may contain only ASCII letters, digits, '_', '-' and '.'",
        IdRule.DotSegment => "must not be '.' or '..'",
        IdRule.LeadingDot => "must not start with '.'",
        IdRule.TrailingDot => "must not end with '.'",
        IdRule.ReservedDeviceName => "must not be a device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9), with or without an extension",
        IdRule.DocumentExtension => "must have exactly one extension, from Storage:AllowedDocumentExtensions",
        IdRule.ReservedFileName => "must not be the name of a file the storage keeps in that directory",
        IdRule.GeneratedIdFormat => "must have the form the storage generates (prefix_timestamp)",
        IdRule.PathEscapesBase => "must resolve to a path inside the data directory",
        IdRule.SymbolicLink => "must not pass through a symbolic link inside the data directory",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown id rule"),
    };
}
