using System.Text.Json.Nodes;
using ChatDb.Storage.Flatfile.Documents;

namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>
/// The on-disk format of a data directory, recorded as <c>format_version</c> in <c>system/config.json</c>.
/// A tree without the file was written before the version was recorded and is format 1. A new, empty data
/// directory gets the file at its first open. A tree of a newer format is refused: this build would misread
/// it. A change to the format bumps <see cref="Current"/> and adds the upgrade from the previous one here,
/// run at open and recorded in the file before anything of the new format can be written, so that an older
/// build refuses the tree from then on instead of misreading it (docs/STORAGE.md, "The format version").
/// </summary>
/// <remarks>
/// Format 2 adds, beside what format 1 holds: a session's edits log (<c>edits.jsonl</c>: edits, deletions,
/// redactions of messages), the trash area (<c>trash/</c>), and the <c>tokens</c>, <c>parts</c> and fork
/// fields of messages and sessions. Every format-1 file reads the same in format 2, so the upgrade from 1 only
/// records the version; a build of format 1 would show deleted and redacted messages again, hence the bump.
/// <para>
/// Format 3 adds the event logs of sessions and panels (<c>events.jsonl</c>) and the agent files: definitions
/// and their versions, run records and traces under <c>users/{user_id}/agents/</c> and <c>agents_global/</c>.
/// Every format-2 file reads the same in format 3, so the upgrade from 2 only records the version. A build of
/// format 2 knows none of the agent files: deleting a user would leave their agents, runs and traces (the
/// user's inputs and the model's answers) behind, and its export, backup and verify would pass over them, so a
/// tree holding them must be refused by it rather than half handled.
/// </para>
/// <para>
/// Format 4 adds a panel's multi-agent runs: <c>panel_sessions/{panel_id}/runs.json</c> (the run ids) and
/// <c>runs/{run_id}.json</c> with <c>runs/{run_id}.trace.jsonl</c>, and panels' <c>agents</c> field; and a user's
/// long-term memories under <c>users/{user_id}/memory/</c>: the change log <c>changes.jsonl</c> and the snapshot
/// <c>memories.json</c> (docs/MEMORY.md). Every format-3 file reads the same in format 4, so the upgrade from 3 only
/// records the version. A build of format 3 would report the new files as strays (or misread the memory directory),
/// leave the memories behind when it deletes the user, and pass over both in export, backup and verify, hence the bump.
/// </para>
/// <para>
/// Format 5 adds a user's knowledge base under <c>users/{user_id}/knowledge/</c>: <c>documents.json</c>, the uploaded
/// <c>files/</c>, the extracted <c>text/</c> and the <c>chunks/</c> (docs/RAG.md). Every format-4 file reads the same in
/// format 5, so the upgrade from 4 only records the version. A build of format 4 would report the knowledge directory
/// as outside the layout and pass over it in export, backup and verify, hence the bump.
/// </para>
/// <para>
/// Format 6 adds a user's session journal, <c>users/{user_id}/sessions.jsonl</c> (docs/STORAGE.md §6): a create is
/// acknowledged once its line there is durable, before the session's own directory is. Every format-5 file reads the
/// same in format 6, so the upgrade from 5 only records the version. A build of format 5 would report the journal as
/// outside the layout and never replay it, so a session acknowledged just before a power loss could be lost to it,
/// hence the bump.
/// </para>
/// <para>
/// Format 7 keeps the run-id lists of agents and panels as append-only logs, one <c>{"seq":N,"run_id":"..."}</c> line
/// per run: <c>users/{user_id}/agents/runs/{agent_id}.jsonl</c>, <c>global_runs/{agent_id}.jsonl</c> and
/// <c>panel_sessions/{panel_id}/runs.jsonl</c>, where format 6 kept a JSON document (<c>.json</c>) rewritten whole at
/// every run, whose cost grew with the number of runs; and an agent run answered when it ends records its start only in
/// its trace's <c>run_started</c> line (with the session and the agent version), its record file written when it waits
/// for an approval or ends. The upgrade from 6 converts every such document into its log
/// (<see cref="RunLists.UpgradeAll"/>: written whole and durably, then the document removed) before it records the
/// version, so a crash in between leaves documents that the next open converts again. A build of format 6 would not
/// see the runs recorded only in the logs (it would list none of them, and deleting the agent or user would leave
/// them behind), and would not end as interrupted a run whose start only its trace records, hence the bump.
/// </para>
/// <para>
/// Format 8 records the end of an agent run in its trace's end line (<c>run_finished</c>, <c>run_failed</c>,
/// <c>run_cancelled</c>), which carries the whole run as it ended: a run answered when it ends that never waited for an
/// approval writes no record file at all, and a run with one reads the trace's end as the newer should a crash cut off
/// the record's rewrite. Every format-7 file reads the same in format 8, so the upgrade from 7 only records the
/// version. A build of format 7 would find no record of such a run and, reading its trace's start, end it again as
/// interrupted, hence the bump.
/// </para>
/// </remarks>
public static class DataFormat
{
    /// <summary>The format this build reads and writes.</summary>
    public const int Current = 8;

