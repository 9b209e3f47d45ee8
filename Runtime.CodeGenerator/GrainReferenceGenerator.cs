using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ChatDb.Runtime.CodeGenerator;

/// <summary>
/// For every interface deriving from <c>ChatDb.Runtime.IGrain</c>: a sealed typed reference, one
/// sealed invokable request per method (arguments as <c>Arg0..n</c> properties, a stable method id,
/// a direct typed call of the grain method) and a module initializer that registers them all in
/// <c>GrainInterfaceRegistry</c>. Calls thus need no reflection.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainReferenceGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var interfaces = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { BaseList: not null },
                static (ctx, _) => ctx.SemanticModel.GetDeclaredSymbol((InterfaceDeclarationSyntax)ctx.Node) as INamedTypeSymbol)
            .Where(static symbol => symbol is not null && ModelBuilder.IsGrainInterface(symbol))
            .Collect();

        var input = interfaces.Combine(context.CompilationProvider.Select(static (c, _) => c.AssemblyName ?? "Assembly"));
        context.RegisterSourceOutput(input, static (spc, pair) =>
        {
            var models = pair.Left
                .Distinct(SymbolEqualityComparer.Default)
                .Cast<INamedTypeSymbol>()
                .OrderBy(s => s.ToDisplayString(), System.StringComparer.Ordinal)
                .Select(ModelBuilder.Build)
                .ToList();
            var valid = models.Where(m => m.Diagnostics.Count == 0).ToList();
            foreach (var model in models)
            {
                foreach (var diagnostic in model.Diagnostics)
                {
                    spc.ReportDiagnostic(diagnostic);
                }
            }

            foreach (var model in valid)
            {
                var hint = model.GeneratedNamespace + "." + model.ReferenceName + ".g.cs";
                spc.AddSource(hint, SourceEmitter.EmitInterface(model));
            }

            if (valid.Count > 0)
            {
                spc.AddSource("ChatDbGrainRegistration.g.cs", SourceEmitter.EmitRegistration(pair.Right, valid));
            }
        });
    }
}
