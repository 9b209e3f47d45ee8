using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ChatDb.Runtime.CodeGenerator;

/// <summary>Reads a grain interface symbol into a <see cref="GrainInterfaceModel"/>, reporting what cannot be generated.</summary>
internal static class ModelBuilder
{
    public const string GrainInterfaceName = "ChatDb.Runtime.IGrain";
    private const string RuntimeNamespace = "ChatDb.Runtime";

    /// <summary>Stable method ids: namespace-qualified CLR names, no keywords, no nullable annotations.</summary>
    private static readonly SymbolDisplayFormat IdFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.ExpandNullable);

    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static readonly SymbolDisplayFormat TypeOfFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    public static bool IsGrainInterface(INamedTypeSymbol symbol) =>
        symbol.TypeKind == TypeKind.Interface
        && symbol.ContainingNamespace?.ToDisplayString() != RuntimeNamespace
        && symbol.AllInterfaces.Any(i => i.ToDisplayString() == GrainInterfaceName);

    public static GrainInterfaceModel Build(INamedTypeSymbol symbol)
    {
        var model = new GrainInterfaceModel(symbol, GeneratedNamespace(symbol), FlatName(symbol) + "Reference", IsPublic(symbol) ? "public" : "internal");
        if (symbol.IsGenericType)
        {
            model.Diagnostics.Add(Diagnostic.Create(Diagnostics.GenericInterface, symbol.Locations.FirstOrDefault(), symbol.ToDisplayString()));
            return model;
        }

        AddMethods(model, symbol, model.OwnMethods, report: true);
        model.AllMethods.AddRange(model.OwnMethods);
        foreach (var inherited in symbol.AllInterfaces)
        {
            if (inherited.ContainingNamespace?.ToDisplayString() != RuntimeNamespace && !inherited.IsGenericType)
            {
                AddMethods(model, inherited, model.AllMethods, report: false);
            }
        }

        return model;
    }

    private static void AddMethods(GrainInterfaceModel model, INamedTypeSymbol declaring, List<GrainMethodModel> into, bool report)
    {
        var members = declaring.GetMembers();
        foreach (var member in members)
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove })
            {
                continue;
            }

            if (member.IsStatic || (member is IMethodSymbol { IsAbstract: false }))
            {
                continue;
            }

            if (member is IPropertySymbol or IEventSymbol)
            {
                if (report)
                {
                    model.Diagnostics.Add(Diagnostic.Create(Diagnostics.UnsupportedMember, member.Locations.FirstOrDefault(), member.ToDisplayString(), "grain interfaces may only declare methods"));
                }

                continue;
            }

            if (member is not IMethodSymbol method)
            {
                continue;
            }

            if (method.IsGenericMethod)
            {
                if (report)
                {
                    model.Diagnostics.Add(Diagnostic.Create(Diagnostics.UnsupportedMember, method.Locations.FirstOrDefault(), method.ToDisplayString(), "generic methods are not supported"));
                }

                continue;
            }

            if (method.Parameters.Any(p => p.RefKind != RefKind.None))
            {
                if (report)
                {
                    model.Diagnostics.Add(Diagnostic.Create(Diagnostics.UnsupportedMember, method.Locations.FirstOrDefault(), method.ToDisplayString(), "ref, out and in parameters cannot cross a grain call"));
                }

                continue;
            }

            if (!TryGetReturnKind(method.ReturnType, out var kind, out var resultType))
            {
                if (report)
                {
                    model.Diagnostics.Add(Diagnostic.Create(Diagnostics.InvalidReturnType, method.Locations.FirstOrDefault(), method.ToDisplayString(), method.ReturnType.ToDisplayString()));
                }

                continue;
            }

            var overloads = members.OfType<IMethodSymbol>().Where(m => m.Name == method.Name && m.MethodKind == MethodKind.Ordinary).ToList();
            var suffix = overloads.Count > 1 ? "_" + overloads.IndexOf(method) : string.Empty;
            var invokable = $"global::{GeneratedNamespace(declaring)}.{FlatName(declaring)}{method.Name}{suffix}Request";
            var methodId = $"{declaring.ToDisplayString(IdFormat)}.{method.Name}({string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString(IdFormat)))})";
            into.Add(new GrainMethodModel(method, kind, resultType, methodId, invokable));
        }
    }

    private static bool TryGetReturnKind(ITypeSymbol returnType, out ReturnKind kind, out string resultType)
    {
        const string VoidResult = "global::ChatDb.Runtime.VoidResult";
        resultType = VoidResult;
        kind = ReturnKind.Task;
        if (returnType is not INamedTypeSymbol named)
        {
            return false;
        }

        switch (named.OriginalDefinition.ToDisplayString())
        {
            case "System.Threading.Tasks.Task":
                kind = ReturnKind.Task;
                return true;
            case "System.Threading.Tasks.ValueTask":
                kind = ReturnKind.ValueTask;
                return true;
            case "System.Threading.Tasks.Task<TResult>":
                kind = ReturnKind.TaskOfT;
                resultType = named.TypeArguments[0].ToDisplayString(TypeFormat);
                return true;
            case "System.Threading.Tasks.ValueTask<TResult>":
                kind = ReturnKind.ValueTaskOfT;
                resultType = named.TypeArguments[0].ToDisplayString(TypeFormat);
                return true;
            default:
                return false;
        }
    }

    private static string GeneratedNamespace(INamedTypeSymbol symbol) =>
        symbol.ContainingNamespace is { IsGlobalNamespace: false } ns ? "ChatDbCodeGen." + ns.ToDisplayString() : "ChatDbCodeGen";

    /// <summary>Interface name, prefixed by containing type names for nested interfaces.</summary>
    private static string FlatName(INamedTypeSymbol symbol) =>
        symbol.ContainingType is { } outer ? FlatName(outer) + "_" + symbol.Name : symbol.Name;

    private static bool IsPublic(INamedTypeSymbol symbol)
    {
        for (ISymbol? current = symbol; current is INamedTypeSymbol type; current = type.ContainingType)
        {
            if (type.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }
}
