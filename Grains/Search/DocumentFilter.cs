namespace ChatDb.Grains.Search;

/// <summary>A <see cref="SearchFilter"/> resolved against one index: session ordinals, role ordinal, tick range.</summary>
internal sealed class DocumentFilter(
    DocumentTable documents, bool[]? sessions, int role, long fromTicks, long toTicks, IReadOnlyDictionary<string, string>? metadata = null)
{
    /// <summary>A filter that matches nothing (an unknown session, role or entity).</summary>
    public static DocumentFilter Nothing(DocumentTable documents) => new(documents, [], -2, 0, 0);

    public bool MatchesNothing => role == -2;

    public bool Matches(int document)
    {
        if (sessions is not null)
        {
            var session = documents.Sessions[document];
            if (session < 0 || session >= sessions.Length || !sessions[session])
            {
                return false;
            }
        }

        if (role >= 0 && documents.Roles[document] != role)
        {
            return false;
        }

        var ticks = documents.UtcTicks[document];
        return ticks >= fromTicks && ticks < toTicks
            && (metadata is null || Internal.MetadataMatch.Matches(documents.Messages[document]?.Metadata, metadata));
    }
}
