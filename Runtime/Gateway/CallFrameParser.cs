using System.Buffers;
using System.Text.Json;
using ChatDb.Runtime.Networking;

namespace ChatDb.Runtime.Gateway;

/// <summary>
/// Reads a call frame in one pass with <see cref="Utf8JsonReader"/>: the arguments are deserialized
/// straight from the frame into the method's generated request class. Problems with the envelope
/// (not JSON, wrong kind, missing id or target) throw <see cref="GatewayProtocolException"/> and cost the
/// connection; problems with one call (unknown method, arguments that do not fit) become
/// <see cref="InboundCall.Error"/> and cost only that call.
/// </summary>
internal sealed class CallFrameParser(JsonSerializerOptions options)
{
    private readonly WireStringCache<GrainMethodDescriptor?> _methods = new(static id => GrainInterfaceRegistry.TryGetMethod(id, out var method) ? method : null);
    private readonly WireStringCache<string> _grainTypes = new(static type => type);

    public InboundCall Parse(in ReadOnlySequence<byte> frame)
    {
        try
        {
            return ParseCore(frame);
        }
        catch (JsonException error)
        {
            throw new GatewayProtocolException($"the frame is not a valid call message ({error.Message})", error);
        }
    }

    private InboundCall ParseCore(in ReadOnlySequence<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new GatewayProtocolException("the frame is not a JSON object");
        }

        var call = default(InboundCall);
        string? kind = null;
        var hasId = false;
        string? grainType = null;
        string? grainKey = null;
        string? methodId = null;
        var deferredArgs = default(Utf8JsonReader);
        var hasDeferredArgs = false;
        var sawArgs = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(WireNames.Kind.EncodedUtf8Bytes))
            {
                reader.Read();
                kind = reader.GetString();
            }
            else if (reader.ValueTextEquals(WireNames.Id.EncodedUtf8Bytes))
            {
                reader.Read();
                call.Id = reader.GetInt64();
                hasId = true;
            }
            else if (reader.ValueTextEquals(WireNames.Target.EncodedUtf8Bytes))
            {
                ReadTarget(ref reader, _grainTypes, out grainType, out grainKey);
                if (grainType is not null && grainKey is not null)
                {
                    call.Target = new GrainId(new GrainType(grainType), grainKey);
                }
            }
            else if (reader.ValueTextEquals(WireNames.MethodId.EncodedUtf8Bytes))
            {
                reader.Read();
                (methodId, call.Method) = _methods.Get(ref reader);
            }
            else if (reader.ValueTextEquals(WireNames.Args.EncodedUtf8Bytes))
            {
                reader.Read();
                sawArgs = true;
                if (call.Method is not null)
                {
                    ReadArgs(ref reader, ref call, options);
                }
                else
                {
                    deferredArgs = reader;
                    hasDeferredArgs = true;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals(WireNames.CallChainId.EncodedUtf8Bytes))
            {
                reader.Read();
                call.CallChainId = reader.TokenType == JsonTokenType.Null ? Guid.Empty : reader.GetGuid();
            }
            else if (reader.ValueTextEquals(WireNames.TargetSilo.EncodedUtf8Bytes))
            {
                reader.Read();
                call.TargetSilo = reader.GetString();
            }
            else
            {
                // timeoutMs is advisory (the silo applies its own response timeout); unknown fields are
                // ignored so newer clients can add optional ones.
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new GatewayProtocolException("the call message is not a flat JSON object");
        }

        call.IsOneWay = kind switch
        {
            "call" => false,
            "oneway" => true,
            _ => throw new GatewayProtocolException($"expected a message of kind 'call' or 'oneway', got '{kind}'"),
        };
        if (!hasId)
        {
            throw new GatewayProtocolException("the call message has no id");
        }

        if (grainType is null || grainKey is null)
        {
            throw new GatewayProtocolException($"call {call.Id} has no target {{type, key}}");
        }

        if (call.Method is null)
        {
            call.Error = new ArgumentException(methodId is null
                ? $"Call {call.Id} to grain {call.Target} names no methodId."
                : $"Unknown method id '{methodId}' in call {call.Id} to grain {call.Target}: no grain interface loaded in this silo declares it (is the interface assembly deployed on the silo, at the same version as the client?).");
            return call;
        }

        if (call.Request is null && call.Error is null)
        {
            if (hasDeferredArgs)
            {
                ReadArgs(ref deferredArgs, ref call, options);
            }
            else if (!sawArgs)
            {
                call.Request = (GrainRequest)Activator.CreateInstance(call.Method.InvokableType)!;
            }
        }

        return call;
    }

    private static void ReadTarget(ref Utf8JsonReader reader, WireStringCache<string> grainTypes, out string? grainType, out string? grainKey)
    {
        grainType = null;
        grainKey = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new GatewayProtocolException("the call's target is not an object {type, key}");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(WireNames.Type.EncodedUtf8Bytes))
            {
                reader.Read();
                grainType = grainTypes.Get(ref reader).Text;
            }
            else if (reader.ValueTextEquals(WireNames.Key.EncodedUtf8Bytes))
            {
                reader.Read();
                grainKey = reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Deserializes the arguments; on a mismatch, records the error and skips the value so the envelope can still be read.</summary>
    private static void ReadArgs(ref Utf8JsonReader reader, ref InboundCall call, JsonSerializerOptions options)
    {
        var method = call.Method!;
        var start = reader;
        try
        {
            call.Request = (GrainRequest?)JsonSerializer.Deserialize(ref reader, method.InvokableType, options)
                ?? throw new JsonException("the arguments are null");
        }
        catch (Exception error) when (error is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            call.Error = new ArgumentException($"The arguments of call {call.Id} ({method.MethodId}) to grain {call.Target} could not be read as {method.InvokableType.Name}: {error.Message}", error);
            reader = start;
            reader.Skip();
        }
    }
}
