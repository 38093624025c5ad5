using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Neptune.CodeGen.Benchmarks.Generators;

/// <summary>
/// A made-up service of N operations written twice: as Neptune.CodeGen YAML specs (a service spec plus one file per
/// operation) and as the Refit interface a developer would write for the same endpoints (one file of N methods plus the
/// DTOs). Operations rotate through three shapes of call, shaped like Neptune's: a DELETE with a label and two query
/// parameters, a GET with a query parameter and a header, and a POST with a JSON body. Every tenth operation also declares
/// a structure of its own, as some real specs do.
/// </summary>
internal static class SyntheticService
{
    public const string Folder = "/synthetic/specs";

    /// <summary>The operation whose spec (or Refit method) the one-spec edit changes: one in the middle without a shape.</summary>
    public static int EditedOperation(int operations) => operations / 2 % 10 == 0 ? (operations / 2) + 1 : operations / 2;

    public static string OperationName(int index) => "Op" + index.ToString("D4", CultureInfo.InvariantCulture);

    public static string OperationPath(int index) => $"{Folder}/{OperationName(index)}.yaml";

    public static IReadOnlyList<(string Path, string Text)> Specs(int operations)
    {
        var files = new List<(string, string)>(operations + 1) { ($"{Folder}/service.yaml", ServiceSpec) };
        for (var i = 0; i < operations; i++)
        {
            files.Add((OperationPath(i), OperationSpec(i)));
        }

        return files;
    }

    private const string ServiceSpec = """
        service: Synthetic
        namespace: Synthetic.Data
        apiVersion: "2024-01-01"
        signingName: synthetic
        protocol: rest-json
        doc: A made-up service for the generator benchmarks.
        errors:
          BadRequestException:
            status: 400
            doc: The request was invalid.
          NotFoundException:
            status: 404
            doc: The resource does not exist.
          ThrottlingException:
            status: 429
            retryable: true
            doc: Slow down.
          InternalFailureException:
            status: 500
            doc: The service failed.
        shapes:
          JobStatus:
            type: enum
            values:
              Pending: pending
              Running: running
              Completed: completed
          JobSummary:
            type: structure
            members:
              id:
                type: string
                required: true
              status: JobStatus
              startedAt: timestamp

        """;

    private static string OperationSpec(int i)
    {
        var name = OperationName(i);
        var spec = new StringBuilder()
            .Append("# Operation ").Append(i).Append(" of the synthetic service.\n")
            .Append("operation: ").Append(name).Append('\n')
            .Append("doc: >-\n  Operation ").Append(i).Append(" of the synthetic service: a paragraph of documentation of about the length\n")
            .Append("  real operations have, so that reading and emitting docs costs what it does in real specs.\n")
            .Append("iamAction: synthetic:").Append(name).Append('\n');
        switch (i % 3)
        {
            case 0:
                spec.Append("http:\n  method: DELETE\n  uri: /ml/op").Append(i).Append("/{id}\n  idempotent: true\n")
                    .Append("input:\n")
                    .Append("  id:\n    in: label\n    type: string\n    required: true\n    doc: The job to cancel.\n")
                    .Append("  clean:\n    in: query\n    type: boolean\n    doc: Whether to delete the job's artifacts too.\n")
                    .Append("  neptuneIamRoleArn:\n    in: query\n    type: string\n    doc: The role the service assumes.\n")
                    .Append("output:\n  status:\n    type: string\n    doc: The status of the cancellation.\n");
                break;
            case 1:
                spec.Append("http:\n  method: GET\n  uri: /items/op").Append(i).Append("/{id}\n")
                    .Append("input:\n")
                    .Append("  id:\n    in: label\n    type: string\n    required: true\n")
                    .Append("  limit:\n    in: query\n    type: integer\n    min: 1\n    max: 100\n")
                    .Append("  trace:\n    in: header\n    name: X-Trace\n    type: string\n")
                    .Append("output:\n  id: string\n  status: JobStatus\n  count: integer\n  items: list<JobSummary>\n");
                break;
            default:
                spec.Append("http:\n  method: POST\n  uri: /jobs/op").Append(i).Append("/{id}\n")
                    .Append("input:\n")
                    .Append("  id:\n    in: label\n    type: string\n    required: true\n")
                    .Append("  name:\n    type: string\n    required: true\n    doc: The job's name.\n")
                    .Append("  count:\n    type: integer\n    default: 10\n")
                    .Append("  enabled: boolean\n  tags: map<string>\n")
                    .Append("output:\n  id: string\n  summary: JobSummary\n");
                break;
        }

        spec.Append("errors:\n  - BadRequestException\n  - NotFoundException\n  - ThrottlingException\n");
        if (i % 10 == 0)
        {
            spec.Append("shapes:\n  ").Append(name).Append("Detail:\n    type: structure\n    members:\n")
                .Append("      note: string\n      size: long\n");
        }

        return spec.ToString();
    }

