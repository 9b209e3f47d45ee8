namespace ChatDb.Storage.Fencing;

/// <summary>
/// Marks a grain class whose activation is the one writer of its entity's files. A storage that several silos
/// share fences such a grain: the activation takes its entity's fence before its state loads and gives it back
/// after it deactivated, and a second activation anywhere fails at once with <see cref="EntityConflictError"/>
/// (Orleans sends the next call to the surviving activation). Grains only declare it; the storage implements it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FencedEntityAttribute : Attribute;
