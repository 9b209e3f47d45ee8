using System.Collections.Immutable;
using System.Text.Json;
using ChatDb.Runtime.CodeGenerator;
using ChatDb.Runtime.Tests.Grains;
using ChatDbCodeGen.ChatDb.Runtime.Tests.Grains;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ChatDb.Runtime.Tests;

public sealed class CodeGenerationTests
{
    private sealed class RecordingInvoker : IGrainCallInvoker
    {
        public GrainRequest? Last { get; private set; }

        public Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request)
        {
            Last = request;
            return Task.FromResult(default(TResult)!);
        }
    }

    private sealed class DirectCounting : ICountingGrain
    {
        public Task<int> GetActivationNumberAsync() => Task.FromResult(7);

        public Task<int> IncrementAsync() => Task.FromResult(1);

        public Task ThrowAsync(string message) => Task.CompletedTask;

        public Task ThrowSynchronously(string message) => Task.CompletedTask;

        public Task ThrowInconsistentStateAsync() => Task.CompletedTask;

        public Task DeactivateOnIdleAsync() => Task.CompletedTask;

        public Task HoldNextDeactivationAsync() => Task.CompletedTask;

        public ValueTask<string> EchoAsync(string? text, int number) => ValueTask.FromResult($"{text}#{number}");

        public ValueTask TouchAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public void EveryMethod_IsRegisteredByItsStableIdWithItsInvokableType()
    {
        const string Id = "ChatDb.Runtime.Tests.Grains.ICountingGrain.EchoAsync(System.String,System.Int32)";

        Assert.True(GrainInterfaceRegistry.TryGetMethod(Id, out var method));

        Assert.Equal(typeof(ICountingGrainEchoAsyncRequest), method.InvokableType);
        Assert.Equal(typeof(ICountingGrain), method.InterfaceType);
        Assert.Equal(typeof(string), method.ResultType);
        Assert.Equal(Id, ICountingGrainEchoAsyncRequest.MethodId);
    }

    [Fact]
    public void MethodAttributes_AreReadIntoTheDescriptor()
    {
        Assert.True(GrainInterfaceRegistry.TryGetMethod("ChatDb.Runtime.Tests.Grains.IGateGrain.PeekRequestsInFlightAsync()", out var interleave));
        Assert.True(GrainInterfaceRegistry.TryGetMethod("ChatDb.Runtime.Tests.Grains.IGateGrain.ReadAndWaitAsync(System.String)", out var readOnly));
        Assert.True(GrainInterfaceRegistry.TryGetMethod("ChatDb.Runtime.Tests.Grains.ICycleGrain.CallViaWithShortTimeoutAsync(System.String)", out var timeout));

        Assert.True(interleave.AlwaysInterleave);
        Assert.True(readOnly.IsReadOnly);
        Assert.Equal(TimeSpan.FromSeconds(5), timeout.ResponseTimeout);
    }

    [Fact]
    public async Task Reference_PutsArgumentsIntoTheGeneratedRequest_WhichCallsTheGrainDirectly()
    {
        var invoker = new RecordingInvoker();
        var factory = new GrainFactory(_ => new GrainType("counting"), invoker);
        var reference = factory.GetGrain<ICountingGrain>("k1");

        await reference.EchoAsync("hi", 3);

        var request = Assert.IsType<ICountingGrainEchoAsyncRequest>(invoker.Last);
        Assert.Equal("hi", request.Arg0);
        Assert.Equal(3, request.Arg1);
        Assert.Equal("hi#3", await request.InvokeAsync(new DirectCounting()));
        Assert.IsType<ICountingGrainReference>(reference);
    }

    [Fact]
    public async Task Request_SurvivesJsonByMethodId()
    {
        var json = JsonSerializer.Serialize(new ICountingGrainEchoAsyncRequest { Arg0 = "wire", Arg1 = 9 });
        Assert.True(GrainInterfaceRegistry.TryGetMethod(ICountingGrainEchoAsyncRequest.MethodId, out var method));

        var request = (GrainRequest<string>)JsonSerializer.Deserialize(json, method.InvokableType)!;

        Assert.Equal("{\"Arg0\":\"wire\",\"Arg1\":9}", json);
        Assert.Equal("wire#9", await request.InvokeAsync(new DirectCounting()));
    }

    [Fact]
    public void InheritedInterfaceMethods_AreImplementedByTheDerivedReference()
    {
        var factory = new GrainFactory(_ => new GrainType("reentrantgate"), new RecordingInvoker());

        IGateGrain reference = factory.GetGrain<IReentrantGateGrain>("k");

        Assert.IsType<IReentrantGateGrainReference>(reference);
        Assert.Equal(typeof(IReentrantGateGrain), ((GrainReference)reference).InterfaceType);
    }

    [Theory]
    [InlineData("int Bad();", "CHATDB001")]
    [InlineData("Task Generic<T>(T value);", "CHATDB002")]
    [InlineData("Task Out(out int value);", "CHATDB002")]
    [InlineData("int Property { get; }", "CHATDB002")]
    public void UnsupportedMembers_AreGeneratorErrors(string member, string diagnosticId)
    {
        var source = $$"""
            using System.Threading.Tasks;
            namespace Sample;
            public interface IBadGrain : ChatDb.Runtime.IGrainWithStringKey
            {
                {{member}}
            }
            """;
        var compilation = CSharpCompilation.Create(
            "Sample",
            [CSharpSyntaxTree.ParseText(source)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location), MetadataReference.CreateFromFile(typeof(IGrain).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var driver = CSharpGeneratorDriver.Create(new GrainReferenceGenerator()).RunGenerators(compilation);
        ImmutableArray<Diagnostic> diagnostics = driver.GetRunResult().Diagnostics;

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(diagnosticId, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }
}
