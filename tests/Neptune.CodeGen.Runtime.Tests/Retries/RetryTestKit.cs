using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Tests.Support;

namespace Neptune.CodeGen.Runtime.Tests.Retries;

/// <summary>Options, service, operation and responses shared by the retry, timeout and telemetry tests.</summary>
internal static class RetryTestKit
{
    public const string AccessKey = "AKIDRETRYTEST";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYRETRYKEY";
    public const string SessionToken = "FwoGZXIvYXdzRETRY-session-token-secret";
    public static readonly DateTimeOffset Start = new(2024, 3, 4, 5, 6, 7, TimeSpan.Zero);

    public sealed class TestOptions : AwsClientOptions;

    /// <summary>A modeled error whose spec says retryable, as generated code would emit it.</summary>
    public sealed class ConcurrentModificationException(ServiceError error, Exception? inner) : AwsServiceException(error, inner)
    {
        public override bool Retryable => true;
    }

    public static ServiceDescription Service(string name = "NeptuneData") => new(name, "neptune-db", "2023-08-01", (error, inner) =>
        error.ErrorCode == "ConcurrentModificationException" ? new ConcurrentModificationException(error, inner) : new AwsServiceException(error, inner));

    /// <summary>An endpoint no other test uses, so its retry quota and clock-skew record start fresh.</summary>
    public static Uri UniqueEndpoint() => new($"https://{Guid.NewGuid():N}.cluster-abc.us-east-1.neptune.amazonaws.com:8182");

    /// <summary>
    /// Options with static credentials, no environment, timeouts off (so a <see cref="TestClock"/> in auto mode only sees
    /// backoff waits), and jitter taken from <paramref name="jitter"/> in turn (the last value repeating).
    /// </summary>
    public static TestOptions Options(TimeProvider clock, Uri? endpoint = null, params double[] jitter)
    {
        var options = new TestOptions
        {
            Endpoint = endpoint ?? UniqueEndpoint(),
            Region = "us-east-1",
            TimeProvider = clock,
            Credentials = new AwsCredentials(AccessKey, SecretKey, SessionToken),
            AttemptTimeout = Timeout.InfiniteTimeSpan,
            OperationTimeout = Timeout.InfiniteTimeSpan,
            AwsEnvironment = new AwsEnvironment(_ => null),
        };
        options.Retry.NextJitter = Sequence(jitter.Length == 0 ? [0.5] : jitter);
        return options;
    }

    public static Func<double> Sequence(params double[] values)
    {
        var next = 0;
        return () => values[Math.Min(Interlocked.Increment(ref next) - 1, values.Length - 1)];
    }

    public static OperationRequest Operation()
    {
        var operation = new OperationRequest("ExecuteOpenCypherQuery", HttpMethod.Post);
        operation.AppendPath("/opencypher");
        operation.SetBody("{\"query\":\"MATCH (n) RETURN n\"}"u8.ToArray(), "application/json");
        return operation;
    }

    public static string ReadBody(ServiceResponse response) => response.BodyAsString();

    public static HttpResponseMessage Ok(string body = "{\"results\":[]}") =>
        FakeHandler.Json(HttpStatusCode.OK, body, ("x-amzn-RequestId", "req-ok"));

    public static HttpResponseMessage Error(HttpStatusCode status, string? code, params (string Name, string Value)[] headers)
    {
        var body = code is null ? "{}" : $"{{\"code\":\"{code}\",\"detailedMessage\":\"failed\",\"requestId\":\"req-{(int)status}\"}}";
        return FakeHandler.Json(status, body, headers);
    }
}

/// <summary>
/// A primary handler that answers from a script, one step per request (the last step repeating), and records each request.
/// A step may answer, throw, or wait for the request's cancellation.
/// </summary>
internal sealed class ScriptedHandler(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] steps) : HttpMessageHandler
{
    private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<CapturedRequest> Requests { get; } = new();

    /// <summary>Completes when the first request arrives.</summary>
    public Task FirstRequest => _firstRequest.Task;

    /// <summary>Waits (for real, briefly) until <paramref name="count"/> requests have arrived.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            lock (Requests)
            {
                if (Requests.Count >= count)
                {
                    return;
                }
            }

            await Task.Delay(1, limit.Token);
        }
    }

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Answer(Func<HttpResponseMessage> response) =>
        (_, _) => Task.FromResult(response());

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Throw(Func<Exception> error) =>
        (_, _) => Task.FromException<HttpResponseMessage>(error());

    /// <summary>Never answers: waits until the request is canceled (by a timeout or the caller).</summary>
    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Hang() =>
        async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        };

    public static ScriptedHandler Responses(params Func<HttpResponseMessage>[] responses) =>
        new(responses.Select(Answer).ToArray());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers.NonValidated.Concat(request.Content?.Headers.NonValidated ?? Enumerable.Empty<KeyValuePair<string, System.Net.Http.Headers.HeaderStringValues>>()))
        {
            headers[header.Key] = header.Value.ToList();
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        int index;
        lock (Requests)
        {
            Requests.Add(new CapturedRequest(request.Method, request.RequestUri!, headers, body));
            index = Requests.Count - 1;
        }

        _firstRequest.TrySetResult();
        var response = await steps[Math.Min(index, steps.Length - 1)](request, cancellationToken);
        response.RequestMessage ??= request;
        return response;
    }
}
