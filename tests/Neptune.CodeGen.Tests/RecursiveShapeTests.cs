using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Tests;

/// <summary>
/// Self-referencing shapes: a structure with a list and a map of itself, and two structures that refer to each other.
/// They generate, compile, and round-trip through the generated writers and readers; reading is bounded by the JSON
/// reader's depth limit (64, <see cref="JsonReaderOptions.MaxDepth"/>'s default), so a response nested deeper is a typed
/// exception, never a stack overflow.
/// </summary>
public sealed class RecursiveShapeTests
{
    private const string ServiceSpec = """
        service: Rec
        namespace: Acme.Rec
        apiVersion: "1"
        signingName: rec
        shapes:
          TreeNode:
            type: structure
            members:
              name: string
              children: list<TreeNode>
              byName: map<TreeNode>
              parent: TreeNode
          Person:
            type: structure
            members:
              name: string
              employer: Company
          Company:
            type: structure
            members:
              name: string
              owner: Person
              staff: list<Person>
        """;

    private const string OperationSpec = """
        operation: PutTree
        http: { method: POST, uri: /tree }
        input:
          root: TreeNode
          company: Company
        output:
          root: TreeNode
          company: Company
        """;

    private const string ProbeSource = """
        using System;
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Text;
        using System.Threading.Tasks;
        using Acme.Rec;
        using Neptune.CodeGen.Runtime.Credentials;
        using Neptune.CodeGen.Runtime.Http;

        public static class RecursionProbe
        {
            /// <summary>A chain of nodes, each the only child of the one before, and a company whose owner works for a second company.</summary>
            public static PutTreeRequest Request(int depth)
            {
                var root = new TreeNode { Name = "n0" };
                var current = root;
                for (var i = 1; i < depth; i++)
                {
                    var child = new TreeNode { Name = "n" + i };
                    current.Children = new List<TreeNode> { child };
                    current = child;
                }

                current.ByName = new Dictionary<string, TreeNode> { ["leaf"] = new TreeNode { Name = "leaf", Parent = new TreeNode { Name = "up" } } };
                var company = new Company { Name = "Acme", Owner = new Person { Name = "Ada", Employer = new Company { Name = "Other" } } };
                company.Staff = new List<Person> { new Person { Name = "Bob", Employer = new Company { Name = "Acme again" } } };
                return new PutTreeRequest { Root = root, Company = company };
            }

            public static string RequestJson(int depth) => Encoding.UTF8.GetString(PutTreeWire.CreateRequest(Request(depth)).Body!);

            /// <summary>A node that is its own child: an object graph with a cycle, which JSON cannot hold.</summary>
            public static string CyclicRequestJson()
            {
                var node = new TreeNode { Name = "loop" };
                node.Children = new List<TreeNode> { node };
                return Encoding.UTF8.GetString(PutTreeWire.CreateRequest(new PutTreeRequest { Root = node }).Body!);
            }

            /// <summary>Reads a response and describes it: the names down the first-child chain, then the companies.</summary>
            public static string Describe(ServiceResponse response)
            {
                var result = PutTreeWire.ReadResponse(response);
                var names = new List<string>();
                for (var node = result.Root; node is not null; node = node.Children is { Count: > 0 } children ? children[0] : null)
                {
                    names.Add(node.Name!);
                    if (node.ByName is { } byName)
                    {
                        foreach (var pair in byName)
                        {
                            names.Add(pair.Key + "=" + pair.Value.Name + "^" + pair.Value.Parent?.Name);
                        }
                    }
                }

                var company = result.Company!;
                names.Add(company.Name + "/" + company.Owner!.Name + "@" + company.Owner.Employer!.Name + "/" + company.Staff![0].Name + "@" + company.Staff[0].Employer!.Name);
                return string.Join(",", names);
            }

            public static async Task<string?> SendAsync(HttpClient http)
            {
                using var client = new RecClient(new RecClientOptions
                {
                    Endpoint = new Uri("https://rec.example.com"),
                    Region = "us-east-1",
                    Credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                    Retry = new Neptune.CodeGen.Runtime.Retries.RetryOptions { MaxAttempts = 1 },
                }, http);
                var response = await client.PutTreeAsync(Request(2));
                return response.Root?.Name;
            }
        }
        """;

    private static readonly Lazy<GeneratorRun> LazyRun = new(() => GeneratorHarness.Run(("/rec/service.yaml", ServiceSpec), ("/rec/PutTree.yaml", OperationSpec)));

    private static readonly Lazy<Type> LazyProbe = new(() =>
        CompilationHarness.CompileAndLoad("Generated_Recursion", LazyRun.Value.Sources, ProbeSource).GetType("RecursionProbe", throwOnError: true)!);

    [Fact]
    public void Self_referencing_and_mutually_referencing_structures_generate_and_compile_under_the_strict_settings()
    {
        var run = LazyRun.Value;

        Assert.True(run.Diagnostics.IsEmpty, run.DescribeDiagnostics());
        var shapes = run.Source("Acme.Rec.Rec-Shapes.g.cs");
        Assert.Contains("public global::System.Collections.Generic.IList<global::Acme.Rec.TreeNode>? Children { get; set; }", shapes, StringComparison.Ordinal);
        Assert.Contains("public global::Acme.Rec.Company? Employer { get; set; }", shapes, StringComparison.Ordinal);
        var diagnostics = CompilationHarness.Diagnostics(CompilationHarness.Compile("Recursion", run.Sources));
        Assert.True(diagnostics.IsEmpty, CompilationHarness.Describe(diagnostics));
    }

