using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Json;
using Xunit;

namespace Neptune.CodeGen.Runtime.Tests.Json;

public sealed class WireFormatAndRestJsonTests
{
    private static readonly DateTimeOffset WithMillis = new(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
    private static readonly DateTimeOffset WholeSeconds = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Runs the check under a culture with ',' decimals, '.' time separators, U+2212 minus or another calendar.</summary>
    private static void InCulture(string name, Action check)
    {
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
            check();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    public static TheoryData<string> Cultures => new() { "en-US", "fi-FI", "de-DE", "th-TH", "ar-SA" };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void WireFormatIsCultureInvariant(string culture) => InCulture(culture, () =>
    {
        Assert.Equal("true", WireFormat.Boolean(true));
        Assert.Equal("false", WireFormat.Boolean(false));
        Assert.Equal("-1234567", WireFormat.Int32(-1234567));
        Assert.Equal("-9007199254740993", WireFormat.Int64(-9007199254740993));
        Assert.Equal("1.5", WireFormat.Double(1.5));
        Assert.Equal("-0.1", WireFormat.Double(-0.1));
        Assert.Equal("NaN", WireFormat.Double(double.NaN));
        Assert.Equal("Infinity", WireFormat.Double(double.PositiveInfinity));
        Assert.Equal("-Infinity", WireFormat.Double(double.NegativeInfinity));
        Assert.Equal(0.1 + 0.2, double.Parse(WireFormat.Double(0.1 + 0.2), CultureInfo.InvariantCulture));
        Assert.Equal("2024-01-02T03:04:05.678Z", WireFormat.DateTime(WithMillis));
        Assert.Equal("2024-01-02T03:04:05Z", WireFormat.DateTime(WholeSeconds));
        Assert.Equal("2024-01-02T01:04:05Z", WireFormat.DateTime(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2))));
        Assert.Equal("Tue, 02 Jan 2024 03:04:05 GMT", WireFormat.HttpDate(WholeSeconds));
        Assert.Equal("1704164645", WireFormat.EpochSeconds(WholeSeconds));
        Assert.Equal("1704164645.678", WireFormat.EpochSeconds(WithMillis));
    });

