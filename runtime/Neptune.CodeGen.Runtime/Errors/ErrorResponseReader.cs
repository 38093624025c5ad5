using System;
using System.Net;
using System.Text;
using System.Text.Json;
using Neptune.CodeGen.Runtime.Http;

namespace Neptune.CodeGen.Runtime.Errors;

/// <summary>
/// Reads an error response the way AWS REST-JSON services send it. The code comes from the
/// <c>X-Amzn-ErrorType</c> header, then the body's <c>code</c>, then its <c>__type</c>; the request id from
/// <c>x-amzn-RequestId</c>, then the body's <c>requestId</c>. A body that is not a complete JSON object is kept as text
/// and none of its fields are used.
/// </summary>
public static class ErrorResponseReader
{
    /// <summary>The header that carries the error code.</summary>
    public const string ErrorTypeHeader = "X-Amzn-ErrorType";

    /// <summary>The header that carries the request id.</summary>
    public const string RequestIdHeader = "x-amzn-RequestId";

    /// <summary>Reads the error from a response.</summary>
    public static ServiceError Read(ServiceResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = response.Body.Span;
        var fields = TryReadJsonFields(body);

        var code = Sanitize(response.GetHeader(ErrorTypeHeader)) ?? Sanitize(fields.Code) ?? Sanitize(fields.Type);
        var requestId = NullIfEmpty(response.GetHeader(RequestIdHeader)) ?? NullIfEmpty(fields.RequestId);
        return new ServiceError(response.StatusCode, code, NullIfEmpty(fields.Message), requestId, Encoding.UTF8.GetString(body));
    }

    /// <summary>
    /// Reduces a raw error code to its name: drops a namespace before <c>#</c> and anything after <c>:</c>
    /// (<c>aws.protocoltests#FooError:http://...</c> becomes <c>FooError</c>).
    /// </summary>
    public static string? Sanitize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var name = code.AsSpan().Trim();
        var colon = name.IndexOf(':');
        if (colon >= 0)
        {
            name = name[..colon];
        }

        var hash = name.LastIndexOf('#');
        if (hash >= 0)
        {
            name = name[(hash + 1)..];
        }

        name = name.Trim();
        return name.IsEmpty ? null : name.ToString();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private readonly record struct JsonFields(string? Code, string? Type, string? Message, string? RequestId);

    private static JsonFields TryReadJsonFields(ReadOnlySpan<byte> body)
    {
        string? code = null, type = null, message = null, requestId = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCode = reader.ValueTextEquals("code"u8);
                var isType = reader.ValueTextEquals("__type"u8);
                var isDetailed = reader.ValueTextEquals("detailedMessage"u8);
                var isMessage = reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("Message"u8);
                var isRequestId = reader.ValueTextEquals("requestId"u8);
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }

                var value = reader.GetString();
                if (isCode) code = value;
                else if (isType) type = value;
                else if (isDetailed) message = value;
                else if (isMessage) message ??= value;
                else if (isRequestId) requestId = value;
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8. Not JSON (an HTML page from a proxy, a truncated body): trust none of it; the raw body is kept by the caller.
            return default;
        }

        return new JsonFields(code, type, message, requestId);
    }
}
