using System;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.Data;
using Neptune.Emulator;
using QuickStart;

// No arguments: run against a local emulator. With --endpoint and --region: run against a real cluster.
if (!CommandLine.TryParse(args, out var commandLine, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

try
{
    return commandLine.Endpoint is null ? await RunAgainstEmulatorAsync() : await RunAgainstClusterAsync(commandLine);
}
catch (NeptuneDataException e)
{
    Console.Error.WriteLine($"FAILED: Neptune answered {(int)e.StatusCode} {e.ErrorCode ?? "(no error code)"}: {e.DetailedMessage ?? e.ResponseBody}");
    return 1;
}
catch (Exception e) when (e is HttpRequestException or TimeoutException or AwsCredentialsException or ArgumentException or OperationCanceledException)
{
    Console.Error.WriteLine($"FAILED: {e.GetType().Name}: {e.Message}");
    return 1;
}

static async Task<int> RunAgainstEmulatorAsync()
{
    // A local stand-in for a cluster on a free loopback port; it checks every signature. Its jobs and loads take a second
    // here (minutes to hours on a cluster), so the whole run stays short.
    await using var emulator = await NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions
    {
        SessionToken = "quickstart-session-token",
        MlJobDuration = TimeSpan.FromSeconds(1),
        LoadJobDuration = TimeSpan.FromSeconds(1),
    });
    emulator.AddTrainingJob("job-1");
    // The emulator is not a graph database: it answers the tour's Gremlin query with this result, after a second.
    emulator.Gremlin.When(static q => q == EmulatorTour.GremlinQuery,
        JsonNode.Parse("""{"@type":"g:List","@value":[{"@type":"g:Int64","@value":42}]}""")!, duration: TimeSpan.FromSeconds(1));
    Console.WriteLine($"Emulator listening on {emulator.Endpoint}");
    Console.WriteLine();

    using var httpClient = CreateHttpClient();
    using var client = new NeptuneDataClient(new NeptuneDataClientOptions
    {
        Endpoint = emulator.Endpoint,
        Region = "us-east-1",
        Credentials = new AwsCredentials(emulator.Options.AccessKeyId, emulator.Options.SecretAccessKey, emulator.Options.SessionToken),
    }, httpClient);

    var response = await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1", Clean = true });
    Console.WriteLine($"Cancelled job-1: Status = {response.Status}");
    Console.WriteLine();

    try
    {
        await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "no-such-job" });
        Console.Error.WriteLine("FAILED: cancelling an unknown job succeeded; expected MLResourceNotFoundException.");
        return 1;
    }
    catch (MLResourceNotFoundException e)
    {
        Console.WriteLine($"Cancelling an unknown job threw {e.GetType().Name}:");
        Console.WriteLine($"  ErrorCode       = {e.ErrorCode}");
        Console.WriteLine($"  StatusCode      = {(int)e.StatusCode} ({e.StatusCode})");
        Console.WriteLine($"  RequestId       = {e.RequestId}");
        Console.WriteLine($"  DetailedMessage = {e.DetailedMessage}");
    }

    Console.WriteLine();

    // The tour prints typed results only: the wire log above shows what each call looks like on the wire.
    using (var quietClient = new NeptuneDataClient(new NeptuneDataClientOptions
    {
        Endpoint = emulator.Endpoint,
        Region = "us-east-1",
        Credentials = new AwsCredentials(emulator.Options.AccessKeyId, emulator.Options.SecretAccessKey, emulator.Options.SessionToken),
    }))
    using (var budget = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
    {
        if (!await EmulatorTour.RunAsync(quietClient, budget.Token))
        {
            return 1;
        }
    }

    // The same client through dependency injection, as an ASP.NET Core app or a worker gets it: IHttpClientFactory underneath,
    // and any handler added to the returned builder (a resilience handler, say) runs outside the signing.
    var services = new ServiceCollection();
    services.AddNeptuneDataClient(options =>
    {
        options.Endpoint = emulator.Endpoint;
        options.Region = "us-east-1";
        options.Credentials = new AwsCredentials(emulator.Options.AccessKeyId, emulator.Options.SecretAccessKey, emulator.Options.SessionToken);
    });
    await using var provider = services.BuildServiceProvider();
    emulator.AddTrainingJob("job-2");
    var fromDi = await provider.GetRequiredService<INeptuneDataClient>().CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-2" });
    Console.WriteLine($"Cancelled job-2 through dependency injection (AddNeptuneDataClient): Status = {fromDi.Status}");
    return 0;
}

static async Task<int> RunAgainstClusterAsync(CommandLine commandLine)
{
    using var httpClient = CreateHttpClient();
    using var client = new NeptuneDataClient(new NeptuneDataClientOptions
    {
        Endpoint = commandLine.Endpoint,
        Region = commandLine.Region,
        Credentials = null, // the AWS default chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN first
    }, httpClient);

    var response = await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = commandLine.JobId, Clean = true });
    Console.WriteLine($"Cancelled {commandLine.JobId}: Status = {response.Status}");
    return 0;
}

// Your own HttpClient (for example from IHttpClientFactory) works too. Keep redirects off: a signed request must not be re-sent elsewhere.
static HttpClient CreateHttpClient() =>
    new(new WireLogHandler(Console.Out, new SocketsHttpHandler { AllowAutoRedirect = false }));
