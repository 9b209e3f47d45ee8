using System.Reflection;

namespace ChatDb.Storage;

/// <summary>Checks a facet attribute sits on a parameter of the facet's type and reads its element type.</summary>
internal static class FacetParameter
{
    /// <summary>The <c>T</c> of a parameter of type <paramref name="facetInterface"/> (an open generic such as <c>IPersistentLog&lt;&gt;</c>).</summary>
    public static Type ElementType(ParameterInfo parameter, Type facetInterface, Type attributeType)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != facetInterface)
        {
            throw new ConfigurationError(
                $"Grain class {parameter.Member.DeclaringType}, constructor parameter '{parameter.Name}': it is marked [{AttributeName(attributeType)}] "
                + $"so its type must be {facetInterface.Name[..^2]}<T>, not {type}.");
        }

        return type.GetGenericArguments()[0];
    }

    /// <summary>A generic static method of <paramref name="owner"/> closed over <paramref name="elementType"/>, invoked once per grain class.</summary>
    public static TResult InvokeGeneric<TResult>(Type owner, string methodName, Type elementType, params object?[] arguments) =>
        (TResult)owner.GetMethod(methodName, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(elementType)
            .Invoke(null, arguments)!;

    private static string AttributeName(Type attributeType) => attributeType.Name[..^"Attribute".Length];
}
