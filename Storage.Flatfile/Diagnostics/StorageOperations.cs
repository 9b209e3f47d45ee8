namespace ChatDb.Storage.Flatfile.Diagnostics;

/// <summary>
/// Values of the <c>operation</c> tag on <see cref="StorageInstruments"/> measurements. State, log and file
/// operations have distinct names because one provider name (e.g. "Default") registers all three.
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
    public const string LogRewrite = "log_rewrite";
    public const string FileWrite = "file_write";
    public const string FileRead = "file_read";
    public const string FileList = "file_list";
    public const string FileDelete = "file_delete";
    public const string FileDeleteAll = "file_delete_all";
}
