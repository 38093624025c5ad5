using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Neptune.Emulator;
using Neptune.Emulator.Tool;

// neptune-emulator: runs the Neptune data API emulator until Ctrl+C (SIGINT) or SIGTERM.
var options = ToolOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine($"neptune-emulator: {error}");
    Console.Error.WriteLine(ToolOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(ToolOptions.Usage);
    return 0;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});

NeptuneEmulator emulator;
try
{
    emulator = await NeptuneEmulator.StartAsync(options.ToEmulatorOptions());
}
catch (System.IO.IOException exception)
{
    Console.Error.WriteLine($"neptune-emulator: cannot listen on 127.0.0.1:{options.Port}: {exception.Message} (try another --port, or --port 0 for a free one)");
    return 1;
}

await using (emulator)
{
    var accepted = emulator.Options;
    Console.WriteLine($"Neptune emulator listening on {emulator.Endpoint}");
    Console.WriteLine($"Region: {accepted.Region}, signing name: {accepted.SigningName}");
    if (accepted.VerifySignatures)
    {
        Console.WriteLine("Accepted credentials (test-only: they work against this emulator and nowhere else, so printing them is intended):");
        Console.WriteLine($"  AWS_ACCESS_KEY_ID={accepted.AccessKeyId}");
        Console.WriteLine($"  AWS_SECRET_ACCESS_KEY={accepted.SecretAccessKey}");
        if (accepted.SessionToken is not null)
        {
            Console.WriteLine($"  AWS_SESSION_TOKEN={accepted.SessionToken}");
        }
    }
    else
    {
        Console.WriteLine("Signatures are not verified (--no-auth): any request is accepted.");
    }

    Console.WriteLine("Press Ctrl+C to stop.");
    emulator.RequestServed += request => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{request.ReceivedAt:HH:mm:ss.fff} {request.Method} {request.RawTarget} -> {(request.StatusCode == 0 ? "aborted" : request.StatusCode.ToString(CultureInfo.InvariantCulture))}{(request.ErrorCode is null ? "" : " " + request.ErrorCode)} ({request.Duration.TotalMilliseconds:0} ms)"));

    await stop.Task;
    Console.WriteLine("Stopping...");
}

Console.WriteLine("Stopped.");
return 0;
