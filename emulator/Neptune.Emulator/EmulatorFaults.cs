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
