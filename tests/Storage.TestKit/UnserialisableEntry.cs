namespace ChatDb.Storage.TestKit;

/// <summary>A log entry whose <see cref="Text"/> cannot be read when <see cref="Broken"/>: serialising it fails part-way through a group.</summary>
public sealed record UnserialisableEntry(int Number, bool Broken)
{
    public string Text => Broken ? throw new InvalidOperationException($"entry {Number} cannot be serialised") : $"entry {Number}";
}
