using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChatDb.Storage.Options;

/// <summary>
/// Rejects chat limits that cannot work, at start-up, with one message per problem that names the setting as
/// it is configured (<c>Storage:MaxMessageSizeBytes</c>), the bad value, and for conflicts both settings.
/// Given the configuration section, it also refuses settings that were removed (<see cref="RemovedSettings"/>),
/// so a key that would silently do nothing stops the process instead.
/// </summary>
public sealed class ChatLimitsOptionsValidator : IValidateOptions<ChatLimitsOptions>
{
    private static readonly SearchValues<char> LettersAndDigits =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    private readonly IConfiguration? _section;

    /// <param name="section">The <c>Storage</c> section the options are bound from; null checks the values only.</param>
    public ChatLimitsOptionsValidator(IConfiguration? section = null) => _section = section;

    public ValidateOptionsResult Validate(string? name, ChatLimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = _section is null ? [] : [.. RemovedSettings.FindIn(_section, ChatLimitsOptions.SectionName)];
        failures.AddRange(FindProblems(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem with <paramref name="options"/>; empty when they are valid.</summary>
    public static IReadOnlyList<string> FindProblems(ChatLimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(failures, nameof(options.MaxMessageSizeBytes), options.MaxMessageSizeBytes);
        Positive(failures, nameof(options.MaxDocumentSizeBytes), options.MaxDocumentSizeBytes);
        Positive(failures, nameof(options.MaxMessagesPerSession), options.MaxMessagesPerSession);
        Positive(failures, nameof(options.MaxMessagesPerBatch), options.MaxMessagesPerBatch);
        Positive(failures, nameof(options.MaxSessionsPerUser), options.MaxSessionsPerUser);
        Positive(failures, nameof(options.MaxContextHistorySnapshots), options.MaxContextHistorySnapshots);
        Positive(failures, nameof(options.MessagePaginationDefaultLimit), options.MessagePaginationDefaultLimit);
        Positive(failures, nameof(options.SessionListDefaultLimit), options.SessionListDefaultLimit);
        Positive(failures, nameof(options.PanelMaxPersonas), options.PanelMaxPersonas);
        Positive(failures, nameof(options.PanelInsightRetentionDays), options.PanelInsightRetentionDays);
        Positive(failures, nameof(options.ContextSummaryMaxLength), options.ContextSummaryMaxLength);
        Positive(failures, nameof(options.ContextKeyPointsMaxCount), options.ContextKeyPointsMaxCount);
        if (!(options.ContextConfidenceThreshold is >= 0.0 and <= 1.0))
        {
            failures.Add($"{Key(nameof(options.ContextConfidenceThreshold))} must be between 0 and 1 (was {options.ContextConfidenceThreshold.ToString(CultureInfo.InvariantCulture)}).");
        }

        AtMost(failures, nameof(options.MessagePaginationDefaultLimit), options.MessagePaginationDefaultLimit,
            nameof(options.MaxMessagesPerSession), options.MaxMessagesPerSession);
        AtMost(failures, nameof(options.SessionListDefaultLimit), options.SessionListDefaultLimit,
            nameof(options.MaxSessionsPerUser), options.MaxSessionsPerUser);
        CheckExtensions(failures, options.AllowedDocumentExtensions);
        return failures;
    }

    /// <summary>Throws a <see cref="ConfigurationError"/> listing every problem; for tools that run without a host.</summary>
    public static void EnsureValid(ChatLimitsOptions options)
    {
        var failures = FindProblems(options);
        if (failures.Count > 0)
        {
            throw new ConfigurationError("Invalid storage configuration: " + string.Join(" ", failures));
        }
    }

    private static void CheckExtensions(List<string> failures, IList<string>? extensions)
    {
        var setting = nameof(ChatLimitsOptions.AllowedDocumentExtensions);
        if (extensions is null)
        {
            failures.Add($"{Key(setting)} must be a list of extensions such as .pdf (was null).");
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < extensions.Count; i++)
        {
            var extension = extensions[i];
            var item = $"{setting}:{i}";
            if (string.IsNullOrEmpty(extension) || extension.Length < 2 || extension[0] != '.' ||
                extension.AsSpan(1).ContainsAnyExcept(LettersAndDigits))
            {
                failures.Add($"{Key(item)} must be '.' followed by ASCII letters or digits (e.g. .pdf) (was {Show(extension)}).");
            }
            else if (!seen.Add(extension))
            {
                failures.Add($"{Key(item)} repeats an extension already listed (was {Show(extension)}).");
            }
        }
    }

    private static void Positive(List<string> failures, string setting, long value)
    {
        if (value <= 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(setting)} must be positive (was {value})."));
        }
    }

    private static void AtMost(List<string> failures, string setting, long value, string limitSetting, long limit)
    {
        if (value > 0 && limit > 0 && value > limit)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Key(setting)} conflicts with {Key(limitSetting)}: the default {value} exceeds the maximum {limit}."));
        }
    }

    private static string Key(string setting) => $"{ChatLimitsOptions.SectionName}:{setting}";

    /// <summary>Quoted, with anything outside printable ASCII escaped, so a value can never forge a line of the message.</summary>
    private static string Show(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var shown = new StringBuilder().Append('"');
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                shown.Append(c);
            }
        }

        return shown.Append('"').ToString();
    }
}
