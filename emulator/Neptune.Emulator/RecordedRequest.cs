using System;
using System.Collections.Generic;

namespace Neptune.Emulator;

/// <summary>
/// One request as the emulator received it, and how it answered. Kept in memory only, for tests to inspect
/// (headers are stored as received, so <c>Authorization</c> and <c>X-Amz-Security-Token</c> are in there).
/// </summary>
public sealed class RecordedRequest
{
    /// <summary>The request id the emulator assigned (sent back in <c>x-amzn-RequestId</c> and error bodies).</summary>
    public required string RequestId { get; init; }

    /// <summary>When the request arrived, by the emulator's clock.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The HTTP method, for example <c>DELETE</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The request target exactly as it was on the request line (path and query, still percent-encoded).</summary>
    public required string RawTarget { get; init; }

    /// <summary>The path part of <see cref="RawTarget"/>, still percent-encoded.</summary>
    public required string RawPath { get; init; }

    /// <summary>The query part of <see cref="RawTarget"/> without the <c>?</c>, still percent-encoded; empty when there is none.</summary>
    public required string RawQuery { get; init; }

    /// <summary>The request headers (case-insensitive names); a header sent on several lines has several values.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; }

    /// <summary>The request body decoded as UTF-8; empty when there was none.</summary>
    public required string Body { get; init; }

    /// <summary>The HTTP status the emulator answered with; 0 when it aborted the connection (an injected fault).</summary>
    public required int StatusCode { get; init; }

    /// <summary>The <c>code</c> of the error response, or null for a success or an injected raw response.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Why SigV4 verification rejected the request (the error's <c>detailedMessage</c>), or null when it passed.</summary>
    public string? AuthenticationFailure { get; init; }

    /// <summary>How long the emulator took from receiving the request to finishing its response (real time); zero until then.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Returns a header's values joined with <c>,</c>, or null when the request did not have it.</summary>
    public string? GetHeader(string name) =>
        Headers.TryGetValue(name, out var values) ? string.Join(',', values) : null;
}
