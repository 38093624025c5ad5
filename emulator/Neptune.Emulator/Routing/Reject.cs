using System;

namespace Neptune.Emulator.Routing;

/// <summary>
/// Thrown by validation helpers inside an operation handler; the router answers with <see cref="Response"/>.
/// It never leaves the emulator.
/// </summary>
internal sealed class Reject : Exception
{
    private Reject(EmulatorResponse response)
        : base(response.ErrorMessage) => Response = response;

    public EmulatorResponse Response { get; }

    public static Reject With(int status, string code, string message) => new(EmulatorResponse.Failure(status, code, message));

    public static Reject BadRequest(string message) => With(400, "BadRequestException", message);

    public static Reject InvalidParameter(string message) => With(400, "InvalidParameterException", message);

    public static Reject MissingParameter(string name) => With(400, "MissingParameterException", $"The required parameter '{name}' is missing.");
}
