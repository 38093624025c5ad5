using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Neptune.Emulator;

/// <summary>A response, or other behaviour, queued by a test for the next authenticated request.</summary>
internal abstract record EmulatorFault
{
    /// <summary>A Neptune-style JSON error.</summary>
    public sealed record Error(int StatusCode, string ErrorCode, string Message, bool SendErrorTypeHeader) : EmulatorFault;

    /// <summary>A response sent exactly as given (no <c>x-amzn-RequestId</c>), like a proxy or load balancer would.</summary>
    public sealed record Raw(int StatusCode, string ContentType, string Body) : EmulatorFault;

    /// <summary>The connection is dropped without a response.</summary>
    public sealed record Abort : EmulatorFault;

    /// <summary>The request waits, then is handled normally.</summary>
    public sealed record Delay(TimeSpan Duration) : EmulatorFault;

    /// <summary>A response that breaks while it is sent; served by <see cref="FaultyResponseWriter"/>.</summary>
    public sealed record Broken(ResponseFault Fault) : EmulatorFault;
}

/// <summary>How a <see cref="ResponseFault"/> breaks its response.</summary>
public enum ResponseFaultKind
{
    /// <summary>200 with a JSON body cut off mid-value (<c>{"status":"Stopp</c>); <c>Content-Length</c> matches what is sent.</summary>
    TruncatedJson,

    /// <summary>200 whose <c>Content-Length</c> is larger than the body sent; then the connection is closed.</summary>
    ContentLengthTooLarge,

    /// <summary>200 with a JSON string holding bytes that are not UTF-8 (<c>0xFF 0xFE</c>).</summary>
    InvalidUtf8Json,

    /// <summary>200 with an HTML page (<c>text/html</c>), as a captive portal or misrouted proxy sends.</summary>
    HtmlPage,

    /// <summary>200 whose chunked body has an invalid chunk header, so no client can read it.</summary>
    UnreadableBody,

    /// <summary>200 whose body is sent one byte per <see cref="ResponseFault.Interval"/> (1 second by default).</summary>
    TrickleBody,

    /// <summary>200 with half its body sent, then the connection is reset (TCP RST).</summary>
    ResetMidBody,

    /// <summary>500 <c>InternalFailureException</c> whose JSON body is <see cref="ResponseFault.BodySize"/> bytes (100 MB by default).</summary>
    HugeErrorBody,

    /// <summary>200 whose JSON body is <see cref="ResponseFault.BodySize"/> bytes (500 MB by default).</summary>
    HugeSuccessBody,
}

/// <summary>
/// A response that misbehaves on the wire, for <see cref="NeptuneEmulator.EnqueueResponseFault"/>. Large bodies are
/// generated while they are sent (never held in memory), and every fault stops writing as soon as the client goes away.
/// </summary>
public sealed record ResponseFault
{
    private ResponseFault(ResponseFaultKind kind) => Kind = kind;

    /// <summary>What goes wrong.</summary>
    public ResponseFaultKind Kind { get; }

    /// <summary>The body size of <see cref="ResponseFaultKind.HugeErrorBody"/> and <see cref="ResponseFaultKind.HugeSuccessBody"/>, in bytes.</summary>
    public long BodySize { get; private init; }

    /// <summary>Whether a huge body is sent with its <c>Content-Length</c> (true) or chunked, with no length (false).</summary>
    public bool DeclareLength { get; private init; } = true;

    /// <summary>The wait between two bytes of <see cref="ResponseFaultKind.TrickleBody"/>.</summary>
    public TimeSpan Interval { get; private init; }

    /// <summary>The status code sent.</summary>
    public int StatusCode => Kind == ResponseFaultKind.HugeErrorBody ? 500 : 200;

    /// <summary>200, JSON cut off mid-value.</summary>
    public static ResponseFault TruncatedJson { get; } = new(ResponseFaultKind.TruncatedJson);

    /// <summary>200, <c>Content-Length</c> larger than the body, then the connection closes.</summary>
    public static ResponseFault ContentLengthTooLarge { get; } = new(ResponseFaultKind.ContentLengthTooLarge);

    /// <summary>200, invalid UTF-8 inside a JSON string.</summary>
    public static ResponseFault InvalidUtf8Json { get; } = new(ResponseFaultKind.InvalidUtf8Json);

    /// <summary>200, an HTML page.</summary>
    public static ResponseFault HtmlPage { get; } = new(ResponseFaultKind.HtmlPage);

    /// <summary>200, a chunked body with an invalid chunk header.</summary>
    public static ResponseFault UnreadableBody { get; } = new(ResponseFaultKind.UnreadableBody);

    /// <summary>200, half the body, then a TCP reset.</summary>
    public static ResponseFault ResetMidBody { get; } = new(ResponseFaultKind.ResetMidBody);

    /// <summary>200 whose body arrives one byte per <paramref name="interval"/> (default 1 second).</summary>
    public static ResponseFault Trickle(TimeSpan? interval = null)
    {
        var wait = interval ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(wait, TimeSpan.Zero, nameof(interval));
        return new(ResponseFaultKind.TrickleBody) { Interval = wait };
    }

    /// <summary>500 <c>InternalFailureException</c> with a JSON body of <paramref name="bytes"/> (default 100 MB), with its length.</summary>
    public static ResponseFault HugeErrorBody(long bytes = 100_000_000) => Huge(ResponseFaultKind.HugeErrorBody, bytes, declareLength: true);

    /// <summary>200 with a JSON body of <paramref name="bytes"/> (default 500 MB), chunked unless <paramref name="declareLength"/>.</summary>
    public static ResponseFault HugeSuccessBody(long bytes = 500_000_000, bool declareLength = false) =>
        Huge(ResponseFaultKind.HugeSuccessBody, bytes, declareLength);

    private static ResponseFault Huge(ResponseFaultKind kind, long bytes, bool declareLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1024, nameof(bytes));
        return new(kind) { BodySize = bytes, DeclareLength = declareLength };
    }
}

/// <summary>What the emulator answers to one request, before the request id is added.</summary>
internal sealed record EmulatorResponse
{
    public required int StatusCode { get; init; }

    /// <summary>A success body (JSON), or null for an error or a raw response.</summary>
    public JsonNode? Json { get; init; }

    /// <summary>For an error: the <c>code</c>, also <c>X-Amzn-ErrorType</c> when <see cref="SendErrorTypeHeader"/>.</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public bool SendErrorTypeHeader { get; init; }

    /// <summary>For a raw response: content type and body, sent with no request id.</summary>
    public string? RawContentType { get; init; }

    public string? RawBody { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> ExtraHeaders { get; init; } = [];

    public static EmulatorResponse Ok(JsonNode json) => new() { StatusCode = 200, Json = json };

    public static EmulatorResponse Failure(int statusCode, string errorCode, string message, bool sendErrorTypeHeader = false) =>
        new() { StatusCode = statusCode, ErrorCode = errorCode, ErrorMessage = message, SendErrorTypeHeader = sendErrorTypeHeader };

    public static EmulatorResponse Raw(int statusCode, string contentType, string body) =>
        new() { StatusCode = statusCode, RawContentType = contentType, RawBody = body };
}
