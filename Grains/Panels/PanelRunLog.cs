using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Panels;

/// <summary>Log messages of the panel run grain (event ids 3750–3769).</summary>
internal static partial class PanelRunLog
{
    [LoggerMessage(EventId = 3750, Level = LogLevel.Warning,
        Message = "Publishing trace event {Kind} of run {RunId} of panel {PanelId} failed; the event is stored")]
    public static partial void TracePublishFailed(ILogger logger, Exception error, string panelId, string runId, string kind);

    [LoggerMessage(EventId = 3751, Level = LogLevel.Warning,
        Message = "Run {RunId} of panel {PanelId} was found running at activation with {Turns} completed turns; it is marked failed and can be resumed")]
    public static partial void RunInterrupted(ILogger logger, string panelId, string runId, int turns);

    [LoggerMessage(EventId = 3752, Level = LogLevel.Information, Message = "Run {RunId} of panel {PanelId} failed: {Error}")]
    public static partial void RunFailed(ILogger logger, string panelId, string runId, string error);

    [LoggerMessage(EventId = 3753, Level = LogLevel.Warning,
        Message = "Run {RunId} of panel {PanelId} could not be recorded as it went on; it is marked interrupted at its next activation")]
    public static partial void BackgroundRunFailed(ILogger logger, Exception error, string panelId, string runId);
}
