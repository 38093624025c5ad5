using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Neptune.CodeGen.Model;
using Neptune.CodeGen.Reading;
using YamlDotNet.RepresentationModel;
using static Neptune.CodeGen.Diagnostics.DiagnosticDescriptors;

namespace Neptune.CodeGen.Binding;

/// <summary>
/// Turns one spec file's YAML tree into an equatable <see cref="SpecFile"/> plus diagnostics.
/// Every check that needs only this file happens here; cross-file checks are the linker's.
/// </summary>
internal sealed class SpecBinder
{
    private static readonly string[] ServiceKeys = { "service", "namespace", "apiVersion", "signingName", "protocol", "doc", "errors", "shapes" };
    private static readonly string[] OperationKeys = { "operation", "doc", "iamAction", "http", "input", "output", "errors", "shapes" };
    private static readonly string[] HttpKeys = { "method", "uri", "code", "idempotent" };
    private static readonly string[] ErrorKeys = { "status", "retryable", "doc" };
    private static readonly string[] ShapeKeys = { "type", "doc", "members", "values" };
    private static readonly string[] EnumValueKeys = { "value", "doc" };
    private static readonly string[] MemberKeys = { "type", "in", "name", "required", "doc", "default", "min", "max", "timestampFormat", "contentType" };
    private static readonly string[] HttpMethods = { "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD" };
    private static readonly string[] Bindings = { "body", "label", "query", "header", "status", "payload" };
    private static readonly string[] TimestampFormats = { "date-time", "epoch-seconds", "http-date" };

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
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = new();

    private SpecBinder(string path, CancellationToken cancellationToken)
    {
        _path = path;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Reads and binds a file. A file is a spec when the build marked it as one (<paramref name="markedAsSpec"/>) or when its
    /// root mapping has an <c>operation</c> or <c>service</c> key; any other YAML file is ignored without diagnostics.
    /// </summary>
    public static SpecFile Bind(string path, string text, bool markedAsSpec, CancellationToken cancellationToken)
    {
        var binder = new SpecBinder(path, cancellationToken);
        var directory = System.IO.Path.GetDirectoryName(path) ?? string.Empty;
        var root = SpecReader.Read(path, text, out var syntaxError);
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

            var location = root is null ? LocationInfo.FileStart(path) : SpecReader.Locate(path, root);
            binder.Report(MissingKey, location, "The spec file", "operation", "OperationName' (or 'service: <ServiceName>");
            return new SpecFile(path, directory, SpecFileKind.None, null, null, binder._diagnostics.ToEquatableArray());
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

    private static bool LooksLikeSpec(string text) =>
        text.StartsWith("operation:", StringComparison.Ordinal) || text.StartsWith("service:", StringComparison.Ordinal) ||
        text.Contains("\noperation:") || text.Contains("\nservice:");

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

        return new OperationSpec(name, doc, iamAction, method, uri, code, idempotent, input, output, errors.ToEquatableArray(), shapes, Locate(Find(root, "operation")!));
    }

    /// <param name="parent">The mapping holding the members.</param>
    /// <param name="key">The key of the members: input, output or members.</param>
    /// <param name="isInput">Whether the members are sent (input and structures) or read (output).</param>
    /// <param name="typeName">The generated class the members become properties of; null when its name is invalid.</param>
    private EquatableArray<MemberSpec> BindMembers(YamlMappingNode parent, string key, bool isInput, string? typeName)
    {
        var node = Find(parent, key);
        if (node is null)
        {
            return EquatableArray<MemberSpec>.Empty;
        }

        if (node is not YamlMappingNode mapping)
        {
            Report(WrongValueType, Locate(node), key, "a mapping of member names to members", Describe(node));
            return EquatableArray<MemberSpec>.Empty;
        }

        var members = new List<MemberSpec>();
        foreach (var entry in mapping.Children)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (BindMember(entry.Key, entry.Value, key) is not { } member)
            {
                continue;
            }

            var property = Names.ToPascalCase(member.Key);
            if (members.Any(m => Names.ToPascalCase(m.Key) == property))
            {
                Report(DuplicateName, member.Location, "member", property, $" in '{key}'");
                continue;
            }

            // A property cannot share its class's name (CS0542) and should not hide object's members (CS0108).
            if (property == typeName || Array.IndexOf(ObjectMemberNames, property) >= 0)
            {
                var clash = property == typeName ? $"it is also the name of the generated class '{typeName}'" : $"every C# object has a member '{property}'";
                Report(DuplicateName, member.Location, "member", property, $" ({clash}; use another key and keep the wire name with 'name: {member.WireName}')");
                continue;
            }

            if (key is "input" or "output")
            {
                CheckBinding(member, isInput);
            }

            members.Add(member);
        }

        var payloads = members.Where(m => m.Binding == MemberBinding.Payload).ToList();
        if (payloads.Count > 1)
        {
            Report(BindingNotAllowed, payloads[1].Location, payloads[1].Key, "payload", $"in '{key}'", "Only one member can be the payload.");
        }
        else if (payloads.Count == 1 && members.FirstOrDefault(m => m.Binding == MemberBinding.Body) is { } body)
        {
            Report(BindingNotAllowed, body.Location, body.Key, "body", $"in '{key}'", $"Member '{payloads[0].Key}' is already the whole payload; bind this member to a header or query instead.");
        }

        return members.ToEquatableArray();
    }

