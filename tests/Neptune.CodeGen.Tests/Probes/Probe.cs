// Compiled at test time together with the generated code (see BehaviourTests); excluded from the test project itself.
// Each method drives generated code the way an application would and hands plain values back to the test.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Showcase;
using Neptune.Data;

namespace Neptune.CodeGen.Tests.Probes;

public static class Probe
{
    public static readonly DateTimeOffset Instant = new(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    // ---- Neptune Data (the repo's real specs) ----

    public static OperationRequest CancelRequest(string id, bool? clean, string? roleArn) =>
        CancelMLModelTrainingJobWire.CreateRequest(new CancelMLModelTrainingJobRequest { Id = id, Clean = clean, NeptuneIamRoleArn = roleArn });

    public static string? CancelStatus(ServiceResponse response) => CancelMLModelTrainingJobWire.ReadResponse(response).Status;

    public static async Task<string?> CancelViaClient(HttpClient http, TimeProvider clock, string? id, bool? clean)
    {
        using var client = new NeptuneDataClient(Options<NeptuneDataClientOptions>(clock), http);
        var response = await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = id!, Clean = clean });
        return response.Status;
    }

    /// <summary>The generated error-code map, called directly (the client calls it through the runtime pipeline).</summary>
    public static Neptune.CodeGen.Runtime.Errors.AwsServiceException MapNeptuneDataError(Neptune.CodeGen.Runtime.Errors.ServiceError error) =>
        NeptuneDataErrors.Create(error, null);

    // ---- Showcase (TestSpecs) ----

    public static Neptune.CodeGen.Runtime.Errors.AwsServiceException MapShowcaseError(Neptune.CodeGen.Runtime.Errors.ServiceError error) =>
        ShowcaseErrors.Create(error, null);

    public static async Task<int> DeleteViaClient(HttpClient http, TimeProvider clock, string widgetId)
    {
        using var client = new ShowcaseClient(Options<ShowcaseClientOptions>(clock), http);
        await client.DeleteWidgetAsync(new DeleteWidgetRequest { WidgetId = widgetId, Force = true });
        return 0;
    }

    public static async Task<string?> PutViaClient(HttpClient http, TimeProvider clock, string breakage)
    {
        using var client = new ShowcaseClient(Options<ShowcaseClientOptions>(clock), http);
        var response = await client.PutWidgetAsync(Break(FullPutWidget(), breakage));
        return response.RequestId + "|" + response.StatusCode + "|" + response.Widget?.Name;
    }

    /// <summary>CreateRequest on a PutWidgetRequest with one thing made invalid (or "none").</summary>
    public static OperationRequest PutRequest(string breakage) => PutWidgetWire.CreateRequest(Break(FullPutWidget(), breakage));

    private static PutWidgetRequest Break(PutWidgetRequest request, string breakage)
    {
        switch (breakage)
        {
            case "none": break;
            case "name-null": request.Name = null!; break;
            case "widgetId-null": request.WidgetId = null!; break;
            case "name-empty": request.Name = ""; break;
            case "name-65": request.Name = new string('n', 65); break;
            case "pageSize-0": request.PageSize = 0; break;
            case "quantity-501": request.Quantity = 501; break;
            case "ratio-1.6": request.Ratio = 1.6; break;
            case "data-1025": request.Data = new byte[1025]; break;
            case "address-street-null": request.Address!.Street = null; break;
            case "address-street-empty": request.Address!.Street = ""; break;
            case "address-zip-100000": request.Address!.Zip = 100000; break;
            case "nested-lat-missing": request.Address!.Geo!.Lat = null; break;
            case "nested-lat-91": request.Address!.Geo!.Lat = 91; break;
            case "listed-address-street-null": request.PreviousAddresses![0].Street = null; break;
            case "header-newline": request.ClientToken = "a\r\nX-Injected: 1"; break;
            case "label-dot-dot": request.WidgetId = ".."; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }

        return request;
    }

    public static PutWidgetRequest FullPutWidget() => new()
    {
        WidgetId = "w 1/ü",
        DryRun = false,
        Tags = new List<string> { "a", "b c", "d&e" },
        Since = Instant,
        Until = Instant,
        PageSize = 25,
        ClientToken = "token-123",
        IfModifiedSince = Instant,
        Priority = Color.DarkBlue,
        Name = "Widget \"one\"",
        Quantity = 3,
        Kind = Color.MlLarge,
        Count = 7,
        Size = 9007199254740993L,
        Ratio = 0.25,
        Enabled = true,
        CreatedAt = Instant,
        UpdatedAt = Instant,
        ExpiresAt = Instant,
        Data = new byte[] { 0, 1, 2, 250, 251, 252 },
        Metadata = JsonDocument.Parse("""{"nested":{"list":[1,"two",null,true]},"n":1.5}""").RootElement,
        Color = Color.Spaced,
        InstanceType = "ml.m5.large",
        Class = "keyword class",
        Event = 42,
        Labels = new Dictionary<string, string> { ["env"] = "prod", ["a.b"] = "dotted key" },
        Scores = new Dictionary<string, double> { ["pi"] = 3.5, ["nan"] = double.NaN, ["inf"] = double.PositiveInfinity },
        History = new List<DateTimeOffset> { Instant, Instant.AddSeconds(1) },
        Matrix = new List<IList<int>> { new List<int> { 1, 2 }, new List<int>(), new List<int> { 3 } },
        Groups = new Dictionary<string, IList<string>> { ["g"] = new List<string> { "x", "y" } },
        Colors = new List<Color> { Color.Red, new Color("ultraviolet") },
        Address = new Address { Street = "1 Main St", Zip = 12345, Lines = new List<string> { "Suite 5" }, Geo = new Coordinates { Lat = 47.5, Lon = -122.25 } },
        PreviousAddresses = new List<Address> { new() { Street = "Old St" } },
        AddressBook = new Dictionary<string, Address> { ["home"] = new() { Street = "Home St", Zip = 1 } },
    };

    /// <summary>GetWidget's response read from hand-made headers and body, flattened to plain values.</summary>
    public static Dictionary<string, object?> ReadGetWidget(ServiceResponse response)
    {
        var result = GetWidgetWire.ReadResponse(response);
        var values = new Dictionary<string, object?>
        {
            ["ETag"] = result.Etag,
            ["LastModified"] = result.LastModified,
            ["ItemCount"] = result.ItemCount,
            ["Total"] = result.Total,
            ["Load"] = result.Load,
            ["Cached"] = result.Cached,
            ["Tint"] = result.Tint?.Value,
            ["Status"] = result.Status,
            ["Owner"] = result.Owner is null ? null : Flatten(result.Owner),
        };
        foreach (var pair in result.Widget is null ? new Dictionary<string, object?>() : Flatten(result.Widget))
        {
            values["Widget." + pair.Key] = pair.Value;
        }

        return values;
    }

    /// <summary>
    /// A Widget written by ReplaceWidget (structure payload) and read back by GetWidget (as its 'widget' member):
    /// returns the JSON on the wire, the flattened original and the flattened copy.
    /// </summary>
    public static (string Json, Dictionary<string, object?> Sent, Dictionary<string, object?> Received) RoundTripWidget()
    {
        var widget = new Widget
        {
            WidgetId = "w-1",
            Name = "Round \"trip\" \\ </summary>",
            Color = Color.DarkBlue,
            CreatedAt = Instant,
            Tags = new List<string> { "t1", "t2" },
            Attributes = new Dictionary<string, string> { ["k.1"] = "v1", ["k2"] = "" },
            Spec = JsonDocument.Parse("""[{"a":null},2.5,"s"]""").RootElement,
            Class = "c",
            Grid = new List<IDictionary<string, IList<int>>> { new Dictionary<string, IList<int>> { ["a"] = new List<int> { 1, 2 }, ["b"] = new List<int>() } },
        };
        var request = ReplaceWidgetWire.CreateRequest(new ReplaceWidgetRequest { WidgetId = "w-1", Widget = widget });
        var json = System.Text.Encoding.UTF8.GetString(request.Body!);
        var body = System.Text.Encoding.UTF8.GetBytes("{\"widget\":" + json + "}");
        var read = GetWidgetWire.ReadResponse(new ServiceResponse(System.Net.HttpStatusCode.OK, new Dictionary<string, string>(), body));
        return (json, Flatten(widget), Flatten(read.Widget!));
    }

    public static OperationRequest ReportRequest(string widgetId, int year, DateTimeOffset? asOf) =>
        GetWidgetReportWire.CreateRequest(new GetWidgetReportRequest { WidgetId = widgetId, Year = year, AsOf = asOf });

    public static (string? Report, string? ContentType, int Code) ReadReport(ServiceResponse response)
    {
        var result = GetWidgetReportWire.ReadResponse(response);
        return (result.Report, result.ContentType, result.Code);
    }

    public static OperationRequest UploadRequest(byte[] image, string? checksum) =>
        UploadWidgetImageWire.CreateRequest(new UploadWidgetImageRequest { WidgetId = "w", Image = image, Checksum = checksum });

    public static string? ReadUpload(ServiceResponse response) =>
        UploadWidgetImageWire.ReadResponse(response).Result is { } document ? document.GetRawText() : null;

    public static OperationRequest NoteRequest(string? note) =>
        AddWidgetNoteWire.CreateRequest(new AddWidgetNoteRequest { WidgetId = "w", Note = note });

    public static (string? NoteId, double? Lat, double? Lon) ReadNote(ServiceResponse response)
    {
        var result = AddWidgetNoteWire.ReadResponse(response);
        return (result.NoteId, result.Stored?.Lat, result.Stored?.Lon);
    }

    public static OperationRequest GetRequest(string widgetId, long? version, string[]? colors) =>
        GetWidgetWire.CreateRequest(new GetWidgetRequest { WidgetId = widgetId, Version = version, Colors = colors?.Select(c => new Color(c)).ToList() });

    /// <summary>CreateRequest on a PaintWidgetRequest with one thing left unset or out of range (or "none").</summary>
    public static OperationRequest PaintRequest(string breakage) => PaintWidgetWire.CreateRequest(BreakPaint(FullPaint(), breakage));

    public static async Task PaintViaClient(HttpClient http, TimeProvider clock, string breakage)
    {
        using var client = new ShowcaseClient(Options<ShowcaseClientOptions>(clock), http);
        await client.PaintWidgetAsync(BreakPaint(FullPaint(), breakage));
    }

    /// <summary>PaintWidget's response: the enum and how the document member came out ("absent" or its JsonValueKind).</summary>
    public static (string? Applied, string Notes) ReadPaint(ServiceResponse response)
    {
        var result = PaintWidgetWire.ReadResponse(response);
        return (result.Applied?.Value, result.Notes is { } notes ? notes.ValueKind.ToString() : "absent");
    }

    private static PaintWidgetRequest FullPaint() => new()
    {
        WidgetId = "w",
        Color = Color.Red,
        Finish = Color.DarkBlue,
        Primer = Color.Spaced,
        Coat = Color.MlLarge,
        Recipe = JsonDocument.Parse("null").RootElement,
        Layer = new PaintLayer { Color = Color.Red, Base = JsonDocument.Parse("{}").RootElement, Thickness = 0.5, Label = "base" },
        Coats = 2,
        Brushes = new List<string> { "a", "b" },
    };

    private static PaintWidgetRequest BreakPaint(PaintWidgetRequest request, string breakage)
    {
        switch (breakage)
        {
            case "none": break;
            case "color-default": request.Color = default; break;
            case "finish-default": request.Finish = default; break;
            case "primer-default": request.Primer = default; break;
            case "coat-default": request.Coat = default; break;
            case "coat-empty": request.Coat = new Color(""); break;
            case "recipe-default": request.Recipe = default; break;
            case "layer-color-null": request.Layer.Color = null; break;
            case "layer-color-default": request.Layer.Color = default(Color); break;
            case "layer-base-null": request.Layer.Base = null; break;
            case "layer-base-default": request.Layer.Base = default(JsonElement); break;
            case "coats-0": request.Coats = 0; break;
            case "brushes-4": request.Brushes = new List<string> { "a", "b", "c", "d" }; break;
            case "layer-thickness-0": request.Layer.Thickness = 0; break;
            case "layer-label-9": request.Layer.Label = "123456789"; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }

        return request;
    }

    /// <summary>Facts about the generated extensible enum.</summary>
    public static Dictionary<string, object?> EnumFacts() => new()
    {
        ["Red"] = Color.Red.Value,
        ["DarkBlue"] = Color.DarkBlue.Value,
        ["MlLarge"] = Color.MlLarge.Value,
        ["class"] = Color.@class.Value,
        ["Spaced"] = Color.Spaced.Value,
        ["EqualsByValue"] = Color.DarkBlue == new Color("dark-blue"),
        ["CaseSensitive"] = Color.Red == new Color("RED"),
        ["ImplicitFromString"] = ((Color)"red").Equals(Color.Red),
        ["DefaultValue"] = default(Color).Value,
        ["ToString"] = Color.MlLarge.ToString(),
    };

    private static Dictionary<string, object?> Flatten(Widget w) => new()
    {
        ["WidgetId"] = w.WidgetId,
        ["Name"] = w.Name,
        ["Color"] = w.Color?.Value,
        ["CreatedAt"] = w.CreatedAt,
        ["Tags"] = w.Tags is null ? null : string.Join("|", w.Tags),
        ["Attributes"] = w.Attributes is null ? null : string.Join("|", w.Attributes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)),
        ["Spec"] = w.Spec?.GetRawText(),
        ["Class"] = w.Class,
        ["Grid"] = w.Grid is null ? null : string.Join(";", w.Grid.Select(m => string.Join(",", m.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + string.Join("/", p.Value))))),
    };

    private static string Flatten(Address a) =>
        $"{a.Street}|{a.Zip}|{(a.Lines is null ? "-" : string.Join(",", a.Lines))}|{a.Geo?.Lat}|{a.Geo?.Lon}";

    private static T Options<T>(TimeProvider clock)
        where T : Neptune.CodeGen.Runtime.AwsClientOptions, new() => new()
    {
        Endpoint = new Uri("https://db.example.com:8182"),
        Region = "us-east-1",
        Credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        TimeProvider = clock,
    };
}
