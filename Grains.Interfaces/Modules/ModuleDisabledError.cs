using Orleans;

namespace ChatDb.Grains.Modules;

/// <summary>
/// A call reached a module that is switched off in this deployment (<c>Modules:{name}:Enabled=false</c>). Thrown by the
/// silo for calls from clients to the module's grains and by the REST API for the module's routes (404
/// <c>module_disabled</c>); the cluster client and the CLI see the same exception.
/// </summary>
[GenerateSerializer, Alias("chatdb.ModuleDisabledError")]
public sealed class ModuleDisabledError : Exception
{
    public ModuleDisabledError() { }

    public ModuleDisabledError(string message) : base(message) { }

    public ModuleDisabledError(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The error for <paramref name="module"/>, with the message every door shows.</summary>
    public static ModuleDisabledError For(string module) => new(MessageFor(module));

    /// <summary>"The rag module is disabled in this deployment".</summary>
    public static string MessageFor(string module) => $"The {module} module is disabled in this deployment";
}