    private void CheckBinding(MemberSpec member, bool isInput)
    {
        var context = isInput ? "in 'input'" : "in 'output'";
        var allowed = member.Binding switch
        {
            MemberBinding.Label or MemberBinding.Query => isInput,
            MemberBinding.StatusCode => !isInput,
            _ => true,
        };
        if (!allowed)
        {
            Report(BindingNotAllowed, member.Location, member.Key, BindingName(member.Binding), context,
                isInput ? "Input members can be in: body, label, query, header or payload." : "Output members can be in: body, header, status or payload.");
            return;
        }

        var type = member.Type;
        var scalar = type.Kind is not (TypeKind.List or TypeKind.Map or TypeKind.Document or TypeKind.Blob);
        var ok = member.Binding switch
        {
            MemberBinding.Label or MemberBinding.Header => scalar,
            MemberBinding.Query => scalar || (type.Kind == TypeKind.List && type.Element!.Kind is not (TypeKind.List or TypeKind.Map or TypeKind.Document or TypeKind.Blob)),
            MemberBinding.StatusCode => type.Kind == TypeKind.Integer,
            MemberBinding.Payload => type.Kind is TypeKind.String or TypeKind.Blob or TypeKind.Document or TypeKind.Named,
            _ => true,
        };
        if (!ok)
        {
            Report(BindingNotAllowed, member.TypeLocation, member.Key, BindingName(member.Binding), $"with type '{type}'",
                member.Binding switch
                {
                    MemberBinding.StatusCode => "The status code member must have type integer.",
                    MemberBinding.Payload => "A payload must be string, blob, document or a structure.",
                    MemberBinding.Query => "Query members must be scalars or lists of scalars.",
                    _ => "Labels and headers must be scalars (string, boolean, integer, long, double, timestamp or an enum).",
                });
        }
    }

