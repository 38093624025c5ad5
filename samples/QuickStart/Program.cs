using System;
using System.Net.Http;
using System.Threading.Tasks;
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
catch (Exception e) when (e is HttpRequestException or TimeoutException or AwsCredentialsException or ArgumentException)
{
    Console.Error.WriteLine($"FAILED: {e.GetType().Name}: {e.Message}");
    return 1;
}

static async Task<int> RunAgainstEmulatorAsync()
{
    // A local stand-in for a cluster's ML endpoint on a free loopback port; it checks every signature.
    await using var emulator = await NeptuneEmulator.StartAsync(new NeptuneEmulatorOptions { SessionToken = "quickstart-session-token" });
    emulator.AddTrainingJob("job-1");
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
