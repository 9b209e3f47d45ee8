namespace ChatDb.Runtime;

/// <summary>
/// Where grain references send their calls. In-process it dispatches to the local catalog; a network
/// client implements the same interface by serializing the request (method id +
/// <c>Arg*</c> properties) together with the target id and the caller's call-chain id.
/// </summary>
public interface IGrainCallInvoker
{
    Task<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request);
}
