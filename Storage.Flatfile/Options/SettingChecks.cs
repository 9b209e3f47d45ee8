using System.Globalization;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Options;

/// <summary>Collects validation failures with messages that name settings as configured (<c>Storage:Key</c>).</summary>
internal sealed class SettingChecks(string section)
{
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public string Key(string setting) => $"{section}:{setting}";

    public void Fail(string setting, string rule, string? value) =>
        _failures.Add($"{Key(setting)} {rule} (was {Show(value)}).");

    public void Fail(string setting, string rule, double value) =>
        _failures.Add($"{Key(setting)} {rule} (was {value.ToString(CultureInfo.InvariantCulture)}).");

    public void Conflict(string first, string second, string reason) =>
        _failures.Add($"{Key(first)} conflicts with {Key(second)}: {reason}.");

    public void PathName(string setting, string? value)
    {
        if (EntityIdValidator.FindViolation(value) is { } rule)
        {
            Fail(setting, $"must be a valid path name: it {IdRules.Describe(rule)} (rule '{IdRules.Code(rule)}')", value);
        }
    }

    public void Distinct(params ReadOnlySpan<(string Setting, string? Value)> siblings)
    {
        for (var i = 0; i < siblings.Length; i++)
        {
            for (var j = i + 1; j < siblings.Length; j++)
            {
                if (siblings[i].Value is { Length: > 0 } a && string.Equals(a, siblings[j].Value, StringComparison.OrdinalIgnoreCase))
                {
                    Conflict(siblings[i].Setting, siblings[j].Setting, $"both name '{a}' in the same directory");
                }
            }
        }
    }

    private static string Show(string? value) => value is null ? "null" : IdText.Escape(value);
}
