namespace ChatDb.Storage.Ids;

/// <summary>
/// The rules an id or path must satisfy before it becomes part of a path. Each rule has a stable code
/// (<see cref="IdRules.Code"/>) that appears in every <see cref="ValidationError"/> message.
/// </summary>
public enum IdRule
{
    /// <summary>Null, empty.</summary>
    Empty,

    /// <summary>Longer than <see cref="EntityIdValidator.MaxLength"/> characters.</summary>
    TooLong,

    /// <summary>Contains a character outside ASCII (look-alikes such as Cyrillic 'а' or fullwidth forms).</summary>
    NonAscii,

    /// <summary>Contains an ASCII character other than letters, digits, '_', '-', '.'.</summary>
    InvalidCharacter,

    /// <summary>Is "." or "..".</summary>
    DotSegment,

    /// <summary>Starts with '.', which would make a hidden file and collide with the lock and temp files.</summary>
    LeadingDot,

    /// <summary>Ends with '.', which Windows strips silently, so two ids would name one file.</summary>
    TrailingDot,

    /// <summary>A Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9), with or without an extension.</summary>
    ReservedDeviceName,

    /// <summary>A document filename without exactly one extension from the allowed list.</summary>
    DocumentExtension,

    /// <summary>A document filename that is the name of a file the layout itself keeps in the same directory.</summary>
    ReservedFileName,

    /// <summary>A generated id (session, panel, context, insight) that does not have the generated form.</summary>
    GeneratedIdFormat,

    /// <summary>The combined path resolves outside the data directory.</summary>
    PathEscapesBase,

    /// <summary>A component between the data directory and the target is a symbolic link.</summary>
    SymbolicLink,
}
