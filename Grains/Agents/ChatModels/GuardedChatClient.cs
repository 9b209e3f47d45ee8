using System.ClientModel;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ChatDb.Grains.Agents.ChatModels;

/// <summary>
/// Wraps a provider's client so that what a run records is clear and safe: a call the provider's own timeout cut
/// off becomes a <see cref="TimeoutException"/>, every other failure a <see cref="ModelError"/> naming the model.
/// The provider's exception is not kept (not even as the inner exception): its message may quote the endpoint's
/// answer, and an endpoint may echo the key. Cancellation by the caller passes through unchanged.
/// </summary>
internal sealed class GuardedChatClient(IChatClient inner, string name, ModelEntry model) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            throw ModelFailures.Translate(error, name, model);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A yield cannot sit in a try with a catch, so each step of the enumeration is guarded on its own.
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            throw ModelFailures.Translate(error, name, model);
        }

        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await updates.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    throw ModelFailures.Translate(error, name, model);
                }

                if (!more)
                {
                    yield break;
                }

                yield return updates.Current;
            }
        }
    }
}

/// <summary>How a provider's exception reads in a run's error: ChatDb's words, the model's name, no provider text.</summary>
internal static class ModelFailures
{
    public static Exception Translate(Exception error, string name, ModelEntry model)
    {
        var what = $"model '{name}' ({model.Provider} model '{model.Model}')";
        if (error is OperationCanceledException or TimeoutException)
        {
            // Only the provider's own timeout cancels a call its caller did not cancel.
            return new TimeoutException($"{what} did not answer within {model.TimeoutSeconds} s (Models:{name}:TimeoutSeconds).");
        }

        return new ModelError($"{what}: {Describe(error, model)}.");
    }

    private static string Describe(Exception error, ModelEntry model)
    {
        if (StatusOf(error) is { } status)
        {
            return status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? $"the endpoint refused the key (HTTP {(int)status}; check Models:...:ApiKey)"
                : $"the endpoint answered HTTP {(int)status}";
        }

        if (Find<SocketException>(error) is { } socket)
        {
            return $"the endpoint cannot be reached ({socket.SocketErrorCode})";
        }

        if (Find<HttpRequestException>(error) is { } request)
        {
            return $"the endpoint cannot be reached ({request.HttpRequestError})";
        }

        return Find<JsonException>(error) is not null || error is FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException or NullReferenceException
            ? $"the endpoint's answer is not a valid {model.Provider} chat response ({error.GetType().Name})"
            : $"the call failed ({error.GetType().Name})";
    }

    private static HttpStatusCode? StatusOf(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ClientResultException { Status: > 0 } result:
                    return (HttpStatusCode)result.Status;
                case HttpRequestException { StatusCode: { } code }:
                    return code;
            }
        }

        return null;
    }

    private static T? Find<T>(Exception error)
        where T : Exception
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
