using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.Text;
using Neptune.CodeGen.Model;
using Neptune.CodeGen.Reading;
using YamlDotNet.RepresentationModel;
using static Neptune.CodeGen.Diagnostics.DiagnosticDescriptors;

namespace Neptune.CodeGen.Binding;

/// <summary>
/// Turns one spec file's YAML tree into an equatable <see cref="SpecFile"/> plus diagnostics.
/// Every check that needs only this file happens here; cross-file checks are the linker's.
/// </summary>
internal sealed partial class SpecBinder
{
    private static readonly string[] ServiceKeys = { "service", "namespace", "apiVersion", "signingName", "protocol", "doc", "errors", "shapes" };
    private static readonly string[] OperationKeys = { "operation", "doc", "iamAction", "http", "input", "output", "errors", "shapes" };
    private static readonly string[] HttpKeys = { "method", "uri", "code", "idempotent", "readonly" };
    private static readonly string[] ErrorKeys = { "status", "retryable", "doc" };
    private static readonly string[] ShapeKeys = { "type", "doc", "members", "values" };
    private static readonly string[] EnumValueKeys = { "value", "doc" };
    private static readonly string[] MemberKeys = { "type", "in", "name", "required", "doc", "default", "min", "max", "timestampFormat", "contentType" };
    private static readonly string[] HttpMethods = { "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD" };
    // One table per choice key: the spelling in the spec and the value it means; messages list the keys.
    private static readonly Dictionary<string, MemberBinding> Bindings = new(StringComparer.Ordinal)
    {
        ["body"] = MemberBinding.Body,
        ["label"] = MemberBinding.Label,
        ["query"] = MemberBinding.Query,
        ["header"] = MemberBinding.Header,
        ["status"] = MemberBinding.StatusCode,
        ["payload"] = MemberBinding.Payload,
    };

    private static readonly Dictionary<string, TimestampFormat?> TimestampFormats = new(StringComparer.Ordinal)
    {
        ["date-time"] = TimestampFormat.DateTime,
        ["epoch-seconds"] = TimestampFormat.EpochSeconds,
        ["http-date"] = TimestampFormat.HttpDate,
    };

