using System;
using System.Linq;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Support;

/// <summary>Reads the parts of a recorded request's SigV4 <c>Authorization</c> header.</summary>
internal static class SigV4Header
{
    /// <summary>The lowercase header names listed in <c>SignedHeaders=</c>.</summary>
    public static string[] SignedHeaders(RecordedRequest request) => Part(request, "SignedHeaders").Split(';');

    /// <summary>The <c>Credential=</c> value: <c>AKID/yyyyMMdd/region/service/aws4_request</c>.</summary>
    public static string Credential(RecordedRequest request) => Part(request, "Credential");

    /// <summary>Asserts that the emulator accepted the request's signature (it verifies every request it receives).</summary>
    public static void AssertAccepted(RecordedRequest request)
    {
        Assert.True(request.AuthenticationFailure is null, $"The emulator rejected the signature of {request.Method} {request.RawTarget}: {request.AuthenticationFailure}");
    }

    private static string Part(RecordedRequest request, string name)
    {
        var header = request.GetHeader("Authorization");
        Assert.False(header is null, $"{request.Method} {request.RawTarget} has no Authorization header.");
        Assert.StartsWith("AWS4-HMAC-SHA256 ", header, StringComparison.Ordinal);
        var part = header["AWS4-HMAC-SHA256 ".Length..].Split(',').Select(static p => p.Trim()).FirstOrDefault(p => p.StartsWith(name + "=", StringComparison.Ordinal));
        Assert.False(part is null, $"The Authorization header has no {name}: {header}");
        return part[(name.Length + 1)..];
    }
}
