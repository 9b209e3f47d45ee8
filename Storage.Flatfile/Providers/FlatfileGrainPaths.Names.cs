using System.Globalization;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>The rules for facet names of generic grains and for file names inside collections.</summary>
public sealed partial class FlatfileGrainPaths
{
    private const string JsonExtension = ".json";

    /// <summary>
    /// A state, log or collection name of a generic grain. Besides the id rule it has no '.', so that
    /// <c>{name}.json</c>, <c>{name}.jsonl</c> and the directory <c>{name}/</c> of different facets never collide.
    /// </summary>
    private static string FacetName(string name, string kind)
    {
        EntityIdValidator.Validate(name, kind);
        if (name.Contains('.', StringComparison.Ordinal))
        {
            throw new ValidationError(
                $"{kind} {IdText.Escape(name)} is rejected by rule 'no-dot-in-facet-name': it must not contain '.', "
                + "so that {name}.json, {name}.jsonl and {name}/ of one grain stay distinct.");
        }

        return name;
    }

    /// <summary><c>{stem}.json</c> where <paramref name="validateStem"/> accepts the stem.</summary>
    private static string JsonFile(string name, string kind, Func<string, string> validateStem)
    {
        EntityIdValidator.Validate(name, kind);
        if (!name.EndsWith(JsonExtension, StringComparison.Ordinal) || name.Length == JsonExtension.Length)
        {
            throw new ValidationError($"{kind} {IdText.Escape(name)} is rejected by rule 'json-file-name': it must be {{id}}{JsonExtension}.");
        }

        validateStem(name[..^JsonExtension.Length]);
        return name;
    }

    /// <summary>
    /// <c>{document filename}.png</c>: the stem follows the id rule (a document's name does), so the name stays one safe path
    /// segment; the whole may be four characters longer than an id.
    /// </summary>
    private static string ThumbnailFile(string name)
    {
        const string Png = ".png";
        if (name is null || !name.EndsWith(Png, StringComparison.Ordinal) || name.Length == Png.Length)
        {
            throw new ValidationError($"thumbnail file {IdText.Escape(name)} is rejected by rule 'thumbnail-file-name': it must be {{document filename}}{Png}.");
        }

        EntityIdValidator.Validate(name[..^Png.Length], "thumbnail's document filename");
        return name;
    }

    private static string PersonaFile(string name) =>
        JsonFile(name, "persona file", stem => EntityIdValidator.Validate(stem, "persona id"));

    /// <summary><c>v{n}.json</c> with n ≥ 1 written without leading zeros, so each version has one name.</summary>
    private static string VersionFile(string name) => JsonFile(name, "persona version file", stem =>
    {
        var digits = stem.Length > 1 && stem[0] == 'v' ? stem[1..] : string.Empty;
        if (digits.Length == 0 || digits[0] == '0' || !digits.All(char.IsAsciiDigit) ||
            !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new ValidationError(
                $"persona version file {IdText.Escape(name)} is rejected by rule 'version-file-name': it must be v{{n}}.json with n a whole number from 1, without leading zeros.");
        }

        return stem;
    });
}