    /// <summary>The field of <c>system/config.json</c> that holds the version.</summary>
    public const string VersionField = "format_version";

    /// <summary>The format of a tree that records none.</summary>
    public const int Unrecorded = 1;

    /// <summary>
    /// Reads the recorded version, refuses a newer one, and upgrades an older one (a new, empty directory and a tree
    /// that records none are format 1) to <see cref="Current"/>, which it returns. The upgrade of a tree holding run
    /// lists rewrites them (format 7); otherwise it writes <c>system/config.json</c> alone.
    /// </summary>
    /// <exception cref="ConfigurationError">The directory is of a newer format than this build reads.</exception>
    /// <exception cref="IntegrityError">
    /// <c>system/config.json</c> is not a valid document or its version is not positive, or a format-6 run list to convert is not one.
    /// </exception>
    public static int Open(FlatfileLayout layout, AtomicFile atomicFile, JsonDocumentStore documents)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(atomicFile);
        ArgumentNullException.ThrowIfNull(documents);
        var path = layout.SystemConfigFile;

        // Called once from the synchronous open of the data directory, before any grain runs.
        // A new, empty directory takes the same path as a format-1 tree: the upgrades from 1 have nothing to change.
        var config = documents.ReadAsync<SystemConfig>(path).GetAwaiter().GetResult();
        var version = config?.FormatVersion ?? Unrecorded;
        if (version < 1)
        {
            throw new IntegrityError($"'{path}': {VersionField} must be a positive integer (was {version}).");
        }

        if (version > Current)
        {
            throw new ConfigurationError(
                $"data directory '{layout.BaseDirectory}' has {VersionField} {version} ({path}); this build of ChatDb reads format {Current} and older. "
                + "Run the newer ChatDb that wrote it, or restore a backup taken in format " + Current + ".");
        }

        if (version < Current)
        {
            // Formats 1 -> 2 -> 3 -> 4 -> 5 -> 6 and 7 -> 8: each additive (see the remarks), so the upgrade is the
            // record itself. 6 -> 7 converts the run lists first; only once all are converted is the version recorded.
            if (version < RunLists.Format)
            {
                RunLists.UpgradeAll(layout, atomicFile);
            }

            RecordCurrent(path, documents, fileExists: config is not null);
        }

        return Current;
    }

    /// <summary>Sets <c>format_version</c> to <see cref="Current"/>, keeping every other field an operator put in the file.</summary>
    private static void RecordCurrent(string path, JsonDocumentStore documents, bool fileExists)
    {
        var record = (fileExists ? documents.ReadAsync<JsonObject>(path).GetAwaiter().GetResult() : null) ?? [];
        record[VersionField] = Current;
        documents.WriteAsync(path, record).GetAwaiter().GetResult();
    }
}
