using System;
using System.Linq;
using Neptune.CodeGen.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Tests;

/// <summary>
/// Valid but unusual specs: every scalar type as a label, enum and document payloads, query lists of every scalar,
/// a recursive structure, member names that match the generator's own locals, operations named like generated files.
/// All of it must generate without diagnostics and compile under the strict settings.
/// </summary>
public sealed class UnusualSpecTests
{
    private static readonly Lazy<GeneratorRun> LazyRun = new(() => GeneratorHarness.Run(
        ("/s/service.yaml", """
            service: Odd
            namespace: Acme.Odd
            apiVersion: "1"
            signingName: odd
            shapes:
              Kind:
                type: enum
                values: { A: a, B: b, GetValue: g }
              Node:
                type: structure
                members:
                  children: list<Node>
                  parent: Node
                  kinds: map<Kind>
                  blobs: list<blob>
                  docs: map<document>
                  docList: list<document>
                  deep: list<map<list<Node>>>
                  required: { type: list<string>, required: true, min: 1, max: 3 }
                  when: { type: timestamp, required: true, timestampFormat: http-date }
                  stamps: { type: list<timestamp>, timestampFormat: date-time }
                  flag: { type: boolean, required: true }
                  kind: { type: Kind, required: true }
                  doc: { type: document, required: true }
                  big: { type: long, min: 0, max: 9007199254740993 }
                  mapped: { type: "map<string, integer>", min: 1 }
                  value: string
                  type: string
            """),
        ("/s/Op.yaml", """
            operation: Op
            http:
              method: PATCH
              uri: /a/{kind}/{when}/{d}/{b}/{l}/{n}
            input:
              kind: { in: label, type: Kind, required: true }
              when: { in: label, type: timestamp, required: true }
              d: { in: label, type: double, required: true, min: 0 }
              b: { in: label, type: boolean, required: true }
              l: { in: label, type: long, required: true }
              n: { in: label, type: integer, required: true }
              body: { in: payload, type: Kind }
              qs: { in: query, type: list<timestamp>, timestampFormat: epoch-seconds }
              qe: { in: query, type: list<Kind> }
              qd: { in: query, type: list<double> }
              qb: { in: query, type: list<boolean> }
              ql: { in: query, type: list<long> }
              hd: { in: header, name: X-D, type: double }
              hb: { in: header, name: X-B, type: boolean }
              hl: { in: header, name: X-L, type: long }
              ht: { in: header, name: X-T, type: timestamp, timestampFormat: epoch-seconds }
            output:
              out: { in: payload, type: Node }
              result: { in: header, name: X-Result, type: string }
              reader: { in: header, name: X-Reader, type: Kind }
              response: { in: header, name: X-Response, type: timestamp }
            """),
        ("/s/Locals.yaml", """
            # Member names equal to the locals and parameters of the generated methods.
            operation: Locals
            http: { method: POST, uri: /locals }
            input:
              request: string
              operation: string
              buffer: string
              writer: list<string>
              item: { in: query, type: list<string> }
              reader: string
              checked: { type: integer, min: 1 }
              checkedValue: { type: integer, min: 2 }
              result: map<string>
              value: Node
              response: string
              cancellationToken: string
            output:
              request: string
              result: string
              reader: string
              payloadReader: string
              response: { in: header, name: X-Response, type: string }
              value: Node
            """),
        ("/s/Op2.yaml", """
            operation: Op2
            http: { method: HEAD, uri: / }
            input:
              doc: { in: payload, type: document, required: true }
            output:
              status: { in: status, type: integer }
              kind: { in: payload, type: Kind }
            """),
        ("/s/Shapes.yaml", """
            # Named like the shapes file: hint names must still be unique.
            operation: Shapes
            http: { method: GET, uri: /shapes }
            output:
              op2Request: string
            """),
        ("/s/Value.yaml", """
            operation: Value
            http: { method: GET, uri: /v }
            output:
              value: { in: payload, type: blob }
            """)));

    [Fact]
    public void Unusual_specs_generate_without_diagnostics()
    {
        var run = LazyRun.Value;
        Assert.True(run.Diagnostics.IsEmpty, run.DescribeDiagnostics());
        Assert.Equal(
            new[] { "Locals", "Op", "Op2", "Shapes", "Value" }.Select(o => OperationFileNames.Of("Acme.Odd", "Odd", o))
                .Concat(new[] { "Acme.Odd.Odd-Shapes.g.cs", "Acme.Odd.Odd.g.cs" }).Distinct().OrderBy(h => h, StringComparer.Ordinal),
            run.Sources.Select(s => s.HintName));
    }

    [Fact]
    public void Unusual_specs_compile_under_the_strict_settings()
    {
        var diagnostics = CompilationHarness.Diagnostics(CompilationHarness.Compile("Odd", LazyRun.Value.Sources));
        Assert.True(diagnostics.IsEmpty, CompilationHarness.Describe(diagnostics));
    }

    [Fact]
    public void A_map_of_maps_with_explicit_string_keys_is_split_at_its_own_comma()
    {
        // Regression: the key type was taken up to the first comma, so "map<map<string, long>>" read the key as
        // "map<string" and was rejected with NCG0012.
        var run = GeneratorHarness.Run(
            ("/m/service.yaml", """
                service: Maps
                namespace: Acme.Maps
                apiVersion: "1"
                signingName: maps
                """),
            ("/m/GetCounts.yaml", """
                operation: GetCounts
                http: { method: GET, uri: /counts }
                output:
                  nested: "map<map<string, long>>"
                  keyed: { type: "map<string, map<string, long>>" }
                  listed: { type: "list<map<string, list<map<string, long>>>>" }
                """));

        Assert.True(run.Diagnostics.IsEmpty, run.DescribeDiagnostics());
        var source = run.OperationSource("GetCounts");
        const string nested = "global::System.Collections.Generic.IDictionary<string, global::System.Collections.Generic.IDictionary<string, long>>";
        Assert.Contains(nested + "? Nested", source, StringComparison.Ordinal);
        Assert.Contains(nested + "? Keyed", source, StringComparison.Ordinal);
        var diagnostics = CompilationHarness.Diagnostics(CompilationHarness.Compile("Maps", run.Sources));
        Assert.True(diagnostics.IsEmpty, CompilationHarness.Describe(diagnostics));
    }

    [Fact]
    public void Readonly_and_idempotent_operations_say_in_their_remarks_that_they_are_safe_to_retry()
    {
        var run = GeneratorHarness.Run(
            ("/r/service.yaml", "service: Safe\nnamespace: Acme.Safe\napiVersion: \"1\"\nsigningName: safe\n"),
            ("/r/Read.yaml", "operation: Read\nhttp: { method: GET, uri: /r, readonly: true }\n"),
            ("/r/Put.yaml", "operation: Put\nhttp: { method: PUT, uri: /p, idempotent: true, readonly: false }\n"),
            ("/r/Post.yaml", "operation: Post\nhttp: { method: POST, uri: /q }\n"));

        Assert.True(run.Diagnostics.IsEmpty, run.DescribeDiagnostics());
        Assert.Contains("<remarks>Sends GET /r. Read-only: the call has no side effects, so it is safe to retry.</remarks>", run.OperationSource("Read"), StringComparison.Ordinal);
        Assert.Contains("<remarks>Sends PUT /p. Idempotent: repeating the call has the same effect as making it once, so it is safe to retry.</remarks>", run.OperationSource("Put"), StringComparison.Ordinal);
        Assert.Contains("<remarks>Sends POST /q.</remarks>", run.OperationSource("Post"), StringComparison.Ordinal);
    }
}
