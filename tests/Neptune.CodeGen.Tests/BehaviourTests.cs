using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Errors;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Tests;

/// <summary>
/// Generated code compiled in memory (both spec sets plus Probes/Probe.cs), loaded and run: requests are built
/// from typed inputs, responses read into typed outputs, and clients sent through a fake HttpMessageHandler.
/// </summary>
public sealed class BehaviourTests
{
    private static readonly Lazy<Type> LazyProbe = new(() =>
    {
        var sources = SpecSets.Names.SelectMany(set => SpecSets.Get(set).Sources);
        var probe = File.ReadAllText(Path.Combine(RepoPaths.TestProject, "Probes", "Probe.cs"));
        return CompilationHarness.CompileAndLoad("Generated_Behaviour", sources, probe).GetType("Neptune.CodeGen.Tests.Probes.Probe", throwOnError: true)!;
    });

    private static readonly DateTimeOffset Instant = new(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    // ---------------- Neptune Data: CancelMLModelTrainingJob ----------------

    [Fact]
    public void Cancel_builds_DELETE_with_the_label_in_the_path_and_clean_in_the_query()
    {
        var operation = Probe<Func<string, bool?, string?, OperationRequest>>("CancelRequest")("job-1", true, null);

        Assert.Equal("CancelMLModelTrainingJob", operation.OperationName);
        Assert.Equal(HttpMethod.Delete, operation.Method);
        Assert.Equal("/ml/modeltraining/job-1?clean=true", operation.BuildPathAndQuery());
        Assert.Null(operation.Body);
        Assert.Empty(operation.Headers);
    }

    [Fact]
    public void Cancel_percent_encodes_the_label_and_query_values_and_omits_unset_members()
    {
        var cancel = Probe<Func<string, bool?, string?, OperationRequest>>("CancelRequest");

        Assert.Equal(
            "/ml/modeltraining/job%201%2F..?neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123%3Arole%2Fx&clean=false",
            cancel("job 1/..", false, "arn:aws:iam::123:role/x").BuildPathAndQuery());
        Assert.Equal("/ml/modeltraining/j", cancel("j", null, null).BuildPathAndQuery());
    }

    [Fact]
    public void Cancel_reads_the_status_and_skips_unknown_keys()
    {
        var read = Probe<Func<ServiceResponse, string?>>("CancelStatus");

        Assert.Equal("cancelled", read(Response(HttpStatusCode.OK, """{"extra":{"x":[1,{"status":"no"}]},"status":"cancelled"}""")));
        Assert.Null(read(Response(HttpStatusCode.OK, "")));
        Assert.Null(read(Response(HttpStatusCode.OK, """{"status":null}""")));
    }

    [Fact]
    public async Task Client_sends_a_signed_DELETE_and_returns_the_typed_result()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.OK, """{"status":"ok"}"""));
        using var http = new HttpClient(handler);

        var status = await Probe<Func<HttpClient, TimeProvider, string?, bool?, Task<string?>>>("CancelViaClient")(http, new FixedClock(Instant), "job-1", true);

        Assert.Equal("ok", status);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("https://db.example.com:8182/ml/modeltraining/job-1?clean=true", request.Uri.AbsoluteUri);
        Assert.Null(request.Body);
        Assert.Equal("20240102T030405Z", request.Headers["X-Amz-Date"]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/us-east-1/neptune-db/aws4_request, SignedHeaders=", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_rejects_a_missing_required_label_before_sending()
    {
        var handler = new RecordingHandler(_ => throw new InvalidOperationException("Nothing may be sent."));
        using var http = new HttpClient(handler);

        var exception = await Assert.ThrowsAsync<ArgumentNullException>(() =>
            Probe<Func<HttpClient, TimeProvider, string?, bool?, Task<string?>>>("CancelViaClient")(http, new FixedClock(Instant), null, true));

        Assert.Equal("request.Id", exception.ParamName);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("MLResourceNotFoundException", "Neptune.Data.MLResourceNotFoundException", false)]
    [InlineData("TooManyRequestsException", "Neptune.Data.TooManyRequestsException", true)]
    [InlineData("ConstraintViolationException", "Neptune.Data.ConstraintViolationException", true)]
    [InlineData("NotInAnySpecException", "Neptune.Data.NeptuneDataException", false)]
    public void NeptuneData_error_codes_map_to_the_generated_exceptions(string code, string expectedType, bool retryable)
    {
        var error = new ServiceError(HttpStatusCode.BadRequest, code, "details", "r-1", "{}");

        var exception = Probe<Func<ServiceError, AwsServiceException>>("MapNeptuneDataError")(error);

        Assert.Equal(expectedType, exception.GetType().FullName);
        // Every specific exception derives from the service's base exception, which unknown codes get as is.
        var serviceBase = exception.GetType().FullName == "Neptune.Data.NeptuneDataException" ? exception.GetType() : exception.GetType().BaseType!;
        Assert.Equal("Neptune.Data.NeptuneDataException", serviceBase.FullName);
        Assert.Same(error, exception.Error);
        Assert.Equal(retryable, exception.Retryable);
    }

    [Fact]
    public async Task Client_throws_the_generated_exception_for_an_error_response()
    {
        // 404 is not retried, so exactly one request is sent whatever retry policy the runtime applies.
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.NotFound, """{"code":"MLResourceNotFoundException","detailedMessage":"no such job","requestId":"r-1"}"""));
        using var http = new HttpClient(handler);

        var exception = await Assert.ThrowsAnyAsync<AwsServiceException>(() =>
            Probe<Func<HttpClient, TimeProvider, string?, bool?, Task<string?>>>("CancelViaClient")(http, new FixedClock(Instant), "job-1", null));

        Assert.Equal("Neptune.Data.MLResourceNotFoundException", exception.GetType().FullName);
        Assert.Equal("MLResourceNotFoundException", exception.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
        Assert.Equal("no such job", exception.DetailedMessage);
        Assert.False(exception.Retryable);
        Assert.Single(handler.Requests);
    }

    // ---------------- Showcase: PutWidget (every member kind) ----------------

    [Fact]
    public void PutWidget_puts_each_member_where_the_spec_binds_it()
    {
        var operation = Probe<Func<string, OperationRequest>>("PutRequest")("none");

        Assert.Equal(HttpMethod.Post, operation.Method);
        Assert.Equal("/widgets/w%201%2F%C3%BC", operation.Path);
        Assert.Equal(
            new[]
            {
                Pair("dryRun", "false"), Pair("tag", "a"), Pair("tag", "b c"), Pair("tag", "d&e"),
                Pair("since", "2024-01-02T03:04:05.678Z"), Pair("until", "1704164645.678"), Pair("pageSize", "25"),
            },
            operation.Query);
        Assert.Equal(
            new[] { Pair("X-Client-Token", "token-123"), Pair("If-Modified-Since", "Tue, 02 Jan 2024 03:04:05 GMT"), Pair("X-Priority", "dark-blue") },
            operation.Headers);
        Assert.Equal("application/json", operation.ContentType);

        // Only body members are in the JSON, under their wire names, in their wire formats.
        var expected = JsonNode.Parse("""
            {
              "name": "Widget \"one\"",
              "quantity": 3,
              "kind": "ml.p3.2xlarge",
              "count": 7,
              "size": 9007199254740993,
              "ratio": 0.25,
              "enabled": true,
              "createdAt": 1704164645.678,
              "updatedAt": "2024-01-02T03:04:05.678Z",
              "expiresAt": "Tue, 02 Jan 2024 03:04:05 GMT",
              "data": "AAEC+vv8",
              "metadata": {"nested":{"list":[1,"two",null,true]},"n":1.5},
              "color": "light green",
              "ml.instanceType": "ml.m5.large",
              "class": "keyword class",
              "event": 42,
              "labels": {"env":"prod","a.b":"dotted key"},
              "scores": {"pi":3.5,"nan":"NaN","inf":"Infinity"},
              "history": [1704164645.678, 1704164646.678],
              "matrix": [[1,2],[],[3]],
              "groups": {"g":["x","y"]},
              "colors": ["red","ultraviolet"],
              "address": {"street":"1 Main St","zip":12345,"lines":["Suite 5"],"geo":{"lat":47.5,"lon":-122.25}},
              "previousAddresses": [{"street":"Old St"}],
              "addressBook": {"home":{"street":"Home St","zip":1}}
            }
            """);
        var actual = JsonNode.Parse(operation.Body!);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Body differs.{Environment.NewLine}Expected: {expected!.ToJsonString()}{Environment.NewLine}Actual:   {actual!.ToJsonString()}");
    }

    [Theory]
    [InlineData("widgetId-null", typeof(ArgumentNullException), "request.WidgetId")]
    [InlineData("name-null", typeof(ArgumentNullException), "request.Name")]
    [InlineData("name-empty", typeof(ArgumentOutOfRangeException), "request.Name")]
    [InlineData("name-65", typeof(ArgumentOutOfRangeException), "request.Name")]
    [InlineData("pageSize-0", typeof(ArgumentOutOfRangeException), "request.PageSize")]
    [InlineData("quantity-501", typeof(ArgumentOutOfRangeException), "request.Quantity")]
    [InlineData("ratio-1.6", typeof(ArgumentOutOfRangeException), "request.Ratio")]
    [InlineData("data-1025", typeof(ArgumentOutOfRangeException), "request.Data")]
    [InlineData("address-street-null", typeof(ArgumentNullException), "value.Street")]
    [InlineData("address-street-empty", typeof(ArgumentOutOfRangeException), "value.Street")]
    [InlineData("address-zip-100000", typeof(ArgumentOutOfRangeException), "value.Zip")]
    [InlineData("nested-lat-missing", typeof(ArgumentNullException), "value.Lat")]
    [InlineData("nested-lat-91", typeof(ArgumentOutOfRangeException), "value.Lat")]
    [InlineData("listed-address-street-null", typeof(ArgumentNullException), "value.Street")]
    [InlineData("header-newline", typeof(ArgumentException), "ClientToken")]
    [InlineData("label-dot-dot", typeof(ArgumentException), "WidgetId")]
    public void PutWidget_rejects_invalid_input_with_an_argument_exception(string breakage, Type exceptionType, string paramName)
    {
        var create = Probe<Func<string, OperationRequest>>("PutRequest");

        var exception = Assert.IsAssignableFrom<ArgumentException>(Record.Exception(() => create(breakage)));

        Assert.Equal(exceptionType, exception.GetType());
        Assert.Equal(paramName, exception.ParamName);
    }

    [Theory]
    [InlineData("name-null")]
    [InlineData("nested-lat-missing")]
    [InlineData("quantity-501")]
    public async Task PutWidget_client_validates_before_anything_is_sent(string breakage)
    {
        var handler = new RecordingHandler(_ => throw new InvalidOperationException("Nothing may be sent."));
        using var http = new HttpClient(handler);

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Probe<Func<HttpClient, TimeProvider, string, Task<string?>>>("PutViaClient")(http, new FixedClock(Instant), breakage));

        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("color-default", "request.Color")]
    [InlineData("finish-default", "request.Finish")]
    [InlineData("primer-default", "request.Primer")]
    [InlineData("coat-default", "request.Coat")]
    [InlineData("coat-empty", "request.Coat")]
    [InlineData("layer-color-default", "value.Color")]
    public void PaintWidget_rejects_a_required_enum_left_at_default_in_every_binding(string breakage, string paramName)
    {
        var exception = Assert.IsType<ArgumentException>(Record.Exception(() => Probe<Func<string, OperationRequest>>("PaintRequest")(breakage)));

        Assert.Equal(paramName, exception.ParamName);
        Assert.StartsWith($"{paramName} is required", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("recipe-default", typeof(ArgumentException), "request.Recipe")]
    [InlineData("layer-base-default", typeof(ArgumentException), "value.Base")]
    [InlineData("layer-base-null", typeof(ArgumentNullException), "value.Base")]
    [InlineData("layer-color-null", typeof(ArgumentNullException), "value.Color")]
    public void PaintWidget_rejects_unset_required_documents_and_nested_members(string breakage, Type exceptionType, string paramName)
    {
        var exception = Assert.IsAssignableFrom<ArgumentException>(Record.Exception(() => Probe<Func<string, OperationRequest>>("PaintRequest")(breakage)));

        Assert.Equal(exceptionType, exception.GetType());
        Assert.Equal(paramName, exception.ParamName);
    }

    [Fact]
    public void PaintWidget_sends_every_required_enum_and_a_json_null_document()
    {
        var operation = Probe<Func<string, OperationRequest>>("PaintRequest")("none");

        Assert.Equal("/widgets/w/paint/red?finish=dark-blue", operation.BuildPathAndQuery());
        Assert.Equal(new[] { Pair("X-Primer", "light green") }, operation.Headers);
        var body = JsonNode.Parse(operation.Body!)!.AsObject();
        Assert.Equal("ml.p3.2xlarge", body["coat"]!.GetValue<string>());
        Assert.True(body.ContainsKey("recipe"));
        Assert.Null(body["recipe"]);
        Assert.Equal("""{"color":"red","base":{},"thickness":0.5,"label":"base"}""", body["layer"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"applied":"red","notes":null}""", "Null")]
    [InlineData("""{"applied":"red"}""", "absent")]
    [InlineData("""{"applied":"red","notes":{"a":[1,null]}}""", "Object")]
    [InlineData("""{"applied":"red","notes":"text"}""", "String")]
    [InlineData("", "absent")]
    public void A_json_null_document_member_reads_as_a_null_element_and_an_absent_one_as_null(string body, string notes)
    {
        var (applied, read) = Probe<Func<ServiceResponse, (string?, string)>>("ReadPaint")(Response(HttpStatusCode.OK, body));

        Assert.Equal(body.Length == 0 ? null : "red", applied);
        Assert.Equal(notes, read);
    }

    [Theory]
    [InlineData("coat-default")]
    [InlineData("primer-default")]
    [InlineData("layer-color-default")]
    [InlineData("recipe-default")]
    public async Task PaintWidget_client_throws_for_an_unset_required_value_before_anything_is_sent(string breakage)
    {
        var handler = new RecordingHandler(_ => throw new InvalidOperationException("Nothing may be sent."));
        using var http = new HttpClient(handler);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Probe<Func<HttpClient, TimeProvider, string, Task>>("PaintViaClient")(http, new FixedClock(Instant), breakage));

        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("pageSize-0", "request.PageSize", "PageSize must be between 1 and 100.", "PutRequest")]
    [InlineData("ratio-1.6", "request.Ratio", "Ratio must be between 0 and 1.5.", "PutRequest")]
    [InlineData("name-65", "request.Name", "Name length must be between 1 and 64.", "PutRequest")]
    [InlineData("data-1025", "request.Data", "Data length must be at most 1024.", "PutRequest")]
    [InlineData("address-zip-100000", "value.Zip", "Zip must be between 0 and 99999.", "PutRequest")]
    [InlineData("coats-0", "request.Coats", "Coats must be at least 1.", "PaintRequest")]
    [InlineData("brushes-4", "request.Brushes", "Brushes count must be at most 3.", "PaintRequest")]
    [InlineData("layer-thickness-0", "value.Thickness", "Thickness must be at least 0.1.", "PaintRequest")]
    [InlineData("layer-label-9", "value.Label", "Label length must be at most 8.", "PaintRequest")]
    public void Range_errors_say_what_is_measured_and_read_one_sided_bounds_plainly(string breakage, string paramName, string message, string probe)
    {
        var create = Probe<Func<string, OperationRequest>>(probe);

        var exception = Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => create(breakage)));

        Assert.Equal(paramName, exception.ParamName);
        Assert.StartsWith(message + " (Parameter", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("in length", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("any", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutWidget_client_sends_headers_and_body_and_reads_header_status_and_body()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.Created, """{"widget":{"widgetId":"w","name":"Stored"}}""", ("x-amzn-RequestId", "req-1")));
        using var http = new HttpClient(handler);

        var summary = await Probe<Func<HttpClient, TimeProvider, string, Task<string?>>>("PutViaClient")(http, new FixedClock(Instant), "none");

        Assert.Equal("req-1|201|Stored", summary);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/widgets/w%201%2F%C3%BC", request.Uri.AbsolutePath);
        Assert.Equal("token-123", request.Headers["X-Client-Token"]);
        Assert.Equal("dark-blue", request.Headers["X-Priority"]);
        Assert.Equal("Tue, 02 Jan 2024 03:04:05 GMT", request.Headers["If-Modified-Since"]);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        Assert.Equal("ml.m5.large", JsonNode.Parse(request.Body!)!["ml.instanceType"]!.GetValue<string>());
    }

    // ---------------- Showcase: reading responses ----------------

    [Fact]
    public void GetWidget_reads_typed_headers_the_status_code_and_nested_structures()
    {
        var response = new ServiceResponse(
            (HttpStatusCode)203,
            new Dictionary<string, string>
            {
                ["ETag"] = "\"abc\"",
                ["Last-Modified"] = "Tue, 02 Jan 2024 03:04:05 GMT",
                ["X-Item-Count"] = "12",
                ["X-Total"] = "9007199254740993",
                ["X-Load"] = "0.75",
                ["X-Cached"] = "true",
                ["X-Tint"] = "ultraviolet",
            },
            Encoding.UTF8.GetBytes("""
                {"widget":{"widgetId":"w","name":"n","color":"dark-blue","createdAt":1704164645.678,"tags":["a",null,"b"],
                 "attributes":{"x":"1","n":null},"spec":{"deep":[1,{"x":null}]},"class":"k","unknown":{"skip":[1,2,{"a":"b"}]}},
                 "owner":{"street":"S","zip":5,"lines":[],"geo":{"lat":1.5,"lon":null}},"extra":[1,2,3]}
                """));

        var values = Probe<Func<ServiceResponse, Dictionary<string, object?>>>("ReadGetWidget")(response);

        Assert.Equal("\"abc\"", values["ETag"]);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), values["LastModified"]);
        Assert.Equal(12, values["ItemCount"]);
        Assert.Equal(9007199254740993L, values["Total"]);
        Assert.Equal(0.75, values["Load"]);
        Assert.Equal(true, values["Cached"]);
        Assert.Equal("ultraviolet", values["Tint"]);
        Assert.Equal(203, values["Status"]);
        Assert.Equal("w", values["Widget.WidgetId"]);
        Assert.Equal("dark-blue", values["Widget.Color"]);
        Assert.Equal(Instant, values["Widget.CreatedAt"]);
        Assert.Equal("a|b", values["Widget.Tags"]);
        Assert.Equal("x=1", values["Widget.Attributes"]);
        Assert.Equal("""{"deep":[1,{"x":null}]}""", values["Widget.Spec"]);
        Assert.Equal("k", values["Widget.Class"]);
        Assert.Equal("S|5||1.5|", values["Owner"]);
    }

    [Fact]
    public void GetWidget_leaves_absent_headers_and_an_empty_body_unset()
    {
        var values = Probe<Func<ServiceResponse, Dictionary<string, object?>>>("ReadGetWidget")(Response(HttpStatusCode.OK, ""));

        Assert.Null(values["ETag"]);
        Assert.Null(values["LastModified"]);
        Assert.Null(values["ItemCount"]);
        Assert.Null(values["Tint"]);
        Assert.Null(values["Owner"]);
        Assert.False(values.ContainsKey("Widget.WidgetId"));
        Assert.Equal(200, values["Status"]);
    }

    [Fact]
    public void A_structure_round_trips_through_its_json_writer_and_reader()
    {
        var (json, sent, received) = Probe<Func<(string, Dictionary<string, object?>, Dictionary<string, object?>)>>("RoundTripWidget")();

        Assert.Equal(sent, received);
        var node = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("dark-blue", node["color"]!.GetValue<string>());
        Assert.Equal(1704164645.678m, node["createdAt"]!.GetValue<decimal>());
        Assert.Equal("v1", node["attributes"]!["k.1"]!.GetValue<string>());
        Assert.Equal("c", node["class"]!.GetValue<string>());
        Assert.Equal(new[] { "widgetId", "name", "color", "createdAt", "tags", "attributes", "spec", "class", "grid" }, node.Select(p => p.Key));
        Assert.Equal("""[{"a":[1,2],"b":[]}]""", node["grid"]!.ToJsonString());
        Assert.Equal("a=1/2,b=", received["Grid"]);
    }

    [Fact]
    public void GetWidget_sends_a_long_query_and_an_enum_list_as_repeated_parameters()
    {
        var operation = Probe<Func<string, long?, string[]?, OperationRequest>>("GetRequest")("w", 5_000_000_000L, new[] { "red", "dark-blue" });

        Assert.Equal(HttpMethod.Get, operation.Method);
        Assert.Equal("/widgets/w?version=5000000000&color=red&color=dark-blue", operation.BuildPathAndQuery());
        Assert.Null(operation.Body);
    }

    [Fact]
    public void GetWidgetReport_formats_an_integer_label_and_a_date_time_header_and_reads_a_text_payload()
    {
        var operation = Probe<Func<string, int, DateTimeOffset?, OperationRequest>>("ReportRequest")("a/b", 2024, Instant);

        Assert.Equal("/widgets/a%2Fb/reports/2024", operation.BuildPathAndQuery());
        Assert.Equal(new[] { Pair("X-As-Of", "2024-01-02T03:04:05.678Z") }, operation.Headers);
        Assert.Null(operation.Body);

        var read = Probe<Func<ServiceResponse, (string?, string?, int)>>("ReadReport");
        var response = new ServiceResponse((HttpStatusCode)206, new Dictionary<string, string> { ["Content-Type"] = "text/plain; charset=utf-8" }, Encoding.UTF8.GetBytes("line 1\nline 2 ✓ {\"not\":\"json\"}"));
        Assert.Equal(("line 1\nline 2 ✓ {\"not\":\"json\"}", "text/plain; charset=utf-8", 206), read(response));
    }

    [Fact]
    public void UploadWidgetImage_sends_raw_bytes_with_the_spec_content_type_and_reads_a_document_payload()
    {
        var image = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0, 255 };
        var operation = Probe<Func<byte[], string?, OperationRequest>>("UploadRequest")(image, "md5==");

        Assert.Equal(HttpMethod.Put, operation.Method);
        Assert.Equal("/widgets/w/image", operation.BuildPathAndQuery());
        Assert.Equal(image, operation.Body);
        Assert.Equal("image/png", operation.ContentType);
        Assert.Equal(new[] { Pair("Content-MD5", "md5==") }, operation.Headers);

        var read = Probe<Func<ServiceResponse, string?>>("ReadUpload");
        Assert.Equal("""{"ok":true,"n":[1]}""", read(Response(HttpStatusCode.OK, """{"ok":true,"n":[1]}""")));
        Assert.Equal("[1,2]", read(Response(HttpStatusCode.OK, "[1,2]")));
        Assert.Null(read(Response(HttpStatusCode.OK, "")));
    }

    [Fact]
    public void AddWidgetNote_sends_a_text_payload_only_when_set_and_reads_a_nested_body_member()
    {
        var note = Probe<Func<string?, OperationRequest>>("NoteRequest");

        var withNote = note("# Title\n✓");
        Assert.Equal(Encoding.UTF8.GetBytes("# Title\n✓"), withNote.Body);
        Assert.Equal("text/markdown; charset=utf-8", withNote.ContentType);
        Assert.Null(note(null).Body);

        var read = Probe<Func<ServiceResponse, (string?, double?, double?)>>("ReadNote");
        Assert.Equal(("n1", 1.25, 2.5), read(Response(HttpStatusCode.OK, """{"noteId":"n1","stored":{"lat":1.25,"lon":2.5}}""")));
    }

    [Fact]
    public void Enums_are_extensible_and_compare_by_wire_value()
    {
        var facts = Probe<Func<Dictionary<string, object?>>>("EnumFacts")();

        Assert.Equal("red", facts["Red"]);
        Assert.Equal("dark-blue", facts["DarkBlue"]);
        Assert.Equal("ml.p3.2xlarge", facts["MlLarge"]);
        Assert.Equal("class", facts["class"]);
        Assert.Equal("light green", facts["Spaced"]);
        Assert.Equal(true, facts["EqualsByValue"]);
        Assert.Equal(false, facts["CaseSensitive"]);
        Assert.Equal(true, facts["ImplicitFromString"]);
        Assert.Equal(string.Empty, facts["DefaultValue"]);
        Assert.Equal("ml.p3.2xlarge", facts["ToString"]);
    }

    [Theory]
    [InlineData("WidgetNotFoundException", "Neptune.CodeGen.Showcase.WidgetNotFoundException", false)]
    [InlineData("ThrottledException", "Neptune.CodeGen.Showcase.ThrottledException", true)]
    [InlineData("ValidationException", "Neptune.CodeGen.Showcase.ValidationException", false)]
    [InlineData("Unknown", "Neptune.CodeGen.Showcase.ShowcaseException", false)]
    public void Showcase_error_codes_map_to_the_generated_exceptions(string code, string expectedType, bool retryable)
    {
        var exception = Probe<Func<ServiceError, AwsServiceException>>("MapShowcaseError")(new ServiceError(HttpStatusCode.BadRequest, code, null, null, ""));

        Assert.Equal(expectedType, exception.GetType().FullName);
        Assert.Equal(retryable, exception.Retryable);
    }

    [Fact]
    public async Task Showcase_client_reads_the_error_type_header()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.NotFound, "{}", ("X-Amzn-ErrorType", "WidgetNotFoundException:http://internal/")));
        using var http = new HttpClient(handler);

        var exception = await Assert.ThrowsAnyAsync<AwsServiceException>(() =>
            Probe<Func<HttpClient, TimeProvider, string, Task<int>>>("DeleteViaClient")(http, new FixedClock(Instant), "w-1"));

        Assert.Equal("Neptune.CodeGen.Showcase.WidgetNotFoundException", exception.GetType().FullName);
        Assert.Equal("Neptune.CodeGen.Showcase.ShowcaseException", exception.GetType().BaseType!.FullName);
        Assert.Equal("https://db.example.com:8182/widgets/w-1?force=true", Assert.Single(handler.Requests).Uri.AbsoluteUri);
    }

    private static T Probe<T>(string name)
        where T : Delegate =>
        LazyProbe.Value.GetMethod(name, BindingFlags.Public | BindingFlags.Static)?.CreateDelegate<T>()
        ?? throw new InvalidOperationException($"Probe.{name} not found.");

    private static ServiceResponse Response(HttpStatusCode status, string body) =>
        new(status, new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body));

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}