    /// <summary>A one-spec edit that changes generated code: the operation's IAM action, which its docs name.</summary>
    public static string EditSpec(string text)
    {
        var start = text.IndexOf("\niamAction: ", StringComparison.Ordinal);
        if (start < 0)
        {
            return text + "iamAction: edited:Edited\n";
        }

        var end = text.IndexOf('\n', start + 1);
        return text.Insert(end, "Edited");
    }

    /// <summary>The Refit interface for the same N endpoints, in one file as Refit users write it.</summary>
    public static string RefitInterface(int operations, bool edited = false)
    {
        var code = new StringBuilder("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Refit;

            namespace Synthetic.Data;

            /// <summary>The synthetic service.</summary>
            public interface ISyntheticApi
            {

            """);
        var editedIndex = edited ? EditedOperation(operations) : -1;
        for (var i = 0; i < operations; i++)
        {
            var name = OperationName(i);
            var version = i == editedIndex ? "/v2" : string.Empty;
            code.Append("    /// <summary>Operation ").Append(i).Append(" of the synthetic service.</summary>\n");
            switch (i % 3)
            {
                case 0:
                    code.Append("    [Delete(\"/ml/op").Append(i).Append(version).Append("/{id}\")]\n")
                        .Append("    Task<StatusResult> ").Append(name).Append("Async(string id, [Query] bool? clean = null, [Query] string? neptuneIamRoleArn = null, CancellationToken cancellationToken = default);\n\n");
                    break;
                case 1:
                    code.Append("    [Get(\"/items/op").Append(i).Append(version).Append("/{id}\")]\n")
                        .Append("    Task<ItemResult> ").Append(name).Append("Async(string id, [Query] int? limit = null, [Header(\"X-Trace\")] string? trace = null, CancellationToken cancellationToken = default);\n\n");
                    break;
                default:
                    code.Append("    [Post(\"/jobs/op").Append(i).Append(version).Append("/{id}\")]\n")
                        .Append("    Task<JobResult> ").Append(name).Append("Async(string id, [Body] StartJobBody body, CancellationToken cancellationToken = default);\n\n");
                    break;
            }
        }

        return code.Append("}\n").ToString();
    }

    /// <summary>The DTOs the Refit interface uses (what Neptune.CodeGen generates per operation, written once by hand).</summary>
    public const string RefitModels = """
        using System;
        using System.Collections.Generic;

        namespace Synthetic.Data;

        public sealed class StatusResult { public string? Status { get; set; } }

        public enum JobStatus { Pending, Running, Completed }

        public sealed class JobSummary { public string Id { get; set; } = ""; public JobStatus? Status { get; set; } public DateTimeOffset? StartedAt { get; set; } }

        public sealed class ItemResult { public string? Id { get; set; } public JobStatus? Status { get; set; } public int? Count { get; set; } public List<JobSummary>? Items { get; set; } }

        public sealed class StartJobBody { public string Name { get; set; } = ""; public int? Count { get; set; } public bool? Enabled { get; set; } public Dictionary<string, string>? Tags { get; set; } }

        public sealed class JobResult { public string? Id { get; set; } public JobSummary? Summary { get; set; } }

        """;

    /// <summary>A C# file of the consuming project, and the same file after a keystroke.</summary>
    public static string TypedFile(bool edited) => $$"""
        namespace Synthetic.App;

        public static class Typing
        {
            public static int Value() => {{(edited ? 2 : 1)}};
        }

        """;
}
