using System;
using System.Globalization;
using System.Text;

namespace Neptune.CodeGen.Runtime.Errors;

/// <summary>
/// A response body was larger than <see cref="AwsClientOptions.MaxResponseBufferSize"/>, so the client stopped reading it
/// and closed the connection. It keeps what is known of the response: the status code, the request id, the error code of
/// an <c>X-Amzn-ErrorType</c> header, and the first bytes of the body in <see cref="AwsServiceException.ResponseBody"/>.
/// Never retried: asking again would bring the same body.
/// </summary>
public sealed class AwsResponseTooLargeException : AwsServiceException
{
    /// <summary>How many bytes of the body are kept in <see cref="AwsServiceException.ResponseBody"/>.</summary>
    public const int KeptBodyBytes = 1024;

    /// <summary>Creates the exception.</summary>
    /// <param name="operationName">The operation whose response was too large.</param>
    /// <param name="error">What the response said: status, error code from the header, request id, start of the body.</param>
    /// <param name="limit">The <see cref="AwsClientOptions.MaxResponseBufferSize"/> in force.</param>
    /// <param name="contentLength">The response's <c>Content-Length</c>, or null when it sent none.</param>
    public AwsResponseTooLargeException(string operationName, ServiceError error, long limit, long? contentLength)
        : base(error, FormatMessage(operationName, error, limit, contentLength), innerException: null)
    {
        OperationName = operationName;
        Limit = limit;
        ContentLength = contentLength;
    }

    /// <summary>The operation whose response was too large.</summary>
    public string OperationName { get; }

    /// <summary>The limit that was exceeded, in bytes.</summary>
    public long Limit { get; }

    /// <summary>The response's <c>Content-Length</c>, or null when the body was sent without one (chunked).</summary>
    public long? ContentLength { get; }

    private static string FormatMessage(string operationName, ServiceError error, long limit, long? contentLength)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"The {operationName} response body is larger than MaxResponseBufferSize ({limit} bytes");
        if (contentLength is { } length)
        {
            message.Append(CultureInfo.InvariantCulture, $"; Content-Length {length}");
        }

        message.Append("), so it was not read. ");
        if (error.ErrorCode is not null)
        {
            message.Append(error.ErrorCode).Append(". ");
        }

        message.Append("Raise MaxResponseBufferSize in the client options if such responses are expected (HTTP ")
            .Append((int)error.StatusCode).Append(' ').Append(error.StatusCode);
        if (!string.IsNullOrEmpty(error.RequestId))
        {
            message.Append(", request id ").Append(error.RequestId);
        }

        return message.Append(')').ToString();
    }
}
