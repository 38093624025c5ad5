using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Neptune.CodeGen.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are stable: docs/diagnostics.md lists them.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Neptune.CodeGen";

    public static readonly DiagnosticDescriptor YamlSyntaxError = Error("NCG0001", "Invalid YAML",
        "The spec is not valid YAML: {0}. Fix the YAML syntax at this position.");

    public static readonly DiagnosticDescriptor UnknownKey = Error("NCG0002", "Unknown key",
        "Unknown key '{0}' in {1}{2}. Allowed keys: {3}.");

    public static readonly DiagnosticDescriptor MissingKey = Error("NCG0003", "Missing required key",
        "{0} is missing the required key '{1}'. Add '{1}: <{2}>'.");

    public static readonly DiagnosticDescriptor WrongValueType = Error("NCG0004", "Wrong value type",
        "'{0}' must be {1}, but found {2}. Write it as {1}.");

    public static readonly DiagnosticDescriptor UnsupportedHttpMethod = Error("NCG0005", "Unsupported HTTP method",
        "HTTP method '{0}' is not supported. Use one of GET, PUT, POST, DELETE, PATCH or HEAD.");

    public static readonly DiagnosticDescriptor LabelWithoutMember = Error("NCG0006", "URI label without a member",
        "The URI label '{{{0}}}' has no input member bound to it. Add an input member '{0}' with 'in: label', or remove the label from the URI.");

    public static readonly DiagnosticDescriptor MemberWithoutLabel = Error("NCG0007", "Label member not in the URI",
        "Input member '{0}' has 'in: label' but the URI '{1}' has no '{{{0}}}' segment. Add '{{{0}}}' to the URI or bind the member elsewhere.");

    public static readonly DiagnosticDescriptor UnknownError = Error("NCG0008", "Unknown error name",
        "Error '{0}' is not in the service's error catalog{1}. Add it under 'errors:' in the service spec or fix the name.");

    public static readonly DiagnosticDescriptor DuplicateOperation = Error("NCG0009", "Duplicate operation",
        "Operation '{0}' is defined more than once in service '{1}' (also in {2}). Rename or remove one of them.");

    public static readonly DiagnosticDescriptor DuplicateName = Error("NCG0010", "Duplicate name",
        "The {0} name '{1}' is used more than once{2}. Each {0} needs a unique name.");

    public static readonly DiagnosticDescriptor InvalidIdentifier = Error("NCG0011", "Invalid name",
        "'{0}' cannot be used as the {1} because '{2}' is not a valid C# identifier. Use letters, digits and underscores, starting with a letter (set 'name:' to keep a different wire name).");

    public static readonly DiagnosticDescriptor InvalidValue = Error("NCG0012", "Invalid value",
        "'{0}' is not a valid value for '{1}'{2}. Allowed: {3}.");

    public static readonly DiagnosticDescriptor NoService = Error("NCG0013", "Operation without a service",
        "Operation '{0}' has no service spec: add a file with 'service:' in this folder or a parent folder.");

    public static readonly DiagnosticDescriptor UnknownType = Error("NCG0014", "Unknown type",
        "Type '{0}' is neither a built-in type nor a shape of service '{1}'{2}. Declare it under 'shapes:' or fix the name.");

    public static readonly DiagnosticDescriptor InvalidUri = Error("NCG0015", "Invalid URI template",
        "The URI '{0}' is not a valid template: {1}.");

    public static readonly DiagnosticDescriptor BindingNotAllowed = Error("NCG0016", "Binding not allowed",
        "Member '{0}' cannot use 'in: {1}' {2}. {3}");

    public static readonly DiagnosticDescriptor AmbiguousService = Error("NCG0017", "Conflicting service specs",
        "Service spec '{0}' is in the same folder as another service spec ({1}). Put each service in its own folder.");

    public static readonly DiagnosticDescriptor KeyHasNoEffect = Error("NCG0018", "Key has no effect",
        "'{0}' has no effect on member '{1}' {2}. {3}");

    public static readonly DiagnosticDescriptor ExtraDocument = Error("NCG0019", "More than one YAML document",
        "A spec file holds one YAML document, and this second one is not read. Move it into a file of its own, or remove the '---' line before it.");

    public static readonly DiagnosticDescriptor FileTooLarge = Error("NCG0020", "Spec file too large",
        "The spec file has {0} characters, more than the {1} a spec may have, and is not read. Split it into one file per operation, or remove it from the specs if it is not one.");

    public static readonly DiagnosticDescriptor InternalError = Error("NCG9999", "Generator failure",
        "The Neptune.CodeGen generator failed on '{0}' with {1}: {2}. This is a bug in the generator; please report it with the spec.");

    private static readonly Dictionary<string, DiagnosticDescriptor> All = typeof(DiagnosticDescriptors)
        .GetFields()
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToDictionary(d => d.Id);

    public static IEnumerable<DiagnosticDescriptor> Descriptors => All.Values;

    public static DiagnosticDescriptor ById(string id) => All[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpLinks.For(id));
}