    private MemberSpec? BindMember(YamlNode keyNode, YamlNode value, string context)
    {
        var key = Scalar(keyNode);
        if (key is null || !CheckIdentifier(key, keyNode, "member name", Names.ToPascalCase(key)))
        {
            return null;
        }

        // Shorthand: "status: string".
        if (value is YamlScalarNode shorthand)
        {
            var shortType = ParseType(shorthand.Value ?? string.Empty, shorthand);
            return shortType is null ? null : new MemberSpec(key, key, MemberBinding.Body, shortType, false, null, null, null, null, null, null, Locate(keyNode), Locate(shorthand));
        }

        if (value is not YamlMappingNode mapping)
        {
            Report(WrongValueType, Locate(value), key, "a mapping with at least 'type'", Describe(value));
            return null;
        }

        CheckKeys(mapping, $"member '{key}'", MemberKeys);
        var typeText = RequiredString(mapping, "type", $"Member '{key}'", "string");
        var typeNode = Find(mapping, "type");
        var type = typeText is null ? null : ParseType(typeText, typeNode!);

        var binding = MemberBinding.Body;
        if (OptionalString(mapping, "in") is { } bindingText)
        {
            var parsed = Array.IndexOf(Bindings, bindingText);
            if (parsed < 0)
            {
                Report(InvalidValue, Locate(Find(mapping, "in")!), bindingText, "in", Names.DidYouMean(bindingText, Bindings), string.Join(", ", Bindings));
                return null;
            }

            binding = bindingText switch
            {
                "label" => MemberBinding.Label,
                "query" => MemberBinding.Query,
                "header" => MemberBinding.Header,
                "status" => MemberBinding.StatusCode,
                "payload" => MemberBinding.Payload,
                _ => MemberBinding.Body,
            };
        }

        TimestampFormat? timestampFormat = null;
        if (OptionalString(mapping, "timestampFormat") is { } formatText)
        {
            timestampFormat = formatText switch
            {
                "date-time" => TimestampFormat.DateTime,
                "epoch-seconds" => TimestampFormat.EpochSeconds,
                "http-date" => TimestampFormat.HttpDate,
                _ => null,
            };
            if (timestampFormat is null)
            {
                Report(InvalidValue, Locate(Find(mapping, "timestampFormat")!), formatText, "timestampFormat", Names.DidYouMean(formatText, TimestampFormats), string.Join(", ", TimestampFormats));
                return null;
            }
        }

        var min = OptionalNumber(mapping, "min");
        var max = OptionalNumber(mapping, "max");
        var wireName = OptionalString(mapping, "name") ?? key;
        if (binding == MemberBinding.Header && !IsHeaderName(wireName))
        {
            // Caught here, not as an exception on every call at run time.
            Report(InvalidValue, Locate(Find(mapping, "name") ?? keyNode), wireName, "name", " (an HTTP header name)", "letters, digits and !#$%&'*+-.^_`|~ (no spaces)");
            return null;
        }

        if (binding == MemberBinding.Query && wireName.Length == 0)
        {
            Report(InvalidValue, Locate(Find(mapping, "name")!), wireName, "name", " (a query parameter name)", "any non-empty text");
            return null;
        }

        if (type is null)
        {
            return null;
        }

        if (binding == MemberBinding.Label && OptionalBool(mapping, "required") != true)
        {
            Report(MissingKey, Locate(keyNode), $"Label member '{key}' (a label is always part of the path)", "required", "true");
        }

        return new MemberSpec(key, wireName, binding, type, OptionalBool(mapping, "required") ?? false, OptionalString(mapping, "doc"),
            OptionalScalarText(mapping, "default"), min, max, timestampFormat, OptionalString(mapping, "contentType"), Locate(keyNode), Locate(typeNode!));
    }

    private TypeSpec? ParseType(string text, YamlNode node)
    {
        text = text.Trim();
        if (TryGeneric(text, "list", out var inner))
        {
            var element = ParseType(inner, node);
            return element is null ? null : new TypeSpec(TypeKind.List, element, null);
        }

        if (TryGeneric(text, "map", out inner))
        {
            // map<V> or map<string, V>: keys are always strings in JSON.
            var comma = inner.IndexOf(',');
            if (comma >= 0)
            {
                var keyType = inner.Substring(0, comma).Trim();
                if (keyType != "string")
                {
                    Report(InvalidValue, Locate(node), text, "type", " (map keys are always strings)", "map<ValueType> or map<string, ValueType>");
                    return null;
                }

                inner = inner.Substring(comma + 1);
            }

            var element = ParseType(inner, node);
            return element is null ? null : new TypeSpec(TypeKind.Map, element, null);
        }

        if (BuiltInTypes.TryGetValue(text, out var kind))
        {
            return TypeSpec.Scalar(kind);
        }

        if (Names.IsValidIdentifier(text) && char.IsUpper(text[0]))
        {
            return new TypeSpec(TypeKind.Named, null, text);
        }

        var candidates = BuiltInTypes.Keys.Concat(new[] { "list<T>", "map<T>" }).ToArray();
        Report(InvalidValue, Locate(node), text, "type", Names.DidYouMean(text, BuiltInTypes.Keys), string.Join(", ", candidates) + " or the PascalCase name of a shape");
        return null;
    }

