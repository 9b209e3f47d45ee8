using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ChatDb.Runtime.CodeGenerator;

/// <summary>What the generator emits for one grain interface, extracted from the symbols.</summary>
internal sealed class GrainInterfaceModel
{
    public GrainInterfaceModel(INamedTypeSymbol symbol, string generatedNamespace, string referenceName, string accessibility)
    {
        Symbol = symbol;
        GeneratedNamespace = generatedNamespace;
        ReferenceName = referenceName;
        Accessibility = accessibility;
    }

    public INamedTypeSymbol Symbol { get; }

    /// <summary><c>ChatDbCodeGen.{interface namespace}</c>.</summary>
    public string GeneratedNamespace { get; }

    public string ReferenceName { get; }

    /// <summary><c>public</c> when the interface is visible outside its assembly, else <c>internal</c>.</summary>
    public string Accessibility { get; }

    /// <summary>Methods declared by this interface: invokables are generated for these.</summary>
    public List<GrainMethodModel> OwnMethods { get; } = new();

    /// <summary>Every method the reference implements, including inherited grain interfaces'.</summary>
    public List<GrainMethodModel> AllMethods { get; } = new();

    public List<Diagnostic> Diagnostics { get; } = new();
}

internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>One interface method and the names of its generated invokable.</summary>
internal sealed class GrainMethodModel
{
    public GrainMethodModel(IMethodSymbol symbol, ReturnKind returnKind, string resultType, string methodId, string invokableFullName)
    {
        Symbol = symbol;
        ReturnKind = returnKind;
        ResultType = resultType;
        MethodId = methodId;
        InvokableFullName = invokableFullName;
    }

    public IMethodSymbol Symbol { get; }

    public ReturnKind ReturnKind { get; }

    /// <summary>Awaited result type, <c>global::ChatDb.Runtime.VoidResult</c> for Task/ValueTask.</summary>
    public string ResultType { get; }

    public string MethodId { get; }

    /// <summary><c>global::ChatDbCodeGen.{ns}.{Interface}{Method}Request</c>.</summary>
    public string InvokableFullName { get; }

    public string InvokableName => InvokableFullName.Substring(InvokableFullName.LastIndexOf('.') + 1);
}
