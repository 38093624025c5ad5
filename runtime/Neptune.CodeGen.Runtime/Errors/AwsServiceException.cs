using System;
using System.Net;
using System.Text;

namespace Neptune.CodeGen.Runtime.Errors;

/// <summary>
/// The base of every exception a generated client throws for an error response. It keeps everything the response said:
/// status code, error code, request id, message and raw body. Each service derives its own base from it
/// (for example <c>NeptuneDataException</c>), and each modeled error code gets its own class.
/// </summary>
public class AwsServiceException : Exception
{
    /// <summary>Creates the exception from a parsed error response.</summary>
    public AwsServiceException(ServiceError error, Exception? innerException = null)
        : base(FormatMessage(error), innerException)
    {
        Error = error;
    }

    /// <summary>Creates the exception with a message of the caller's own, for failures the service did not describe itself.</summary>
    protected AwsServiceException(ServiceError error, string message, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The parsed error response.</summary>
    public ServiceError Error { get; }

    /// <summary>The HTTP status code of the response.</summary>
    public HttpStatusCode StatusCode => Error.StatusCode;

    /// <summary>The error code (for example <c>MLResourceNotFoundException</c>), or null when the response named none.</summary>
    public string? ErrorCode => Error.ErrorCode;

    /// <summary>The id of the failed request, to quote when contacting support.</summary>
    public string? RequestId => Error.RequestId;

    /// <summary>The service's own description of the problem.</summary>
    public string? DetailedMessage => Error.DetailedMessage;

    /// <summary>The raw response body.</summary>
    public string ResponseBody => Error.ResponseBody ?? string.Empty;

    /// <summary>Whether the service model marks this error as safe to retry.</summary>
    public virtual bool Retryable => false;

    private static string FormatMessage(ServiceError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = new StringBuilder();
        message.Append(error.ErrorCode ?? "The service returned an error");
        if (!string.IsNullOrEmpty(error.DetailedMessage))
        {
            message.Append(": ").Append(error.DetailedMessage);
        }
        else if (error.ErrorCode is null && !string.IsNullOrEmpty(error.ResponseBody))
        {
            // No code and no message: show the start of the body (an HTML page from a proxy, say).
            const int Limit = 200;
            var body = error.ResponseBody.Length > Limit ? error.ResponseBody[..Limit] + "..." : error.ResponseBody;
            message.Append(": ").Append(body.ReplaceLineEndings(" "));
        }

        message.Append(" (HTTP ").Append((int)error.StatusCode).Append(' ').Append(error.StatusCode);
        if (!string.IsNullOrEmpty(error.RequestId))
        {
            message.Append(", request id ").Append(error.RequestId);
        }

        return message.Append(')').ToString();
    }
}