    private static bool TryGeneric(string text, string name, out string inner)
    {
        inner = string.Empty;
        if (text.StartsWith(name + "<", StringComparison.Ordinal) && text.EndsWith(">", StringComparison.Ordinal))
        {
            inner = text.Substring(name.Length + 1, text.Length - name.Length - 2);
            return true;
        }

        return false;
    }

    private EquatableArray<ShapeSpec> BindShapes(YamlMappingNode root)
    {
        if (FindMapping(root, "shapes") is not { } shapesNode)
        {
            return EquatableArray<ShapeSpec>.Empty;
        }

        var shapes = new List<ShapeSpec>();
        foreach (var entry in shapesNode.Children)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var name = Scalar(entry.Key);
            if (name is null || !CheckIdentifier(name, entry.Key, "shape name", name))
            {
                continue;
            }

            if (entry.Value is not YamlMappingNode mapping)
            {
                Report(WrongValueType, Locate(entry.Value), name, "a mapping with 'type: structure' or 'type: enum'", Describe(entry.Value));
                continue;
            }

            CheckKeys(mapping, $"shape '{name}'", ShapeKeys);
            var type = RequiredString(mapping, "type", $"Shape '{name}'", "structure");
            if (type is not null and not ("structure" or "enum"))
            {
                Report(InvalidValue, Locate(Find(mapping, "type")!), type, "type", Names.DidYouMean(type, new[] { "structure", "enum" }), "structure, enum");
                continue;
            }

            if (type is null)
            {
                continue;
            }

            var isEnum = type == "enum";
            if (isEnum && Array.IndexOf(EnumTypeClashes, name) >= 0)
            {
                Report(DuplicateName, Locate(entry.Key), "shape", name, $" (every generated enum has a member '{name}')");
                continue;
            }

            var members = isEnum ? EquatableArray<MemberSpec>.Empty : BindMembers(mapping, "members", isInput: true, name);
            var values = isEnum ? BindEnumValues(mapping, name) : EquatableArray<EnumValueSpec>.Empty;
            shapes.Add(new ShapeSpec(name, isEnum, OptionalString(mapping, "doc"), members, values, Locate(entry.Key)));
        }

