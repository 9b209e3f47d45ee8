namespace ChatDb.Storage.Diagnostics;

/// <summary>
/// Values of the <c>operation</c> tag on <see cref="StorageInstruments"/> measurements. Log and file
/// operations have distinct names because one provider name (e.g. "Default") registers both. State
/// operations are not among them: Orleans' own state bridge measures those (<c>orleans-storage-*</c>).
/// </summary>
public static class StorageOperations
{
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
