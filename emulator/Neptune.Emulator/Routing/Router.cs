using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace Neptune.Emulator.Routing;

/// <summary>
/// Maps method and raw path to an operation. Patterns are the model's URIs (<c>/ml/modeltraining/{id}</c>);
/// a label matches one raw segment and is percent-decoded exactly once, so <c>a%2Fb</c> is the single id <c>a/b</c>.
/// </summary>
internal sealed class Router
{
    private readonly List<Route> _routes = [];

    public void Add(string method, string pattern, Func<EmulatorRequest, EmulatorResponse> handler) =>
        Add(method, pattern, request => new ValueTask<EmulatorResponse>(handler(request)));

    public void Add(string method, string pattern, Func<EmulatorRequest, ValueTask<EmulatorResponse>> handler) =>
        _routes.Add(new Route(method, pattern, pattern.Split('/', StringSplitOptions.RemoveEmptyEntries), handler));

    /// <summary>The operations served, as "METHOD pattern" lines (for the tool's banner and docs).</summary>
    public IEnumerable<string> Describe() => _routes.Select(static r => $"{r.Method} {r.Pattern}");

    public async ValueTask<EmulatorResponse> HandleAsync(EmulatorRequest request)
    {
        var path = request.RawPath.Length > 1 && request.RawPath.EndsWith('/') ? request.RawPath[..^1] : request.RawPath;
        var segments = path.Split('/');
        if (segments.Length == 0 || segments[0].Length != 0)
        {
            return Unsupported(request);
        }

        segments = segments[1..];
        var allowed = new List<string>();
        string? matchedPattern = null;
        foreach (var route in _routes)
        {
            if (!route.TryMatch(segments, out var labels))
            {
                continue;
            }

            if (route.Method != request.Method)
            {
                allowed.Add(route.Method);
                matchedPattern ??= route.Pattern;
                continue;
            }

            request.Labels = labels;
            try
            {
                return await route.Handler(request).ConfigureAwait(false);
            }
            catch (Reject reject)
            {
                return reject.Response;
            }
        }

        if (matchedPattern is not null)
        {
            var allow = string.Join(", ", allowed);
            return EmulatorResponse.Failure(405, "MethodNotAllowedException",
                $"The method {request.Method} is not allowed on {matchedPattern}; allowed: {allow}.") with
            {
                ExtraHeaders = [new KeyValuePair<string, string>("Allow", allow)],
            };
        }

        return Unsupported(request);
    }

    /// <summary>A 200 JSON response.</summary>
    public static EmulatorResponse Ok(JsonNode json) => EmulatorResponse.Ok(json);

    private static EmulatorResponse Unsupported(EmulatorRequest request) =>
        EmulatorResponse.Failure(400, "UnsupportedOperationException",
            $"Unsupported operation: {request.Method} {request.RawPath}. The emulator serves the Neptune Data API paths (see docs/emulator.md).");

    private sealed record Route(string Method, string Pattern, string[] Segments, Func<EmulatorRequest, ValueTask<EmulatorResponse>> Handler)
    {
        public bool TryMatch(string[] raw, out IReadOnlyDictionary<string, string> labels)
        {
            labels = new Dictionary<string, string>();
            if (raw.Length != Segments.Length)
            {
                return false;
            }

            Dictionary<string, string>? found = null;
            for (var i = 0; i < raw.Length; i++)
            {
                var expected = Segments[i];
                if (expected.StartsWith('{'))
                {
                    if (raw[i].Length == 0)
                    {
                        return false;
                    }

                    found ??= new Dictionary<string, string>(StringComparer.Ordinal);
                    found[expected[1..^1]] = Uri.UnescapeDataString(raw[i]);
                }
                else if (!string.Equals(expected, raw[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            if (found is not null)
            {
                labels = found;
            }

            return true;
        }
    }
}
