using ChatDb.Storage.Flatfile.Locking;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Every offline command holds the data directory's lock for its whole run, so it never races a silo or
/// another command. The refusal says who holds it and what to do.
/// </summary>
public static class MaintenanceLock
{
    /// <exception cref="ConfigurationError">A silo or another command holds the lock.</exception>
    public static DataDirectoryLock Acquire(string dataDirectory, string command)
    {
        try
        {
            return DataDirectoryLock.Acquire(dataDirectory);
        }
        catch (ConfigurationError e)
        {
            throw new ConfigurationError(
                $"chatdb {command} refused: {e.Message} A running silo (or another chatdb command) holds the lock of this data directory; " +
                "stop the silo first, or use the silo's admin backup endpoint for a copy of a live directory.", e);
        }
    }
}
