using Microsoft.Extensions.Logging;

namespace ChatDb.Runtime;

/// <summary>Runtime log messages; event ids 1000-1999 belong to the runtime.</summary>
internal sealed partial class RuntimeLog(ILogger logger)
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Activation of grain {GrainId} ({GrainClass}) failed; the caller gets the error and the next call tries again")]
    public partial void ActivationFailed(Exception error, GrainId grainId, string grainClass);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Deactivation of grain {GrainId} did not complete cleanly ({Reason})")]
    public partial void DeactivationFailed(Exception error, GrainId grainId, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Grain {GrainId} deactivated ({Reason})")]
    public partial void Deactivated(GrainId grainId, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "A timer callback of grain {GrainId} failed; the timer keeps running")]
    public partial void TimerCallbackFailed(Exception error, GrainId grainId);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Silo started with {GrainClassCount} grain classes")]
    public partial void SiloStarted(int grainClassCount);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Silo stopping: deactivating {ActivationCount} activations")]
    public partial void SiloStopping(int activationCount);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Silo stopped before {ActivationCount} activations finished their requests and deactivated")]
    public partial void ShutdownIncomplete(int activationCount);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Silo stopped")]
    public partial void SiloStopped();

    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug, Message = "Idle collection scanned {ActivationCount} activations")]
    public partial void CollectionScanned(int activationCount);
}