        return shapes.ToEquatableArray();
    }

    private EquatableArray<EnumValueSpec> BindEnumValues(YamlMappingNode shape, string shapeName)
    {
        if (FindMapping(shape, "values") is not { } valuesNode)
        {
            Report(MissingKey, Locate(shape), $"Enum '{shapeName}'", "values", "{ Name: WIRE_VALUE }");
            return EquatableArray<EnumValueSpec>.Empty;
        }

        var values = new List<EnumValueSpec>();
        foreach (var entry in valuesNode.Children)
        {
            var name = Scalar(entry.Key);
            if (name is null || !CheckIdentifier(name, entry.Key, "enum value name", name))
            {
                continue;
            }

            if (name == shapeName || Array.IndexOf(EnumMemberNames, name) >= 0)
            {
                var clash = name == shapeName ? $"it is also the name of the enum '{shapeName}'" : $"every generated enum has a member '{name}'";
                Report(DuplicateName, Locate(entry.Key), "enum value", name, $" ({clash}; use another name, the wire value can stay)");
                continue;
            }

            string? wire;
            string? doc = null;
            if (entry.Value is YamlMappingNode valueMapping)
            {
                CheckKeys(valueMapping, $"enum value '{name}'", EnumValueKeys);
                wire = RequiredString(valueMapping, "value", $"Enum value '{name}'", name.ToUpperInvariant());
                doc = OptionalString(valueMapping, "doc");
            }
            else
            {
                wire = Scalar(entry.Value);
            }

            if (wire is not null)
            {
                values.Add(new EnumValueSpec(name, wire, doc, Locate(entry.Key)));
            }
        }

        return values.ToEquatableArray();
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

    // ---- small readers over YAML nodes; each reports its own diagnostics ----

    private void CheckKeys(YamlMappingNode mapping, string context, string[] allowed)
    {
        foreach (var key in mapping.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is not null && Array.IndexOf(allowed, name) < 0)
            {
                Report(UnknownKey, Locate(key), name, context, Names.DidYouMean(name, allowed), string.Join(", ", allowed));
            }
        }
    }

    private static YamlNode? Find(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static YamlNode? KeyNode(YamlMappingNode mapping, string key) =>
        mapping.Children.Keys.FirstOrDefault(k => (k as YamlScalarNode)?.Value == key);

    private YamlMappingNode? FindMapping(YamlMappingNode mapping, string key)
    {
        var node = Find(mapping, key);
        if (node is null || node is YamlMappingNode)
        {
            return (YamlMappingNode?)node;
        }

        if (node is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return null;
        }

        Report(WrongValueType, Locate(node), key, "a mapping", Describe(node));
        return null;
    }

    private string? Scalar(YamlNode node)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? string.Empty;
        }

        Report(WrongValueType, Locate(node), "value", "a single value", Describe(node));
        return null;
    }

    private string? OptionalString(YamlMappingNode mapping, string key)
    {
        var node = Find(mapping, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Report(WrongValueType, Locate(node), key, "a text value", Describe(node));
        return null;
    }

    private string? OptionalScalarText(YamlMappingNode mapping, string key) => OptionalString(mapping, key);

    private string? RequiredString(YamlMappingNode mapping, string key, string context, string example)
    {
        if (Find(mapping, key) is null)
        {
            Report(MissingKey, Locate(mapping), Capitalize(context), key, example);
            return null;
        }

        var value = OptionalString(mapping, key);
        if (value is not null && value.Trim().Length == 0)
        {
            Report(WrongValueType, Locate(Find(mapping, key)!), key, "a non-empty text value", "an empty value");
            return null;
        }

        return value;
    }

    private string? RequiredIdentifier(YamlMappingNode mapping, string key, string context, string what, string example)
    {
        var value = RequiredString(mapping, key, context, example);
        return value is not null && CheckIdentifier(value, Find(mapping, key)!, what, value) ? value : null;
    }

    private bool CheckIdentifier(string text, YamlNode node, string what, string identifier)
    {
        if (Names.IsValidIdentifier(identifier))
        {
            return true;
        }

        Report(InvalidIdentifier, Locate(node), text, what, identifier);
        return false;
    }

    private bool? OptionalBool(YamlMappingNode mapping, string key)
    {
        var text = OptionalString(mapping, key);
        if (text is null)
        {
            return null;
        }

        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Report(WrongValueType, Locate(Find(mapping, key)!), key, "true or false", $"'{text}'");
        return null;
    }

    private int? OptionalInt(YamlMappingNode mapping, string key)
    {
        var text = OptionalString(mapping, key);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Report(WrongValueType, Locate(Find(mapping, key)!), key, "a whole number", $"'{text}'");
        return null;
    }

    private int? RequiredInt(YamlMappingNode mapping, string key, string context, string example)
    {
        if (Find(mapping, key) is null)
        {
            Report(MissingKey, Locate(mapping), Capitalize(context), key, example);
            return null;
        }

        return OptionalInt(mapping, key);
    }

    private string? OptionalNumber(YamlMappingNode mapping, string key)
    {
        var text = OptionalString(mapping, key);
        if (text is null)
        {
            return null;
        }

        // Finite only: the value becomes a C# literal in the generated range check ("Infinity" or "1e999" would not compile).
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsNaN(number) && !double.IsInfinity(number))
        {
            return text.Trim();
        }

        Report(WrongValueType, Locate(Find(mapping, key)!), key, "a number", $"'{text}'");
        return null;
    }

    private static bool IsPathChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || "-._~!$&'()*+,;=:@".IndexOf(c) >= 0;

    /// <summary>An RFC 9110 token: what an HTTP header name may contain.</summary>
    private static bool IsHeaderName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9') && "!#$%&'*+-.^_`|~".IndexOf(c) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "something else",
    };

    private static string BindingName(MemberBinding binding) => binding switch
    {
        MemberBinding.StatusCode => "status",
        _ => binding.ToString().ToLowerInvariant(),
    };

    private LocationInfo Locate(YamlNode node) => SpecReader.Locate(_path, node);

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
}
