namespace ChatDb.Grains.Models;

/// <summary>
/// The expected-ETag argument of the conditional writes (<c>...IfMatchAsync</c>): an ETag read earlier, or
/// <see cref="Any"/>; null puts no condition on the write.
/// </summary>
public static class IfMatch
{
    /// <summary>Matches whatever is stored, and fails when nothing is (HTTP <c>If-Match: *</c>): "update, never create".</summary>
    public const string Any = "*";
}
