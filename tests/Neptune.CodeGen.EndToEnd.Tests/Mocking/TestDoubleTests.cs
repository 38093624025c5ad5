using System;
using System.Net;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Mocking;

/// <summary>
/// What an application's own tests can do with the generated client without a network or a mocking library: derive a fake
/// from <see cref="NeptuneDataClient"/> (protected constructor, virtual methods) or implement <see cref="INeptuneDataClient"/>,
/// build responses with their settable properties, and build the exceptions the client throws with
/// <see cref="NeptuneDataModelFactory"/>.
/// </summary>
public sealed class TestDoubleTests
{
    /// <summary>Application code under test: cancels a job, treating "not found" as already gone.</summary>
    private static async Task<string> CancelIfPresentAsync(INeptuneDataClient client, string id)
    {
        try
        {
            var response = await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = id });
            return response.Status ?? "(no status)";
        }
        catch (MLResourceNotFoundException e)
        {
            return $"gone ({e.RequestId})";
        }
    }

    [Fact]
    public async Task AFakeDerivedFromTheClient_OverridesTheOperation()
    {
        using var fake = new DerivedFake();

        Assert.Equal("Stopping", await CancelIfPresentAsync(fake, "job-1"));
        Assert.Equal("gone (req-404)", await CancelIfPresentAsync(fake, "missing"));
        Assert.Equal(["job-1", "missing"], fake.Cancelled);
    }

    [Fact]
    public async Task AFakeImplementingTheInterface_Works()
    {
        var fake = InterfaceFake.Create(new CancelMLModelTrainingJobResponse { Status = "Stopped" });

        Assert.Equal("Stopped", await CancelIfPresentAsync(fake, "job-1"));
    }

    [Fact]
    public void AnOperationTheFakeDoesNotOverride_SaysSo()
    {
        using var fake = new EmptyFake();

        // Thrown at the call, before any task exists.
        var error = Assert.Throws<InvalidOperationException>(() => { _ = fake.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "x" }); });

        Assert.Contains("created for mocking; override the operation you call", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelFactory_BuildsAModeledError_WithItsCodeStatusAndDetails()
    {
        var error = NeptuneDataModelFactory.MLResourceNotFoundException("No such job.", requestId: "req-1");

        Assert.IsType<MLResourceNotFoundException>(error);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("MLResourceNotFoundException", error.ErrorCode);
        Assert.Equal("No such job.", error.DetailedMessage);
        Assert.Equal("req-1", error.RequestId);
        Assert.Equal(string.Empty, error.ResponseBody);
        Assert.False(error.Retryable);
        Assert.Equal("MLResourceNotFoundException: No such job. (HTTP 404 NotFound, request id req-1)", error.Message);
    }

    [Theory]
    [InlineData("ThrottlingException", 500)]
    [InlineData("TooManyRequestsException", 429)]
    [InlineData("ConcurrentModificationException", 500)]
    public void ModelFactory_RetryableErrors_AreRetryable(string code, int status)
    {
        NeptuneDataException error = code switch
        {
            "ThrottlingException" => NeptuneDataModelFactory.ThrottlingException(),
            "TooManyRequestsException" => NeptuneDataModelFactory.TooManyRequestsException(),
            _ => NeptuneDataModelFactory.ConcurrentModificationException(),
        };

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.True(error.Retryable);
        Assert.Null(error.RequestId);
    }

    [Fact]
    public void ModelFactory_StatusAndBodyCanBeChanged()
    {
        var error = NeptuneDataModelFactory.BadRequestException(statusCode: HttpStatusCode.UnprocessableEntity, responseBody: "{\"code\":\"BadRequestException\"}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("{\"code\":\"BadRequestException\"}", error.ResponseBody);
    }

    [Fact]
    public void ModelFactory_BaseException_MapsAModeledCodeToItsClass_AndKeepsAnUnknownCodeAsTheBase()
    {
        var modeled = NeptuneDataModelFactory.NeptuneDataException(HttpStatusCode.Forbidden, "AccessDeniedException", "denied");
        var unknown = NeptuneDataModelFactory.NeptuneDataException(HttpStatusCode.BadGateway, responseBody: "<html>bad gateway</html>");

        Assert.IsType<AccessDeniedException>(modeled);
        Assert.Equal("denied", modeled.DetailedMessage);
        Assert.Equal(typeof(NeptuneDataException), unknown.GetType());
        Assert.Null(unknown.ErrorCode);
        Assert.Equal(HttpStatusCode.BadGateway, unknown.StatusCode);
        Assert.Contains("<html>bad gateway</html>", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exceptions_CanStillBeBuiltFromAServiceError()
    {
        var error = new TimeLimitExceededException(new ServiceError(HttpStatusCode.InternalServerError, "TimeLimitExceededException", "slow", "req-9", string.Empty));

        Assert.True(error.Retryable);
        Assert.Equal("req-9", error.RequestId);
    }

    private sealed class DerivedFake : NeptuneDataClient
    {
        public System.Collections.Generic.List<string> Cancelled { get; } = new();

        public override Task<CancelMLModelTrainingJobResponse> CancelMLModelTrainingJobAsync(CancelMLModelTrainingJobRequest request, CancellationToken cancellationToken = default)
        {
            Cancelled.Add(request.Id);
            return request.Id == "missing"
                ? Task.FromException<CancelMLModelTrainingJobResponse>(NeptuneDataModelFactory.MLResourceNotFoundException($"No job '{request.Id}'.", "req-404"))
                : Task.FromResult(new CancelMLModelTrainingJobResponse { Status = "Stopping" });
        }
    }

    private sealed class EmptyFake : NeptuneDataClient;

    /// <summary>
    /// Implements <see cref="INeptuneDataClient"/> (43 operations) without writing each method: <see cref="DispatchProxy"/>,
    /// part of .NET, routes every call here, and only the operation the test uses is answered.
    /// </summary>
    internal class InterfaceFake : DispatchProxy
    {
        private CancelMLModelTrainingJobResponse? _response;

        public static INeptuneDataClient Create(CancelMLModelTrainingJobResponse response)
        {
            var client = Create<INeptuneDataClient, InterfaceFake>();
            ((InterfaceFake)(object)client)._response = response;
            return client;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(INeptuneDataClient.CancelMLModelTrainingJobAsync)
                ? Task.FromResult(_response!)
                : throw new NotSupportedException($"{targetMethod?.Name} is not part of this fake.");
    }
}
