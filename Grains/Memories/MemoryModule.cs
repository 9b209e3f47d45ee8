using ChatDb.Grains.Modules;

namespace ChatDb.Grains.Memories;

/// <summary>memory: a user's long-term memories (docs/MEMORY.md), recalled into agent prompts and extracted from sessions.</summary>
public static class MemoryModule
{
    public static ChatModule Descriptor { get; } = new(ChatModuleNames.Memory, "1.0.0",
        "Long-term memories per user: add, recall, extract from sessions; agents recall them into prompts.")
    {
        Routes = ["/users/{userId}/memories"],
        GrainInterfaces = [typeof(IMemoryGrain)],
        DataDirectories = ["users/{user_id}/memory/"],
        Services = [typeof(MemoryExtractors)],
        Namespace = "ChatDb.Grains.Memories",
    };
}