    [Fact]
    public void Nested_self_references_are_written_as_nested_JSON()
    {
        var json = Invoke<string>("RequestJson", 3);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement.GetProperty("root");
        Assert.Equal("n0", root.GetProperty("name").GetString());
        var grandchild = root.GetProperty("children")[0].GetProperty("children")[0];
        Assert.Equal("n2", grandchild.GetProperty("name").GetString());
        Assert.Equal("up", grandchild.GetProperty("byName").GetProperty("leaf").GetProperty("parent").GetProperty("name").GetString());
        var company = document.RootElement.GetProperty("company");
        Assert.Equal("Other", company.GetProperty("owner").GetProperty("employer").GetProperty("name").GetString());
        Assert.Equal("Acme again", company.GetProperty("staff")[0].GetProperty("employer").GetProperty("name").GetString());
    }

    [Fact]
    public void What_is_written_reads_back_the_same()
    {
        // The request body, answered as the response body: the generated reader gets back what the writer wrote.
        var json = Invoke<string>("RequestJson", 8);

        var described = Invoke<string>("Describe", Response(HttpStatusCode.OK, json));

        Assert.Equal("n0,n1,n2,n3,n4,n5,n6,n7,leaf=leaf^up,Acme/Ada@Other/Bob@Acme again", described);
    }

    [Fact]
    public void A_response_nested_within_the_JSON_depth_limit_is_read()
    {
        // The body object, 'root', then an array and an object per level: 30 levels of children are 61 deep, under 64.
        var described = Invoke<string>("Describe", Response(HttpStatusCode.OK, Nested(30) + "\n"));

        Assert.StartsWith("n0,n1,", described, StringComparison.Ordinal);
        Assert.Contains(",n29,", described, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(100_000)]
    public void A_response_nested_past_the_JSON_depth_limit_is_a_JsonException_not_a_stack_overflow(int depth)
    {
        // 100,000 levels would overflow the stack of any recursive reader; the reader stops at depth 64 first.
        var exception = Assert.ThrowsAny<JsonException>(() => Invoke<string>("Describe", Response(HttpStatusCode.OK, Nested(depth))));

        Assert.Contains("maximum configured depth of 64", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Through_the_client_a_too_deep_response_is_a_typed_exception_that_keeps_the_status_and_body()
    {
        var body = Nested(100_000);
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.OK, body, ("x-amzn-RequestId", "req-deep")));
        using var http = new HttpClient(handler);

        var exception = await Assert.ThrowsAsync(LazyProbe.Value.Assembly.GetType("Acme.Rec.RecException", throwOnError: true)!,
            () => Invoke<Task<string?>>("SendAsync", http));

        var error = Assert.IsAssignableFrom<AwsServiceException>(exception);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal("req-deep", error.RequestId);
        Assert.Equal(body, error.ResponseBody);
        Assert.Contains("could not be read", error.DetailedMessage, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_too_deep_error_body_still_gives_the_typed_error_with_its_status()
    {
        var body = "{\"code\":\"x\",\"detail\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.BadRequest, body));
        using var http = new HttpClient(handler);

        var exception = await Assert.ThrowsAnyAsync<AwsServiceException>(() => Invoke<Task<string?>>("SendAsync", http));

        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Equal(body, exception.ResponseBody);
    }

    [Fact]
    public void A_cyclic_object_graph_in_a_request_is_an_argument_exception_before_anything_is_sent()
    {
        // A node that is its own child cannot be written as JSON; the structure writers stop at RestJson.MaxRequestDepth
        // (the depth responses are read to) with an ArgumentException while the request is built, before anything is sent.
        var exception = Assert.Throws<ArgumentException>(() => Invoke<string>("CyclicRequestJson"));

        Assert.Equal("value", exception.ParamName);
        Assert.Contains("cycle", exception.Message, StringComparison.Ordinal);
    }

    /// <summary><c>{"root":{"name":"n0","children":[{"name":"n1","children":[...]}]}}</c>, <paramref name="depth"/> nodes deep.</summary>
    private static string Nested(int depth)
    {
        var builder = new StringBuilder("{\"root\":");
        for (var i = 0; i < depth; i++)
        {
            builder.Append("{\"name\":\"n").Append(i).Append('"').Append(i < depth - 1 ? ",\"children\":[" : string.Empty);
        }

        for (var i = depth - 1; i >= 0; i--)
        {
            builder.Append(i < depth - 1 ? "]}" : "}");
        }

        return builder.Append(",\"company\":{\"name\":\"C\",\"owner\":{\"name\":\"O\",\"employer\":{\"name\":\"E\"}},\"staff\":[{\"name\":\"S\",\"employer\":{\"name\":\"F\"}}]}}").ToString();
    }

    private static ServiceResponse Response(HttpStatusCode status, string body) =>
        new(status, new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body));

    private static T Invoke<T>(string name, params object[] arguments)
    {
        try
        {
            return (T)LazyProbe.Value.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }
    }
}
