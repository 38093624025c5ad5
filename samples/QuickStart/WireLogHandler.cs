using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace QuickStart;

/// <summary>
/// Prints each request as it leaves the client (already signed) and the response that came back.
/// Secrets never reach the output: the session token is shown as <c>***</c> and the signature is elided.
/// The secret access key is never on the wire in the first place; only the signature derived from it is.
/// </summary>
internal sealed partial class WireLogHandler : DelegatingHandler
{
    private const int MaxBodyChars = 500;

    private readonly TextWriter _output;

    public WireLogHandler(TextWriter output, HttpMessageHandler innerHandler) : base(innerHandler)
    {
        _output = output;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        _output.WriteLine($"--> {request.Method} {uri.Scheme}://{uri.Authority}");
        _output.WriteLine($"    path:  {uri.AbsolutePath}");
        _output.WriteLine($"    query: {(uri.Query.Length > 0 ? uri.Query[1..] : "(none)")}");
        foreach (var (name, values) in request.Headers)
        {
            _output.WriteLine($"    {name}: {Redact(name, string.Join(", ", values))}");
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.First() : "(none)";
        _output.WriteLine($"<-- {(int)response.StatusCode} {response.ReasonPhrase} (x-amzn-RequestId: {requestId})");
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > 0)
        {
            _output.WriteLine($"    {(body.Length > MaxBodyChars ? body[..MaxBodyChars] + "..." : body)}");
        }

        _output.WriteLine();
        return response;
    }

    private static string Redact(string name, string value)
    {
        if (name.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase))
        {
            return "***";
        }

        // "AWS4-HMAC-SHA256 Credential=AKID/date/region/neptune-db/aws4_request, SignedHeaders=host;x-amz-date, Signature=<hex>"
        return name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? Signature().Replace(value, "Signature=<elided>") : value;
    }

    [GeneratedRegex("Signature=[0-9A-Fa-f]*")]
    private static partial Regex Signature();
}
