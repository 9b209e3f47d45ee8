namespace ChatDb.Storage.Trash;

/// <summary>What a trash entry holds.</summary>
public enum TrashEntryKind
{
    /// <summary>One deleted session of a user, with its messages, documents and context.</summary>
    Session,

    /// <summary>One deleted panel, with its messages, persona snapshots and insights.</summary>
    Panel,

    /// <summary>What was left of a user deleted into the trash once its sessions had gone there: profile, personas, indexes.</summary>
    User,
}
