using System.Globalization;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Options;
using ChatDb.Storage.Sessions;
using Microsoft.Extensions.Options;

namespace ChatDb.Silo.Api.Http;

/// <summary>
/// The checks every request passes at the door, before any grain is called: ids from the route follow
/// the storage's id rules (a hostile id is a 400 and activates nothing), and bodies have per-route limits
/// derived from the chat limits.
/// </summary>
internal sealed class ApiRules
{
    /// <summary>JSON bodies may be this much larger than the largest message (JSON escaping, metadata, framing).</summary>
    public const int JsonBodyFactor = 2;

    /// <summary>The smallest JSON body limit, so tiny configured message limits still leave room for a valid request.</summary>
    public const long MinJsonBodyBytes = 64 * 1024;

    private readonly ChatLimitsOptions _options;
    private readonly EntityIdFormat _format;
    private readonly IReadOnlyList<string> _reservedDocumentNames;

    public ApiRules(IOptions<ChatLimitsOptions> options, EntityIdFormat format, IDocumentLocations documents, IOptions<ChatDbApiOptions> api)
    {
        _options = options.Value;
        MaxPageSize = api.Value.MaxPageSize;
        _format = format;
        _reservedDocumentNames = documents.ReservedFilenames;
        JsonBody = new BodyLimit(
            Math.Max(MinJsonBodyBytes, JsonBodyFactor * _options.MaxMessageSizeBytes),
            $"{JsonBodyFactor} x {ChatLimitsOptions.SectionName}:{nameof(ChatLimitsOptions.MaxMessageSizeBytes)}");
        Document = new BodyLimit(
            _options.MaxDocumentSizeBytes,
            $"{ChatLimitsOptions.SectionName}:{nameof(ChatLimitsOptions.MaxDocumentSizeBytes)}");
    }

    public BodyLimit JsonBody { get; }

    /// <summary>A batch of messages may be as large as its largest allowed count of single-message bodies.</summary>
    public BodyLimit BatchJsonBody => new(
        JsonBody.Bytes * _options.MaxMessagesPerBatch,
        $"{ChatLimitsOptions.SectionName}:{nameof(ChatLimitsOptions.MaxMessagesPerBatch)} x {JsonBody.Name}");

    public BodyLimit Document { get; }

    /// <summary>The largest page a list or search route returns (<see cref="ChatDbApiOptions.MaxPageSize"/>).</summary>
    public int MaxPageSize { get; }

    /// <summary>The <c>limit</c> query parameter, null when absent; above <see cref="MaxPageSize"/> it is a 400 naming the cap.</summary>
    public int? PageSize(HttpRequest request) => QueryArgs.Int(request, "limit") switch
    {
        > 0 and var limit when limit > MaxPageSize => throw new ValidationError(string.Create(CultureInfo.InvariantCulture,
            $"query parameter 'limit' = {limit} is above the largest page, {ChatDbApiOptions.SectionName}:{nameof(ChatDbApiOptions.MaxPageSize)} = {MaxPageSize}; page with offset or the seq cursors.")),
        var limit => limit,
    };

    public string UserId(string? id) => EntityIdValidator.Validate(id, "user id");

    public string PersonaId(string? id) => EntityIdValidator.Validate(id, "persona id");

    public string SessionId(string? id) => _format.Validate(GeneratedIdKind.Session, id);

    public string PanelId(string? id) => _format.Validate(GeneratedIdKind.Panel, id);

    public string DocumentFilename(string? filename) =>
        DocumentFilenameValidator.Validate(filename, _options.AllowedDocumentExtensions, _reservedDocumentNames);
}
