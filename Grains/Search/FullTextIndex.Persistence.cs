using System.Text;
using System.Text.Json;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Search;

public sealed partial class FullTextIndex
{
    /// <summary>Writes the body of a segment (docs/SEARCH.md, "Full-text segment"); compacts first so ordinals are dense.</summary>
    internal void WriteBody(SegmentWriter writer)
    {
        if (_documents.FreeCount > 0)
        {
            Compact();
        }

        writer.WriteVarUInt((ulong)Tokenizer.Options.MinWordLength);
        writer.WriteVarUInt((ulong)Tokenizer.Options.MaxTokenLength);

        writer.WriteVarUInt((ulong)_roleNames.Count);
        foreach (var role in _roleNames)
        {
            writer.WriteString(role);
        }

        var sessionIndex = new int[_sessionsByOrdinal.Count];
        var live = _sessionsByOrdinal.Where(s => s is not null).Select(s => s!).ToList();
        writer.WriteVarUInt((ulong)live.Count);
        for (var i = 0; i < live.Count; i++)
        {
            var session = live[i];
            sessionIndex[session.Ordinal] = i;
            writer.WriteString(session.Id);
            writer.WriteVarUInt((ulong)session.HighWaterMark);
            writer.WriteVarUInt((ulong)session.Entities.Count);
            foreach (var entity in session.Entities.Order(StringComparer.Ordinal))
            {
                writer.WriteString(entity);
            }
        }

        writer.WriteVarUInt((ulong)_documents.Count);
        for (var doc = 0; doc < _documents.Count; doc++)
        {
            var message = _documents.Messages[doc]!;
            writer.WriteVarUInt((ulong)sessionIndex[_documents.Sessions[doc]]);
            writer.WriteVarUInt((ulong)_documents.Roles[doc]);
            writer.WriteString(message.Id);
            writer.WriteVarUInt((ulong)message.Seq);
            writer.WriteInt64(message.Timestamp.UtcTicks);
            writer.WriteInt16((short)message.Timestamp.Offset.TotalMinutes);
            writer.WriteVarUInt((ulong)_documents.Lengths[doc]);
            writer.WriteString(message.Content);
            var attachments = message.Attachments ?? [];
            writer.WriteVarUInt((ulong)attachments.Count);
            foreach (var attachment in attachments)
            {
                writer.WriteString(attachment);
            }

            writer.WriteString(MetadataToJson(message.Metadata));
        }

        writer.WriteVarUInt((ulong)_terms.Count);
        foreach (var (term, postings) in _terms)
        {
            writer.WriteString(term);
            writer.WriteVarUInt((ulong)postings.Count);
            var previousDoc = 0;
            for (var i = 0; i < postings.Count; i++)
            {
                writer.WriteVarUInt((ulong)(postings.Documents[i] - previousDoc));
                previousDoc = postings.Documents[i];
                var positions = postings.PositionsOf(i);
                writer.WriteVarUInt((ulong)positions.Length);
                var previousPosition = 0;
                foreach (var position in positions)
                {
                    writer.WriteVarUInt((ulong)(position - previousPosition));
                    previousPosition = position;
                }
            }
        }
    }

    /// <summary>Reads a body written by <see cref="WriteBody"/>; inconsistencies throw <see cref="CorruptSegmentException"/>.</summary>
    internal static FullTextIndex ReadBody(ref SegmentReader reader, int documentCount, TokenizerOptions options, Bm25Parameters bm25)
    {
        var minWordLength = reader.ReadCount(int.MaxValue, "the minimum word length");
        var maxTokenLength = reader.ReadCount(int.MaxValue, "the maximum token length");
        if (minWordLength != options.MinWordLength || maxTokenLength != options.MaxTokenLength)
        {
            throw new TokenizerSettingsChangedException(
                $"the index was written with MinWordLength={minWordLength}, MaxTokenLength={maxTokenLength}; " +
                $"the tokenizer now has MinWordLength={options.MinWordLength}, MaxTokenLength={options.MaxTokenLength}");
        }

        var index = new FullTextIndex(options, bm25);
        var roleCount = reader.ReadCount(documentCount, "the role count");
        for (var i = 0; i < roleCount; i++)
        {
            index.InternRole(reader.ReadString());
        }

        var sessionCount = reader.ReadCount(int.MaxValue, "the session count");
        for (var i = 0; i < sessionCount; i++)
        {
            var id = reader.ReadString();
            if (id.Length == 0 || index._sessions.ContainsKey(id))
            {
                throw new CorruptSegmentException($"session {i} has an empty or repeated id '{id}'");
            }

            var session = index.GetOrAddSession(id);
            session.HighWaterMark = (long)reader.ReadVarUInt();
            var entities = reader.ReadCount(int.MaxValue, "an entity count");
            for (var e = 0; e < entities; e++)
            {
                session.Entities.Add(reader.ReadString());
            }
        }

        if (reader.ReadCount(int.MaxValue, "the document count") != documentCount)
        {
            throw new CorruptSegmentException("the body's document count differs from the header's");
        }

        for (var doc = 0; doc < documentCount; doc++)
        {
            index.ReadDocument(ref reader, roleCount);
        }

        index.ReadPostings(ref reader);
        return index;
    }

