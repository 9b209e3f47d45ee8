namespace ChatDb.Storage.Retention;

/// <summary>What retention proposes for one entity.</summary>
public enum RetentionAction
{
    ArchiveSession,
    DeleteSession,
    DeleteInsight,
}
