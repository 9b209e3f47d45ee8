using System.Text.Json;

namespace ChatDb.Runtime.Networking;

/// <summary>Field names and kinds of the gateway's messages (see docs/GATEWAY.md), pre-encoded once.</summary>
internal static class WireNames
{
    public const int ProtocolVersion = 1;

    public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    public static readonly JsonEncodedText Target = JsonEncodedText.Encode("target");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
    public static readonly JsonEncodedText MethodId = JsonEncodedText.Encode("methodId");
    public static readonly JsonEncodedText CallChainId = JsonEncodedText.Encode("callChainId");
    public static readonly JsonEncodedText Args = JsonEncodedText.Encode("args");
    public static readonly JsonEncodedText TimeoutMs = JsonEncodedText.Encode("timeoutMs");
    public static readonly JsonEncodedText TargetSilo = JsonEncodedText.Encode("targetSilo");
    public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    public static readonly JsonEncodedText ErrorType = JsonEncodedText.Encode("errorType");
    public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");

    public static readonly JsonEncodedText KindCall = JsonEncodedText.Encode("call");
    public static readonly JsonEncodedText KindOneWay = JsonEncodedText.Encode("oneway");
    public static readonly JsonEncodedText KindResult = JsonEncodedText.Encode("result");
    public static readonly JsonEncodedText KindError = JsonEncodedText.Encode("error");

    public const string Hello = "hello";
    public const string Welcome = "welcome";
    public const string Error = "error";
}
