using System;
using System.IO;
using System.Net;
using System.Net.Http;
using Neptune.CodeGen.Runtime.Errors;

namespace Neptune.CodeGen.Runtime.Retries;

/// <summary>Why a failed attempt may be retried, which sets its quota cost and (in 2026 mode) its backoff base.</summary>
internal enum RetryKind
{
    /// <summary>Not retryable.</summary>
    None,

    /// <summary>A transient failure: a 5xx, a transient error code, a modeled retryable error, a network error.</summary>
    Transient,

    /// <summary>The service is throttling the caller.</summary>
    Throttling,

    /// <summary>The attempt timed out (the attempt timeout, or <see cref="HttpClient.Timeout"/>).</summary>
    Timeout,
}

/// <summary>Decides whether the error of one attempt is worth another attempt.</summary>
internal static class RetryClassifier
{
    /// <summary>
    /// Classifies the error of a failed attempt. The caller's cancellation and the operation timeout never reach here:
    /// the pipeline ends the call on them before asking.
    /// </summary>
    public static RetryKind Classify(Exception error) => error switch
    {
        // The same request would bring the same oversized body.
        AwsResponseTooLargeException => RetryKind.None,
        AwsServiceException service => ClassifyServiceError(service),
        AwsTimeoutException timeout => timeout.Kind == AwsTimeoutKind.Operation ? RetryKind.None : RetryKind.Timeout,
        // The host does not exist: asking again will not make it exist.
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => RetryKind.None,
        HttpRequestException => RetryKind.Transient,
        FileNotFoundException => RetryKind.None,
        IOException => RetryKind.Transient,
        _ => RetryKind.None,
    };

    private static RetryKind ClassifyServiceError(AwsServiceException error)
    {
        var code = error.ErrorCode;
        if (code is not null && RetryPolicy.ThrottlingCodes.Contains(code))
        {
            return RetryKind.Throttling;
        }

        if (code is not null && RetryPolicy.TransientCodes.Contains(code))
        {
            return RetryKind.Transient;
        }

        if (error.Retryable)
        {
            // A modeled retryable error: a 429 means throttling whatever it is called.
            return error.StatusCode == HttpStatusCode.TooManyRequests ? RetryKind.Throttling : RetryKind.Transient;
        }

        // A 200 whose body could not be read is not retried: the call may have had its effect.
        return RetryPolicy.TransientStatusCodes.Contains(error.StatusCode) ? RetryKind.Transient : RetryKind.None;
    }
}
