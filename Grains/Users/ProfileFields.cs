using System.Text.Json;
using ChatDb.Grains.Internal;
using ChatDb.Storage;

namespace ChatDb.Grains.Users;

/// <summary>
/// The free-form top-level fields of a profile. A field may not take the name of a named one in any
/// spelling (<c>user_id</c>, <c>userId</c>, <c>UserID</c>...): the REST API spells names in camelCase and
/// profile.json in snake_case, so <c>"created_at"</c> sent over REST would otherwise sit beside the real
/// <c>created_at</c> in the file and change the profile's time when it is read back.
/// </summary>
internal static class ProfileFields
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "userid", "displayname", "createdat", "updatedat", "preferences", "data",
    };

    public static Dictionary<string, JsonElement>? Validate(Dictionary<string, JsonElement>? fields, string subject)
    {
        if (fields is null || fields.Count == 0)
        {
            return null;
        }

        foreach (var name in fields.Keys)
        {
            if (Reserved.Contains(Normalize(name)))
            {
                throw new ValidationError(
                    $"{subject}: the field '{name}' is rejected by rule 'reserved-profile-field': it names a field ChatDb sets or names itself (user_id, display_name, created_at, updated_at, preferences, data).");
            }
        }

        return JsonMaps.Copy(fields);
    }

    /// <summary>Merges a patch's fields into the stored ones (JSON null removes a field); null when none are left.</summary>
    public static Dictionary<string, JsonElement>? Merge(Dictionary<string, JsonElement>? current, Dictionary<string, JsonElement>? patch, string subject)
    {
        var merged = JsonMaps.Merge(current ?? [], Validate(patch, subject));
        return merged.Count == 0 ? null : merged;
    }

    private static string Normalize(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