    private void ReadDocument(ref SegmentReader reader, int roleCount)
    {
        var session = _sessionsByOrdinal[reader.ReadCount(_sessionsByOrdinal.Count - 1, "a document's session")]!;
        var role = reader.ReadCount(roleCount - 1, "a document's role");
        var id = reader.ReadString();
        var seq = (long)reader.ReadVarUInt();
        var ticks = reader.ReadInt64();
        var offsetMinutes = reader.ReadInt16();
        var length = reader.ReadCount(int.MaxValue, "a document length");
        var content = reader.ReadString();
        var attachmentCount = reader.ReadCount(int.MaxValue, "an attachment count");
        var attachments = new string[attachmentCount];
        for (var a = 0; a < attachmentCount; a++)
        {
            attachments[a] = reader.ReadString();
        }

        var metadata = MetadataFromJson(reader.ReadString());
        var previousSeq = session.Documents.Count == 0 ? 0 : _documents.Messages[session.Documents[^1]]!.Seq;
        if (seq <= previousSeq || seq > session.HighWaterMark)
        {
            throw new CorruptSegmentException($"message seq {seq} of session {session.Id} is out of order or above its high-water mark {session.HighWaterMark}");
        }

        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || Math.Abs((int)offsetMinutes) > 14 * 60)
        {
            throw new CorruptSegmentException($"message seq {seq} of session {session.Id} has an impossible timestamp");
        }

        var offset = TimeSpan.FromMinutes(offsetMinutes);
        var timestamp = new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset);
        var message = new ChatMessage(id, seq, _roleNames[role], content, timestamp, attachments, metadata);
        var doc = _documents.Allocate(message, session.Ordinal, role);
        _documents.SetLength(doc, length);
        session.Documents.Add(doc);
    }

    private void ReadPostings(ref SegmentReader reader)
    {
        var documentCount = _documents.Count;
        var occurrences = new int[documentCount];
        var termCount = reader.ReadCount(int.MaxValue, "the term count");
        for (var t = 0; t < termCount; t++)
        {
            var term = reader.ReadString();
            var count = reader.ReadCount(documentCount, $"the posting count of '{term}'");
            if (count == 0 || !_terms.TryAdd(term, new PostingList()))
            {
                throw new CorruptSegmentException($"term '{term}' is empty or repeated");
            }

            var postings = _terms[term];
            var doc = -1;
            for (var i = 0; i < count; i++)
            {
                var delta = reader.ReadCount(documentCount, "a document delta");
                doc = i == 0 ? delta : doc + delta;
                if ((i > 0 && delta == 0) || doc >= documentCount)
                {
                    throw new CorruptSegmentException($"the postings of '{term}' are out of order or point past the documents");
                }

                var frequency = reader.ReadCount(_documents.Lengths[doc], "a term frequency");
                var position = -1;
                for (var p = 0; p < frequency; p++)
                {
                    var step = reader.ReadCount(int.MaxValue, "a position delta");
                    position = p == 0 ? step : position + step;
                    if ((p > 0 && step == 0) || position < 0)
                    {
                        throw new CorruptSegmentException($"the positions of '{term}' are out of order");
                    }

                    postings.Add(doc, position);
                }

                occurrences[doc] += frequency;
            }
        }

        for (var doc = 0; doc < documentCount; doc++)
        {
            if (occurrences[doc] != _documents.Lengths[doc])
            {
                throw new CorruptSegmentException($"document {doc} has length {_documents.Lengths[doc]} but {occurrences[doc]} postings");
            }
        }

        if (!reader.AtEnd)
        {
            throw new CorruptSegmentException("bytes follow the last term");
        }
    }

    private static string MetadataToJson(Dictionary<string, JsonElement>? metadata)
    {
        if (metadata is null || metadata.Count == 0)
        {
            return "";
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in metadata)
            {
                if (value.ValueKind != JsonValueKind.Undefined)
                {
                    writer.WritePropertyName(key);
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Dictionary<string, JsonElement> MetadataFromJson(string json)
    {
        var metadata = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (json.Length == 0)
        {
            return metadata;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                metadata[property.Name] = property.Value.Clone();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new CorruptSegmentException("a message's metadata is not a JSON object: " + e.Message);
        }

        return metadata;
    }
}

/// <summary>The segment was written with other tokenizer settings.</summary>
internal sealed class TokenizerSettingsChangedException(string message) : Exception(message);