    private static T Read<T>(string json, ReadFunc<T> read)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        return read(ref reader);
    }

    private delegate T ReadFunc<T>(ref Utf8JsonReader reader);

    [Theory]
    [MemberData(nameof(Cultures))]
    public void DoublesAndTimestampsRoundTrip(string culture) => InCulture(culture, () =>
    {
        Assert.Equal(double.NaN, Read("\"NaN\"", RestJson.ReadDouble));
        Assert.Equal(double.PositiveInfinity, Read("\"Infinity\"", RestJson.ReadDouble));
        Assert.Equal(double.NegativeInfinity, Read("\"-Infinity\"", RestJson.ReadDouble));
        Assert.Equal(-1.25, Read("-1.25", RestJson.ReadDouble));
        Assert.Null(Read("null", RestJson.ReadDouble));
        Assert.Throws<JsonException>(() => Read("\"1.5\"", RestJson.ReadDouble));
        Assert.Throws<JsonException>(() => Read("\"nan\"", RestJson.ReadDouble));

        Assert.Equal(WithMillis, Read("\"2024-01-02T03:04:05.678Z\"", RestJson.ReadTimestamp));
        Assert.Equal(WholeSeconds, Read("\"2024-01-02T03:04:05Z\"", RestJson.ReadTimestamp));
        Assert.Equal(WholeSeconds, Read("\"2024-01-02T04:04:05+01:00\"", RestJson.ReadTimestamp));
        Assert.Equal(WholeSeconds, Read("1704164645", RestJson.ReadTimestamp));
        Assert.Equal(WithMillis, Read("1704164645.678", RestJson.ReadTimestamp));
        Assert.Equal(TimeSpan.Zero, Read("\"2024-01-02T04:04:05+01:00\"", RestJson.ReadTimestamp)!.Value.Offset);
        Assert.Null(Read("null", RestJson.ReadTimestamp));
        Assert.Throws<JsonException>(() => Read("\"not a date\"", RestJson.ReadTimestamp));

        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            RestJson.WriteDouble(writer, double.NaN);
            RestJson.WriteDouble(writer, double.PositiveInfinity);
            RestJson.WriteDouble(writer, double.NegativeInfinity);
            RestJson.WriteDouble(writer, 1.5);
            RestJson.WriteDouble(writer, -0.001);
            RestJson.WriteTimestamp(writer, WithMillis);
            RestJson.WriteTimestamp(writer, WholeSeconds);
            writer.WriteEndArray();
        }

        Assert.Equal("[\"NaN\",\"Infinity\",\"-Infinity\",1.5,-0.001,\"2024-01-02T03:04:05.678Z\",\"2024-01-02T03:04:05Z\"]", Encoding.UTF8.GetString(buffer.ToArray()));
    });

    [Fact]
    public void A_json_null_document_is_a_null_element_not_a_missing_value()
    {
        var json = new Utf8JsonReader("{\"doc\":null}"u8);
        Assert.True(RestJson.ReadStartObject(ref json));
        Assert.True(RestJson.ReadNextProperty(ref json));
        RestJson.ReadValue(ref json);

        var document = RestJson.ReadDocument(ref json);

        Assert.NotNull(document);
        Assert.Equal(JsonValueKind.Null, document.Value.ValueKind);
        Assert.False(RestJson.ReadNextProperty(ref json));
    }

    [Fact]
    public void TimestampsWithMoreThanMillisecondPrecisionAreRead()
    {
        // RFC 3339 allows any number of fractional digits; services send up to nanoseconds.
        Assert.Equal(WithMillis.AddTicks(9000), Read("\"2024-01-02T03:04:05.678900Z\"", RestJson.ReadTimestamp));
        Assert.Equal(WithMillis.AddTicks(9012), Read("\"2024-01-02T03:04:05.678901234Z\"", RestJson.ReadTimestamp));
    }

    [Fact]
    public void ObjectWalkingHelpers()
    {
        var notFinal = new Utf8JsonReader(""u8, isFinalBlock: false, state: default);
        Assert.False(RestJson.ReadStartObject(ref notFinal));
        var emptyFinal = new Utf8JsonReader(""u8);
        try
        {
            RestJson.ReadStartObject(ref emptyFinal);
            Assert.Fail("Utf8JsonReader refuses an empty final block; the pipeline handles that case.");
        }
        catch (JsonException)
        {
        }

        var array = new Utf8JsonReader("[1]"u8);
        try
        {
            RestJson.ReadStartObject(ref array);
            Assert.Fail("An array is not an object.");
        }
        catch (JsonException)
        {
        }

        var json = new Utf8JsonReader("{\"blob\":\"AQID\",\"doc\":{\"a\":[1,{\"b\":null}]},\"n\":null,\"i\":7,\"l\":9007199254740993,\"b\":true}"u8);
        Assert.True(RestJson.ReadStartObject(ref json));
        Assert.True(RestJson.ReadNextProperty(ref json));
        RestJson.ReadValue(ref json);
        Assert.Equal(new byte[] { 1, 2, 3 }, RestJson.ReadBlob(ref json));
        Assert.True(RestJson.ReadNextProperty(ref json));
        RestJson.ReadValue(ref json);
        Assert.Equal("{\"a\":[1,{\"b\":null}]}", RestJson.ReadDocument(ref json)!.Value.GetRawText());
        Assert.True(RestJson.ReadNextProperty(ref json));
        RestJson.ReadValue(ref json);
        Assert.Null(RestJson.ReadString(ref json));
        Assert.True(RestJson.ReadNextProperty(ref json));
        RestJson.ReadValue(ref json);
        Assert.Equal(7, RestJson.ReadInt32(ref json));
        Assert.True(RestJson.ReadNextProperty(ref json));
        RestJson.ReadValue(ref json);
        Assert.Equal(9007199254740993L, RestJson.ReadInt64(ref json));
        Assert.True(RestJson.ReadNextProperty(ref json));
        RestJson.ReadValue(ref json);
        Assert.True(RestJson.ReadBoolean(ref json));
        Assert.False(RestJson.ReadNextProperty(ref json));

        var truncated = new Utf8JsonReader("{\"a\":\"x\""u8, isFinalBlock: true, state: default);
        Assert.True(RestJson.ReadStartObject(ref truncated));
        Assert.True(RestJson.ReadNextProperty(ref truncated));
        RestJson.ReadValue(ref truncated);
        try
        {
            RestJson.ReadNextProperty(ref truncated);
            Assert.Fail("A truncated object must not read as complete.");
        }
        catch (JsonException)
        {
        }
    }

    [Fact]
    public void String_members_read_a_number_as_its_text_and_refuse_other_kinds()
    {
        // Neptune sends numbers for members its model types as strings (stream commitNum, statisticsId).
        var json = new Utf8JsonReader("[12, 1588893232718, -1.5e3, \"s\", true]"u8);
        Assert.True(json.Read());
        var read = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(json.Read());
            read.Add(RestJson.ReadString(ref json));
        }

        Assert.Equal(new[] { "12", "1588893232718", "-1.5e3", "s" }, read);
        Assert.True(json.Read());
        try
        {
            RestJson.ReadString(ref json);
            Assert.Fail("A boolean is not a string.");
        }
        catch (InvalidOperationException)
        {
        }
    }

    [Fact]
    public void A_number_split_across_buffer_segments_is_read_as_its_text()
    {
        // A body read in pieces gives the reader a multi-segment sequence: the number's text spans both pieces.
        var first = new Segment("[158889"u8.ToArray());
        var last = first.Append("3232718]"u8.ToArray());
        var json = new Utf8JsonReader(new System.Buffers.ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
        Assert.True(json.Read());
        Assert.True(json.Read());
        Assert.True(json.HasValueSequence);
        Assert.Equal("1588893232718", RestJson.ReadString(ref json));
    }

    private sealed class Segment : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes) => Memory = bytes;

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }

    [Fact]
    public void Request_bodies_may_nest_up_to_the_depth_responses_are_read_to()
    {
        using var stream = new MemoryStream();
        using var writer = new Utf8JsonWriter(stream);
        for (var i = 0; i < RestJson.MaxRequestDepth; i++)
        {
            RestJson.ThrowIfTooDeep(writer, "value");
            writer.WriteStartArray();
        }

        var exception = Assert.Throws<ArgumentException>(() => RestJson.ThrowIfTooDeep(writer, "value.Child"));
        Assert.Equal("value.Child", exception.ParamName);
        Assert.Contains("64 levels", exception.Message, StringComparison.Ordinal);
    }
}
