using ChatDb.Storage.Ids;

namespace ChatDb.Tests.Shared;

/// <summary>An id a caller could send that must never become a path, and the rule that rejects it.</summary>
/// <param name="Value">The id.</param>
/// <param name="Rule">The first rule it breaks.</param>
/// <param name="Description">Why it is in the corpus (shown in test names).</param>
public sealed record HostileId(string Value, IdRule Rule, string Description);

/// <summary>
/// Ids that attack the path layout: traversal, separators, control characters, look-alikes, reserved
/// names, hidden files, lengths. Every layer that turns ids into paths (layout, grains, REST, client, CLI) runs
/// this corpus; a new attack found anywhere is added here.
/// </summary>
public static class HostileIds
{
    public static IReadOnlyList<HostileId> Corpus { get; } =
    [
        new("..", IdRule.DotSegment, "parent directory"),
        new(".", IdRule.DotSegment, "current directory"),
        new("../x", IdRule.InvalidCharacter, "traversal to a sibling"),
        new("..\\x", IdRule.InvalidCharacter, "traversal with a backslash"),
        new("/etc/passwd", IdRule.InvalidCharacter, "absolute path"),
        new("a/b", IdRule.InvalidCharacter, "nested path"),
        new("a\\b", IdRule.InvalidCharacter, "backslash separator"),
        new("a\0b", IdRule.InvalidCharacter, "NUL inside"),
        new("alice\0", IdRule.InvalidCharacter, "NUL at the end"),
        new(".hidden", IdRule.LeadingDot, "hidden file"),
        new("...", IdRule.LeadingDot, "three dots"),
        new(".lock", IdRule.LeadingDot, "the lock file's name"),
        new(new string('a', 300), IdRule.TooLong, "300 characters"),
        new(new string('a', 129), IdRule.TooLong, "one over the limit"),
        new("CON", IdRule.ReservedDeviceName, "Windows console device"),
        new("nul.txt", IdRule.ReservedDeviceName, "device name with an extension"),
        new("com1", IdRule.ReservedDeviceName, "serial port, lower case"),
        new("LPT9.json", IdRule.ReservedDeviceName, "printer port with an extension"),
        new("Aux", IdRule.ReservedDeviceName, "AUX in mixed case"),
        new("prn.tar.gz", IdRule.ReservedDeviceName, "device name with two extensions"),
        new("\u0430lice", IdRule.NonAscii, "Cyrillic a look-alike"),
        new("\uFF41\uFF42\uFF43", IdRule.NonAscii, "fullwidth letters"),
        new("\uFF0E\uFF0E", IdRule.NonAscii, "fullwidth dots"),
        new("a\u200Bb", IdRule.NonAscii, "zero-width space"),
        new("\u202Eevil", IdRule.NonAscii, "right-to-left override"),
        new("e\u0301", IdRule.NonAscii, "combining accent"),
        new("\u2024\u2024", IdRule.NonAscii, "one-dot leaders"),
        new("alice.", IdRule.TrailingDot, "trailing dot"),
        new("alice ", IdRule.InvalidCharacter, "trailing space"),
        new("", IdRule.Empty, "empty"),
        new("   ", IdRule.InvalidCharacter, "only spaces"),
        new("a b", IdRule.InvalidCharacter, "space inside"),
        new("%2e%2e", IdRule.InvalidCharacter, "URL-encoded parent"),
        new("..%2fx", IdRule.InvalidCharacter, "URL-encoded traversal"),
        new("~", IdRule.InvalidCharacter, "home directory"),
        new("$HOME", IdRule.InvalidCharacter, "shell variable"),
        new("a\nb", IdRule.InvalidCharacter, "newline (log forging)"),
        new("a\rb", IdRule.InvalidCharacter, "carriage return"),
        new("a\tb", IdRule.InvalidCharacter, "tab"),
        new("a\u007Fb", IdRule.InvalidCharacter, "DEL"),
        new("*", IdRule.InvalidCharacter, "glob star"),
        new("?", IdRule.InvalidCharacter, "glob question mark"),
        new("a:b", IdRule.InvalidCharacter, "colon (NTFS stream)"),
        new("C:\\Windows", IdRule.InvalidCharacter, "drive path"),
        new("\\\\server\\share", IdRule.InvalidCharacter, "UNC path"),
        new("a|b", IdRule.InvalidCharacter, "pipe"),
        new("<x>", IdRule.InvalidCharacter, "angle brackets"),
        new("\"q\"", IdRule.InvalidCharacter, "double quotes"),
        new("a;rm -rf", IdRule.InvalidCharacter, "shell command"),
        new("file:x", IdRule.InvalidCharacter, "URI scheme"),
    ];

    /// <summary>Theory rows: the index into <see cref="Corpus"/> and its description (strings with NUL
    /// or newlines make poor test names, so the id itself is looked up by index).</summary>
    public static IEnumerable<object[]> Cases => Corpus.Select((id, index) => new object[] { index, id.Description });
}
