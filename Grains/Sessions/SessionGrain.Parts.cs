using ChatDb.Grains.Models;
using ChatDb.Storage;
using ChatDb.Storage.Ids;

namespace ChatDb.Grains.Sessions;

/// <summary>What structured messages need from the session: their document parts name documents it holds.</summary>
public sealed partial class SessionGrain
{
    /// <summary>
    /// <paramref name="message"/> with every document part checked against the session's documents and its
    /// media type filled from the document when the caller left it out; the message itself when it has none.
    /// </summary>
    private async Task<NewMessage> ResolveDocumentPartsAsync(NewMessage message)
    {
        if (message.Parts is not { } parts || !parts.Any(part => part.Type == MessagePartTypes.Document))
        {
            return message;
        }

        var documents = (await _documents.GetAsync()).State;
        var resolved = new MessagePart[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.Type != MessagePartTypes.Document)
            {
                resolved[i] = part;
                continue;
            }

            if (!documents.TryGetValue(part.Document!, out var document))
            {
                throw new ValidationError(
                    $"{Subject}: message part {i} refers to document {IdText.Escape(part.Document)}, which the session does not have (rule 'document-exists'); save the document first.");
            }

            resolved[i] = part with { MediaType = part.MediaType ?? document.MimeType };
        }

        return message with { Parts = resolved };
    }
}