    /// <summary>Members every generated class inherits from object: a property with one of these names would hide it (CS0108).</summary>
    private static readonly string[] ObjectMemberNames = { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals" };

    /// <summary>Members every generated enum struct declares: no value (and no enum) may be named like one (CS0102, CS0542).</summary>
    private static readonly string[] EnumMemberNames = { "Value", "Equals", "GetHashCode", "ToString", "GetType", "ReferenceEquals" };

    /// <summary>The members an enum struct declares itself: the struct cannot have one of these names (CS0542).</summary>
    private static readonly string[] EnumTypeClashes = { "Value", "Equals", "GetHashCode", "ToString" };

    internal static readonly Dictionary<string, TypeKind> BuiltInTypes = new(StringComparer.Ordinal)
    {
        ["string"] = TypeKind.String,
        ["boolean"] = TypeKind.Boolean,
        ["integer"] = TypeKind.Integer,
        ["long"] = TypeKind.Long,
        ["double"] = TypeKind.Double,
        ["timestamp"] = TypeKind.Timestamp,
        ["blob"] = TypeKind.Blob,
        ["document"] = TypeKind.Document,
    };

    private readonly string _path;
    private readonly SourceText _text;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = new();

    private SpecBinder(string path, SourceText text, CancellationToken cancellationToken)
    {
        _path = path;
        _text = text;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Reads and binds a file. A file is a spec when the build marked it as one (<paramref name="markedAsSpec"/>) or when its
    /// root mapping has an <c>operation</c> or <c>service</c> key; any other YAML file is ignored without diagnostics.
    /// </summary>
    public static SpecFile Bind(string path, SourceText source, bool markedAsSpec, CancellationToken cancellationToken)
    {
        // The host's SourceText is kept (not re-created from the string) so its line table is built once.
        var text = source.ToString();
        var binder = new SpecBinder(path, source, cancellationToken);
        var directory = System.IO.Path.GetDirectoryName(path) ?? string.Empty;
        if (text.Length > SpecReader.MaxLength)
        {
            // Not even parsed: the build stays quick, and a large YAML file that is not a spec costs nothing.
            if (!markedAsSpec && !LooksLikeSpec(text))
            {
                return SpecFile.NotASpec(path);
            }

            binder.Report(FileTooLarge, LocationInfo.FileStart(path), text.Length.ToString(CultureInfo.InvariantCulture),
                SpecReader.MaxLength.ToString(CultureInfo.InvariantCulture));
            return new SpecFile(path, directory, SpecFileKind.None, null, null, binder._diagnostics.ToEquatableArray());
        }

        var root = SpecReader.Read(path, source, out var syntaxError, out var extraDocument);
        if (syntaxError is not null)
        {
            return markedAsSpec || LooksLikeSpec(text)
                ? new SpecFile(path, directory, SpecFileKind.None, null, null, new[] { syntaxError }.ToEquatableArray())
                : SpecFile.NotASpec(path);
        }

        if (root is not YamlMappingNode mapping || (Find(mapping, "operation") is null && Find(mapping, "service") is null) ||
            (!markedAsSpec && !IsSpecRoot(mapping)))
        {
            if (!markedAsSpec)
            {
                return SpecFile.NotASpec(path);
            }

            var location = root is null ? LocationInfo.FileStart(path) : binder.Locate(root);
            binder.Report(MissingKey, location, "The spec file", "operation", "OperationName' (or 'service: <ServiceName>");
            return new SpecFile(path, directory, SpecFileKind.None, null, null, binder._diagnostics.ToEquatableArray());
        }

        if (extraDocument is not null)
        {
            binder.Report(ExtraDocument, extraDocument);
        }

        ServiceSpec? service = null;
        OperationSpec? operation = null;
        if (Find(mapping, "service") is not null && Find(mapping, "operation") is not null)
        {
            binder.Report(UnknownKey, binder.Locate(KeyNode(mapping, "operation")!), "operation", "a service spec", string.Empty, string.Join(", ", ServiceKeys));
        }

        if (Find(mapping, "service") is not null)
        {
            service = binder.BindService(mapping);
        }
        else
        {
            operation = binder.BindOperation(mapping);
        }

        var kind = service is not null ? SpecFileKind.Service : operation is not null ? SpecFileKind.Operation : SpecFileKind.None;
        return new SpecFile(path, directory, kind, service, operation, binder._diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// An unmarked YAML file is read as a spec only when its root says so: an <c>operation</c> with <c>http</c>, or a
    /// <c>service</c> with <c>namespace</c> or <c>signingName</c>. A serverless.yml (which has a <c>service</c> key) is not one.
    /// </summary>
    private static bool IsSpecRoot(YamlMappingNode root) =>
        (Find(root, "operation") is not null && Find(root, "http") is not null) ||
        (Find(root, "service") is not null && (Find(root, "namespace") is not null || Find(root, "signingName") is not null));

    private static bool LooksLikeSpec(string text)
    {
        // Any line break (LF, CRLF or a lone CR) before the key; a byte order mark before the first line.
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        return string.CompareOrdinal(text, start, "operation:", 0, 10) == 0 || string.CompareOrdinal(text, start, "service:", 0, 8) == 0 ||
               text.Contains("\noperation:") || text.Contains("\nservice:") || text.Contains("\roperation:") || text.Contains("\rservice:");
    }

    private ServiceSpec? BindService(YamlMappingNode root)
    {
        CheckKeys(root, "a service spec", ServiceKeys);
        var name = RequiredIdentifier(root, "service", "a service spec", "service name", "ServiceName");
        var ns = RequiredString(root, "namespace", "a service spec", "Namespace.Name");
        if (ns is not null)
        {
            foreach (var part in ns.Split('.'))
            {
                if (!Names.IsValidIdentifier(part))
                {
                    Report(InvalidIdentifier, Locate(Find(root, "namespace")!), ns, "namespace", part);
                    ns = null;
                    break;
                }
            }
        }

        var apiVersion = RequiredString(root, "apiVersion", "a service spec", "2023-08-01");
        var signingName = RequiredString(root, "signingName", "a service spec", "neptune-db");
        var protocol = OptionalString(root, "protocol");
        if (protocol is not null && protocol != "rest-json")
        {
            Report(InvalidValue, Locate(Find(root, "protocol")!), protocol, "protocol", Names.DidYouMean(protocol, new[] { "rest-json" }), "rest-json");
        }

        var errors = new List<ErrorSpec>();
        if (FindMapping(root, "errors") is { } errorsNode)
        {
            foreach (var entry in errorsNode.Children)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (BindError(entry.Key, entry.Value) is { } error)
                {
                    errors.Add(error);
                }
            }
        }

        var shapes = BindShapes(root);
        if (name is null || ns is null || apiVersion is null || signingName is null)
        {
            return null;
        }

        return new ServiceSpec(name, ns, apiVersion, signingName, OptionalString(root, "doc"), errors.ToEquatableArray(), shapes, Locate(Find(root, "service")!));
    }

    private ErrorSpec? BindError(YamlNode keyNode, YamlNode value)
    {
        var name = Scalar(keyNode);
        if (name is null || !CheckIdentifier(name, keyNode, "error name", name))
        {
            return null;
        }

        if (value is not YamlMappingNode mapping)
        {
            Report(WrongValueType, Locate(value), name, "a mapping with 'status' (and optionally 'retryable', 'doc')", Describe(value));
            return null;
        }

        CheckKeys(mapping, $"error '{name}'", ErrorKeys);
        var status = RequiredInt(mapping, "status", $"error '{name}'", "400");
        if (status is < 400 or > 599)
        {
            Report(InvalidValue, Locate(Find(mapping, "status")!), status.Value.ToString(CultureInfo.InvariantCulture), "status", string.Empty, "an HTTP error status from 400 to 599");
            return null;
        }

        return status is null ? null : new ErrorSpec(name, status.Value, OptionalBool(mapping, "retryable") ?? false, OptionalString(mapping, "doc"), Locate(keyNode));
    }

    private OperationSpec? BindOperation(YamlMappingNode root)
    {
        CheckKeys(root, "an operation spec", OperationKeys);
        var name = RequiredIdentifier(root, "operation", "an operation spec", "operation name", "OperationName");
        var doc = OptionalString(root, "doc");
        var iamAction = OptionalString(root, "iamAction");

        string? method = null;
        string? uri = null;
        var code = 200;
        var idempotent = false;
        var isReadonly = false;
        YamlNode? uriNode = null;
        var http = Find(root, "http");
        if (http is null)
        {
            Report(MissingKey, Locate(root), "An operation spec", "http", "{ method: GET, uri: /path }");
        }
        else if (http is not YamlMappingNode httpMapping)
        {
            Report(WrongValueType, Locate(http), "http", "a mapping with 'method' and 'uri'", Describe(http));
        }
        else
        {
            CheckKeys(httpMapping, "'http'", HttpKeys);
            method = RequiredString(httpMapping, "method", "'http'", "GET");
            if (method is not null && !HttpMethods.Contains(method))
            {
                Report(UnsupportedHttpMethod, Locate(Find(httpMapping, "method")!), method);
                method = null;
            }

            uri = RequiredString(httpMapping, "uri", "'http'", "/path/{label}");
            uriNode = Find(httpMapping, "uri");
            code = OptionalInt(httpMapping, "code") ?? 200;
            idempotent = OptionalBool(httpMapping, "idempotent") ?? false;
            isReadonly = OptionalBool(httpMapping, "readonly") ?? false;
        }

        var input = BindMembers(root, "input", isInput: true, name is null ? null : name + "Request");
        var output = BindMembers(root, "output", isInput: false, name is null ? null : name + "Response");
        var uriLabels = uri is null ? null : ParseUriLabels(uri, uriNode!);
        if (uriLabels is not null && !CheckLabels(uri!, uriNode!, uriLabels, input))
        {
            uriLabels = null;
        }

        var errors = new List<NameRef>();
        var errorsNode = Find(root, "errors");
        if (errorsNode is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.Children)
            {
                var errorName = Scalar(item);
                if (errorName is null)
                {
                    continue;
                }

                if (errors.Any(e => e.Name == errorName))
                {
                    Report(DuplicateName, Locate(item), "error", errorName, " in this operation's 'errors'");
                    continue;
                }

                errors.Add(new NameRef(errorName, Locate(item)));
            }
        }
        else if (errorsNode is not null)
        {
            Report(WrongValueType, Locate(errorsNode), "errors", "a list of error names", Describe(errorsNode));
        }

        var shapes = BindShapes(root);
        if (name is null || method is null || uri is null || uriLabels is null)
        {
            return null;
        }

        return new OperationSpec(name, doc, iamAction, method, uri, code, idempotent, isReadonly, input, output, errors.ToEquatableArray(), shapes, Locate(Find(root, "operation")!));
    }

    /// <summary>Returns the labels of a URI template, or null (with a diagnostic) when the template is malformed.</summary>
    private List<string>? ParseUriLabels(string uri, YamlNode node)
    {
        if (!uri.StartsWith("/", StringComparison.Ordinal))
        {
            Report(InvalidUri, Locate(node), uri, "it must start with '/'");
            return null;
        }

        if (uri.IndexOfAny(new[] { '?', '#', ' ' }) >= 0)
        {
            Report(InvalidUri, Locate(node), uri, "it must not contain '?', '#' or spaces (bind query parameters with 'in: query')");
            return null;
        }

        var labels = new List<string>();
        foreach (var segment in uri.Split('/'))
        {
            var open = segment.IndexOf('{');
            var close = segment.IndexOf('}');
            if (open < 0 && close < 0)
            {
                // Literal text is sent (and signed) as written, so it must already be valid in a URI path (RFC 3986 pchar).
                var bad = segment.Where(c => !IsPathChar(c)).Take(1).ToList();
                if (bad.Count > 0)
                {
                    var shown = char.IsControl(bad[0]) ? $"U+{(int)bad[0]:X4}" : bad[0].ToString();
                    Report(InvalidUri, Locate(node), uri, $"the character '{shown}' cannot appear in a URI path; use letters, digits and -._~!$&'()*+,;=:@");
                    return null;
                }

                continue;
            }

            if (open != 0 || close != segment.Length - 1 || segment.IndexOf('{', 1) >= 0)
            {
                Report(InvalidUri, Locate(node), uri, $"the segment '{segment}' must be a whole label like '{{name}}'");
                return null;
            }

            var label = segment.Substring(1, segment.Length - 2);
            if (!Names.IsValidIdentifier(label))
            {
                Report(InvalidUri, Locate(node), uri, $"the label '{label}' is not a member name");
                return null;
            }

            if (labels.Contains(label))
            {
                Report(InvalidUri, Locate(node), uri, $"the label '{label}' appears twice");
                return null;
            }

            labels.Add(label);
        }

        return labels;
    }

    /// <summary>Every label needs a label member and the reverse; returns false when they do not match.</summary>
    private bool CheckLabels(string uri, YamlNode uriNode, List<string> labels, EquatableArray<MemberSpec> input)
    {
        var ok = true;
        foreach (var label in labels)
        {
            if (!input.Any(m => m.Binding == MemberBinding.Label && m.Key == label))
            {
                Report(LabelWithoutMember, Locate(uriNode), label);
                ok = false;
            }
        }

        foreach (var member in input)
        {
            if (member.Binding == MemberBinding.Label && !labels.Contains(member.Key))
            {
                Report(MemberWithoutLabel, member.Location, member.Key, uri);
                ok = false;
            }
        }

        return ok;
    }
}
