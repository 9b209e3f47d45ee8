using Microsoft.CodeAnalysis;

namespace ChatDb.Runtime.CodeGenerator;

internal static class Diagnostics
{
    private const string Category = "ChatDb.Runtime";

    public static readonly DiagnosticDescriptor InvalidReturnType = new(
        "CHATDB001",
        "Grain method must return Task, Task<T>, ValueTask or ValueTask<T>",
        "Grain interface method '{0}' returns '{1}'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedMember = new(
        "CHATDB002",
        "Unsupported grain interface member",
        "Grain interface member '{0}' is not supported: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericInterface = new(
        "CHATDB003",
        "Generic grain interfaces are not supported",
        "Grain interface '{0}' is generic; generic grain interfaces are not supported",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);
}
