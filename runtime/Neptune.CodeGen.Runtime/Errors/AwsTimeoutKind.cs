namespace Neptune.CodeGen.Runtime.Errors;

/// <summary>Which timeout ended an operation call; see <see cref="AwsTimeoutException"/>.</summary>
public enum AwsTimeoutKind
{
    /// <summary>
    /// <see cref="AwsClientOptions.AttemptTimeout"/>: the last attempt took too long (earlier ones may have timed out
    /// too, and been retried).
    /// </summary>
    Attempt = 0,

    /// <summary><see cref="AwsClientOptions.OperationTimeout"/>: the whole call, retries and waits included, took too long.</summary>
    Operation = 1,

    /// <summary>
    /// The <see cref="System.Net.Http.HttpClient.Timeout"/> of the HttpClient given to the client (it applies to every
    /// attempt until the response headers arrive, on top of the client's own timeouts).
    /// </summary>
    HttpClient = 2,
}
