using System;
using System.Collections.Generic;

namespace Neptune.CodeGen.Import.Importing;

/// <summary>Smithy trait ids the importer reads, and the ones it may pass over because they do not change the wire.</summary>
internal static class Traits
{
    public const string Documentation = "smithy.api#documentation";
    public const string Required = "smithy.api#required";
    public const string Default = "smithy.api#default";
    public const string JsonName = "smithy.api#jsonName";
    public const string Range = "smithy.api#range";
    public const string Length = "smithy.api#length";
    public const string TimestampFormat = "smithy.api#timestampFormat";
    public const string MediaType = "smithy.api#mediaType";
    public const string HttpLabel = "smithy.api#httpLabel";
    public const string HttpQuery = "smithy.api#httpQuery";
    public const string HttpHeader = "smithy.api#httpHeader";
    public const string HttpResponseCode = "smithy.api#httpResponseCode";
    public const string HttpPayload = "smithy.api#httpPayload";
    public const string Http = "smithy.api#http";
    public const string Idempotent = "smithy.api#idempotent";
    public const string Readonly = "smithy.api#readonly";
    public const string Error = "smithy.api#error";
    public const string HttpError = "smithy.api#httpError";
    public const string Retryable = "smithy.api#retryable";
    public const string Enum = "smithy.api#enum";
    public const string EnumValue = "smithy.api#enumValue";
    public const string Title = "smithy.api#title";
    public const string Sparse = "smithy.api#sparse";
    public const string UniqueItems = "smithy.api#uniqueItems";
    public const string RestJson1 = "aws.protocols#restJson1";
    public const string SigV4 = "aws.auth#sigv4";
    public const string IamAction = "aws.iam#iamAction";
    public const string IamActionName = "aws.iam#actionName";

    /// <summary>Traits that say nothing about what goes on the wire (documentation, tooling, validation metadata).</summary>
    private static readonly HashSet<string> NoWireEffect = new(StringComparer.Ordinal)
    {
        "smithy.api#externalDocumentation", "smithy.api#examples", "smithy.api#tags", "smithy.api#since", "smithy.api#sensitive",
        "smithy.api#deprecated", "smithy.api#unstable", "smithy.api#recommended", "smithy.api#suppress", "smithy.api#internal",
        "smithy.api#private", "smithy.api#box", "smithy.api#clientOptional", "smithy.api#addedDefault", "smithy.api#input",
        "smithy.api#output", "smithy.api#paginated", "smithy.api#title", "smithy.api#references", "smithy.api#resourceIdentifier",
        "smithy.api#noReplace", "smithy.api#property", "smithy.api#notProperty", "smithy.api#nestedProperties",
        "smithy.api#xmlName", "smithy.api#xmlAttribute", "smithy.api#xmlFlattened", "smithy.api#xmlNamespace", "smithy.api#trait",
        "smithy.api#protocolDefinition", "smithy.api#authDefinition", "smithy.api#cors",
    };

    /// <summary>Trait namespaces that only describe the service to other tools (IAM, CloudFormation, waiters, tests, endpoint rules).</summary>
    private static readonly string[] NoWireEffectNamespaces =
    {
        "aws.iam#", "aws.cloudformation#", "smithy.waiters#", "smithy.test#", "smithy.rules#", "aws.api#", "aws.endpoints#",
    };

    public static bool HasNoWireEffect(string trait)
    {
        if (NoWireEffect.Contains(trait))
        {
            return true;
        }

        foreach (var prefix in NoWireEffectNamespaces)
        {
            if (trait.StartsWith(prefix, StringComparison.Ordinal))
            {
                // The one aws.api trait that changes where requests go.
                return trait != "aws.api#clientEndpointDiscovery" && trait != "aws.api#clientDiscoveredEndpoint";
            }
        }

        return false;
    }

    /// <summary>Why a trait the format cannot express matters, for the message; null for traits without a known reason.</summary>
    public static string Explain(string trait) => trait switch
    {
        "smithy.api#httpPrefixHeaders" => "httpPrefixHeaders (a map of headers sharing a prefix) has no spec equivalent",
        "smithy.api#httpQueryParams" => "httpQueryParams (a map of free-form query parameters) has no spec equivalent",
        "smithy.api#streaming" => "streaming bodies are not supported by the spec format",
        "smithy.api#eventHeader" or "smithy.api#eventPayload" => "event streams are not supported by the spec format",
        "smithy.api#idempotencyToken" => "idempotencyToken (a value the client fills in automatically) has no spec equivalent",
        "smithy.api#hostLabel" or "smithy.api#endpoint" => "host prefixes (endpoint/hostLabel) have no spec equivalent",
        "smithy.api#pattern" => "the pattern constraint has no spec equivalent",
        "smithy.api#requestCompression" => "request compression has no spec equivalent",
        "smithy.api#httpChecksumRequired" or "aws.protocols#httpChecksum" => "request checksums have no spec equivalent",
        "smithy.api#auth" or "smithy.api#optionalAuth" or "aws.auth#unsignedPayload" => "per-operation authentication settings have no spec equivalent (every call is SigV4-signed)",
        "smithy.api#sparse" => "sparse collections (null elements) have no spec equivalent",
        _ => $"the trait '{trait}' has no spec equivalent",
    };
}
