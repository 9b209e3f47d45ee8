using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Json;
using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Maintenance;

// Repair: only changes that lose no readable record. Torn tails are cut by the log engine itself (kept in
// .corrupt), indexes rebuilt, temp files and scratch directories removed, derived indexes deleted for the
// grains to rebuild, a missing session.json rebuilt from its directory name and messages.
public sealed partial class VerifyEngine
{
    /// <summary>Verifies, repairs what is repairable, and verifies again; holds the lock throughout.</summary>
    public async Task<RepairReport> RepairAsync(CancellationToken cancellationToken = default)
    {
        FlatfileStorageOptionsValidator.EnsureValid(_options);
        EnsureExists();
        using var held = MaintenanceLock.Acquire(_options.StorageBasePath, "verify --repair");
        return await Task.Run(async () =>
        {
            var before = Verify(cancellationToken);
            var actions = new List<RepairAction>();
            var unsafeLogs = before.Problems.Where(p => p.Kind is ProblemKind.CorruptRecord or ProblemKind.SequenceGap)
                .Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
            var reopened = new HashSet<string>(StringComparer.Ordinal);
            foreach (var problem in before.Problems.Where(p => p.Repairable))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var action = await RepairOneAsync(problem, unsafeLogs, reopened, cancellationToken).ConfigureAwait(false);
                if (action is not null)
                {
                    actions.Add(new RepairAction(problem.Kind, problem.Path, action));
                }
            }

            return new RepairReport(actions, before, Verify(cancellationToken));
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> RepairOneAsync(VerifyProblem problem, HashSet<string> unsafeLogs, HashSet<string> reopened, CancellationToken cancellationToken)
    {
        switch (problem.Kind)
        {
            case ProblemKind.TornTail or ProblemKind.StaleLogIndex:
                var log = problem.Kind == ProblemKind.StaleLogIndex ? problem.Path[..^".idx".Length] : problem.Path;
                if (!File.Exists(log))
                {
                    File.Delete(problem.Path);
                    return "deleted the index of a log that does not exist";
                }

                if (unsafeLogs.Contains(log))
                {
                    if (problem.Kind != ProblemKind.StaleLogIndex)
                    {
                        return null;
                    }

                    File.Delete(problem.Path);
                    return "deleted the stale index (the log has other damage; the index is rebuilt once the log is restored)";
                }

                if (!reopened.Add(log))
                {
                    return "see the repair of the same log above";
                }

                var options = new AppendLogOptions { FsyncOnCommit = _options.Durability == Durability.Fsync, TimeProvider = _timeProvider };
                var opened = await AppendLog.OpenAsync(log, options, cancellationToken).ConfigureAwait(false);
                await opened.DisposeAsync().ConfigureAwait(false);
                return problem.Kind == ProblemKind.TornTail
                    ? $"cut the torn tail into '{log}.corrupt' and rebuilt the index"
                    : "rebuilt the index from the log";
            case ProblemKind.StaleDerivedIndex when Path.GetFileName(problem.Path) == SessionIndexRebuild.FileName:
                // Only this file holds the index's own updated_at of each session: rewrite it, never delete it.
                await SessionIndexRebuild.RebuildAsync(Path.GetDirectoryName(Path.GetDirectoryName(problem.Path))!, _options, cancellationToken).ConfigureAwait(false);
                return "rebuilt the session index from the session directories (entries of existing sessions kept)";
            case ProblemKind.StrayTempFile or ProblemKind.StaleDerivedIndex:
                File.Delete(problem.Path);
                return problem.Kind == ProblemKind.StrayTempFile ? "deleted the temp file" : "deleted the derived index; the grains rebuild it";
            case ProblemKind.InterruptedRestore:
                if (!Directory.Exists(problem.Path))
                {
                    return null;
                }

                RestoreSwap.RecoverPending(Path.GetDirectoryName(problem.Path)!, _options.Durability == Durability.Fsync);
                return "finished the interrupted restore (rolled forward: the restored entries are in place, the old ones deleted)";
            case ProblemKind.StagingLeftover:
                Directory.Delete(problem.Path, recursive: true);
                return "deleted the scratch directory";
            case ProblemKind.ArchiveLeftover:
                var plain = problem.Path[..^ArchivedSessions.ArchiveExtension.Length];
                if (CountLines(ArchivedSessions.OpenRead(plain)!) < CountLines(new System.IO.Compression.GZipStream(File.OpenRead(problem.Path), System.IO.Compression.CompressionMode.Decompress)))
                {
                    return null;
                }

                File.Delete(problem.Path);
                return "deleted the archive; the plain log holds all its records";
            case ProblemKind.JournaledSession:
                return RepairJournaledSession(problem);
            case ProblemKind.MissingFile when problem.Path.EndsWith(Path.DirectorySeparatorChar + _options.SessionMetadataFilename, StringComparison.Ordinal):
                await RebuildSessionMetadataAsync(problem.Path, cancellationToken).ConfigureAwait(false);
                return "rebuilt session.json from the directory name and the messages (title \"Recovered session\")";
            default:
                return null;
        }
    }

    private async Task RebuildSessionMetadataAsync(string path, CancellationToken cancellationToken)
    {
        var sessionDirectory = Path.GetDirectoryName(path)!;
        var sessionId = Path.GetFileName(sessionDirectory);
        var userId = Path.GetFileName(Path.GetDirectoryName(sessionDirectory))!;
        _options.IdFormat().TryParse(GeneratedIdKind.Session, sessionId, out var createdAt);
        var updatedAt = createdAt;
        var messages = ArchivedSessions.OpenRead(Path.Join(sessionDirectory, _options.MessagesFilename));
        if (messages is not null)
        {
            using (messages)
            using (var reader = new LineReader(messages))
            {
                while (reader.TryReadLine(out var line, out _, out var terminated))
                {
                    if (terminated && TryTimestamp(line, out var timestamp) && timestamp > updatedAt)
                    {
                        updatedAt = timestamp;
                    }
                }
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 2, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var converter = new UtcDateTimeOffsetConverter();
            writer.WriteStartObject();
            writer.WriteString("id", sessionId);
            writer.WriteString("user_id", userId);
            writer.WriteString("title", "Recovered session");
            writer.WritePropertyName("created_at");
            converter.Write(writer, createdAt, StorageJson.Documents);
            writer.WritePropertyName("updated_at");
            converter.Write(writer, updatedAt, StorageJson.Documents);
            writer.WriteStartObject("metadata");
            writer.WriteString("recovered_by", "chatdb verify --repair");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        _schema.Validate(RecordKind.Session, path, buffer.WrittenSpan);
        await new AtomicFile(_options).WriteAllBytesAsync(path, buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private static bool TryTimestamp(ReadOnlySpan<byte> line, out DateTimeOffset timestamp)
    {
        timestamp = default;
        try
        {
            var reader = new Utf8JsonReader(line);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTimestamp = reader.ValueTextEquals("timestamp"u8);
                reader.Read();
                if (isTimestamp && reader.TokenType == JsonTokenType.String)
                {
                    return DateTimeOffset.TryParse(reader.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out timestamp);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A line that does not parse has no timestamp to offer.
        }

        return false;
    }

    private static long CountLines(Stream stream)
    {
        using (stream)
        using (var reader = new LineReader(stream))
        {
            var lines = 0L;
            while (reader.TryReadLine(out _, out _, out var terminated) && terminated)
            {
                lines++;
            }

            return lines;
        }
    }
}
