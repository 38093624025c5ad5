using System;
using System.Globalization;

namespace Neptune.CodeGen.Runtime.Errors;

/// <summary>
/// An operation call ran out of time: the message names the operation and the timeout that expired. It is distinct from
/// the <see cref="OperationCanceledException"/> thrown when the caller's own token is canceled.
/// </summary>
public sealed class AwsTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operationName">The operation that timed out, for example <c>ExecuteOpenCypherQuery</c>.</param>
    /// <param name="kind">Which timeout expired.</param>
    /// <param name="timeout">The length of that timeout.</param>
    /// <param name="attempts">How many attempts had been started.</param>
    /// <param name="innerException">The cancellation the timeout caused, if any.</param>
    public AwsTimeoutException(string operationName, AwsTimeoutKind kind, TimeSpan timeout, int attempts, Exception? innerException = null)
        : base(FormatMessage(operationName, kind, timeout, attempts), innerException)
    {
        OperationName = operationName;
        Kind = kind;
        Timeout = timeout;
        Attempts = attempts;
    }

    /// <summary>The operation that timed out.</summary>
    public string OperationName { get; }

    /// <summary>Which timeout expired.</summary>
    public AwsTimeoutKind Kind { get; }

    /// <summary>The length of the timeout that expired.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How many attempts had been started when the call ended.</summary>
    public int Attempts { get; }

    private static string FormatMessage(string operationName, AwsTimeoutKind kind, TimeSpan timeout, int attempts)
    {
        var setting = kind switch
        {
            AwsTimeoutKind.Attempt => "the attempt timeout (AttemptTimeout)",
            AwsTimeoutKind.Operation => "the operation timeout (OperationTimeout)",
            _ => "the HttpClient's own Timeout",
        };
        var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var tries = attempts == 1 ? "1 attempt" : $"{attempts} attempts";
        return $"{operationName} did not complete within {setting} of {seconds} s ({tries}).";
    }
}
