namespace ChatDb.Runtime.Storage;

/// <summary>
/// Values of the <c>operation</c> tag on <see cref="StorageInstruments"/> measurements. State and
/// log operations have distinct names because one provider name (e.g. "Default") usually
/// registers both a state store and a log store.
/// </summary>
public static class StorageOperations
{
    public const string ReadState = "read_state";
    public const string WriteState = "write_state";
    public const string ClearState = "clear_state";
    public const string LogAppend = "log_append";
    public const string LogRead = "log_read";
    public const string LogReadTail = "log_read_tail";
    public const string LogCount = "log_count";
    public const string LogClear = "log_clear";
}
