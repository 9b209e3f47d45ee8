namespace ChatDb.Runtime;

/// <summary>Anything that has a <see cref="GrainId"/>: grain classes and grain references.</summary>
public interface IAddressable
{
}

/// <summary>Marker of grain interfaces; the code generator emits a typed reference for each one.</summary>
public interface IGrain : IAddressable
{
}

/// <summary>A grain keyed by a string, used verbatim as <see cref="GrainId.Key"/>.</summary>
public interface IGrainWithStringKey : IGrain
{
}

/// <summary>A grain keyed by a <see cref="Guid"/>; see <see cref="GrainKeys"/> for the encoding.</summary>
public interface IGrainWithGuidKey : IGrain
{
}

/// <summary>A grain keyed by a 64-bit integer; see <see cref="GrainKeys"/> for the encoding.</summary>
public interface IGrainWithIntegerKey : IGrain
{
}

/// <summary>A grain keyed by a <see cref="Guid"/> plus a string extension.</summary>
public interface IGrainWithGuidCompoundKey : IGrain
{
}

/// <summary>A grain keyed by a 64-bit integer plus a string extension.</summary>
public interface IGrainWithIntegerCompoundKey : IGrain
{
}
