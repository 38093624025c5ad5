using System.Collections.Generic;

namespace Neptune.CodeGen.Import.Importing;

// What the importer hands to the writer: the spec files' content, already in spec-format terms
// (keys, spec types, plain-text docs). Values are strings exactly as they go into the YAML.

/// <summary>A member of an operation's input/output or of a structure.</summary>
internal sealed record MemberDraft(
    string Key,
    string Type,
    string? In = null,
    string? Name = null,
    bool Required = false,
    string? Default = null,
    string? Min = null,
    string? Max = null,
    string? TimestampFormat = null,
    string? ContentType = null,
    string? Doc = null);

internal sealed record EnumValueDraft(string Name, string Value, string? Doc);

/// <summary>A named structure (<see cref="Members"/>) or enum (<see cref="Values"/>).</summary>
internal sealed record ShapeDraft(string Name, bool IsEnum, string? Doc, IReadOnlyList<MemberDraft> Members, IReadOnlyList<EnumValueDraft> Values, string SourceId);

internal sealed record ErrorDraft(string Name, int Status, bool Retryable, string? Doc);

internal sealed record OperationDraft(
    string Name,
    string? Doc,
    string? IamAction,
    string Method,
    string Uri,
    int Code,
    bool Idempotent,
    bool Readonly,
    IReadOnlyList<MemberDraft> Input,
    IReadOnlyList<MemberDraft> Output,
    IReadOnlyList<string> Errors,
    IReadOnlyList<ShapeDraft> Shapes);

internal sealed record ServiceDraft(
    string Service,
    string Namespace,
    string ApiVersion,
    string SigningName,
    string? Doc,
    IReadOnlyList<ErrorDraft> Errors,
    IReadOnlyList<ShapeDraft> Shapes);

/// <summary>The result of an import: the service file, one operation file each, and warnings for skipped operations.</summary>
internal sealed record ImportResult(ServiceDraft Service, IReadOnlyList<OperationDraft> Operations, IReadOnlyList<string> Warnings);

/// <summary>What to import and how to name it.</summary>
internal sealed record ImportOptions
{
    /// <summary>Operation names to import (all when null).</summary>
    public IReadOnlyCollection<string>? Operations { get; init; }

    /// <summary>Skip an operation that uses a construct the spec format cannot express, with a warning, instead of failing.</summary>
    public bool SkipUnsupported { get; init; }

    /// <summary>The <c>service:</c> name; by default derived from the service's title or shape name.</summary>
    public string? ServiceName { get; init; }

    /// <summary>The <c>namespace:</c>; by default the service name.</summary>
    public string? Namespace { get; init; }
}
