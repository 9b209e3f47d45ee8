using System.Reflection;

namespace ChatDb.Runtime;

/// <summary>
/// What the runtime needs to know about one grain interface method: its stable id (the key the
/// gateway deserializes by), the invokable type that carries its arguments, and the attributes that
/// change scheduling. Built once per method, when the generated invokable type is first touched.
/// </summary>
public sealed class GrainMethodDescriptor
{
    private GrainMethodDescriptor(string methodId, Type interfaceType, string methodName, Type invokableType, Type? resultType)
    {
        MethodId = methodId;
        InterfaceType = interfaceType;
        MethodName = methodName;
        InvokableType = invokableType;
        ResultType = resultType;
    }

    /// <summary>Stable id, e.g. <c>Ns.IFoo.Bar(System.String,System.Int32)</c>.</summary>
    public string MethodId { get; }

    public Type InterfaceType { get; }

    public string MethodName { get; }

    /// <summary>The generated <see cref="GrainRequest"/> subclass whose <c>Arg0..n</c> properties hold the arguments.</summary>
    public Type InvokableType { get; }

    /// <summary>Type of the awaited result, <c>null</c> for <c>Task</c>/<c>ValueTask</c>.</summary>
    public Type? ResultType { get; }

    public bool AlwaysInterleave { get; private init; }

    public bool IsReadOnly { get; private init; }

    /// <summary>Per-method override of the silo's response timeout.</summary>
    public TimeSpan? ResponseTimeout { get; private init; }

    /// <summary>Whether receiving this request keeps the activation from idle collection (timer ticks do not).</summary>
    public bool CountsAsActivity { get; private init; } = true;

    /// <summary>Reads the scheduling attributes of the interface method once. Called by generated code.</summary>
    public static GrainMethodDescriptor Create(string methodId, Type interfaceType, string methodName, Type[] parameterTypes, Type invokableType, Type? resultType)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        var method = interfaceType.GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance, parameterTypes)
            ?? throw new InvalidOperationException($"Grain interface {interfaceType} has no method {methodName} matching '{methodId}'.");
        return new GrainMethodDescriptor(methodId, interfaceType, methodName, invokableType, resultType)
        {
            AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: false),
            IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: false),
            ResponseTimeout = method.GetCustomAttribute<ResponseTimeoutAttribute>()?.Timeout,
        };
    }

    /// <summary>A runtime-internal request (timer tick): not registered, never sent over the wire.</summary>
    internal static GrainMethodDescriptor CreateInternal(string methodId, Type invokableType, bool alwaysInterleave, bool countsAsActivity) =>
        new(methodId, typeof(Grain), methodId, invokableType, resultType: null)
        {
            AlwaysInterleave = alwaysInterleave,
            CountsAsActivity = countsAsActivity,
        };

    public override string ToString() => MethodId;
}
