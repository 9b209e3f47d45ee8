using System.Security.Cryptography;
using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Keys;

/// <summary>The type name of the memory grain (docs/MEMORY.md); a wire name like <see cref="ChatGrainTypes"/>.</summary>
public static class MemoryGrainTypes
{
    /// <summary>Key <c>{userId}</c>: the user's long-term memories, shared by all of the user's agents and sessions.</summary>
    public const string Memory = "memory";
}

/// <summary>Keys and ids of the memory grain.</summary>
public static partial class ChatGrainKeys
{
    /// <summary>Every memory id starts with this; 32 lower-case hex digits follow.</summary>
    public const string MemoryIdPrefix = "mem_";

    private const int MemoryIdHexDigits = 32;

    /// <summary>Key of a user's memory grain: the user id.</summary>
    public static string Memory(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return userId;
    }

    /// <summary>The user id of a memory grain key, <c>{userId}</c>.</summary>
    public static string ParseMemory(string key) => UserId(Single(key, "memory key", "{userId}"));

    /// <summary>A new memory id: <see cref="MemoryIdPrefix"/> and 32 random lower-case hex digits.</summary>
    public static string NewMemoryId() =>
        MemoryIdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(MemoryIdHexDigits / 2));

    /// <summary>Checks a memory id: <see cref="MemoryIdPrefix"/> and 32 lower-case hex digits (rule <c>memory-id-form</c>).</summary>
    public static string MemoryId(string? segment)
    {
        EntityIdValidator.Validate(segment, "memory id");
        var digits = segment!.StartsWith(MemoryIdPrefix, StringComparison.Ordinal) ? segment[MemoryIdPrefix.Length..] : string.Empty;
        if (digits.Length != MemoryIdHexDigits || !digits.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ValidationError(
                $"memory id {IdText.Escape(segment)} is rejected by rule 'memory-id-form': it must be {MemoryIdPrefix} followed by {MemoryIdHexDigits} lower-case hex digits.");
        }

        return segment;
    }
}
