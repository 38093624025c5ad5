using System.Net;

namespace Neptune.CodeGen.Runtime.Errors;

/// <summary>What an error response said, read by <see cref="ErrorResponseReader"/>; the input of every service exception.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="ErrorCode">The sanitized error code (for example <c>MLResourceNotFoundException</c>), or null when the response named none.</param>
/// <param name="DetailedMessage">The service's message (<c>detailedMessage</c>, <c>message</c> or <c>Message</c>), or null.</param>
/// <param name="RequestId">The request id from <c>x-amzn-RequestId</c> or the body's <c>requestId</c>, or null.</param>
/// <param name="ResponseBody">The raw response body as text (empty when there was none).</param>
public sealed record ServiceError(
    HttpStatusCode StatusCode,
    string? ErrorCode,
    string? DetailedMessage,
    string? RequestId,
    string ResponseBody);
