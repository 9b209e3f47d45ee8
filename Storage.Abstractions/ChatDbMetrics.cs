using System.Diagnostics.Metrics;

namespace ChatDb.Storage;

/// <summary>
/// The <c>ChatDb</c> meter (docs/OPERATIONS.md, "Metrics"): the instruments of the storage, the chat event streams and
/// the audit log. Recording costs a check of a flag while nothing listens (no OpenTelemetry exporter configured).
/// </summary>
public static class ChatDbMetrics
{
    public const string MeterName = "ChatDb";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Records appended to append logs (messages, edits, events, traces, audit), counted when durable or written.</summary>
    public static Counter<long> LogRecordsAppended { get; } =
        Meter.CreateCounter<long>("chatdb.storage.log.records_appended", "{record}", "Records appended to the storage's append logs.");

    /// <summary>Group commits of append logs: one write (and at most one fsync) each.</summary>
    public static Counter<long> LogCommits { get; } =
        Meter.CreateCounter<long>("chatdb.storage.log.commits", "{commit}", "Group commits of the append logs (one write, at most one fsync each).");

    /// <summary>Time one fsync of a log or of an atomically written file took.</summary>
    public static Histogram<double> FsyncDuration { get; } =
        Meter.CreateHistogram<double>("chatdb.storage.fsync.duration", "s", "Time an fsync of a storage file took.");

    /// <summary>Files replaced or created by an atomic write (temp file, fsync, rename): grain states, documents, indexes.</summary>
    public static Counter<long> AtomicWrites { get; } =
        Meter.CreateCounter<long>("chatdb.storage.atomic_writes", "{file}", "Files written atomically (temp file and rename).");

    /// <summary>Chat events published on the event streams (session and panel events).</summary>
    public static Counter<long> EventsPublished { get; } =
        Meter.CreateCounter<long>("chatdb.streams.events_published", "{event}", "Chat events published on the event streams.");
}
