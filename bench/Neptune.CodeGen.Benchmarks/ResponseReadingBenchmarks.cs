using System;
using System.Collections.Generic;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using Neptune.CodeGen.Runtime.Http;
using Neptune.CodeGen.Runtime.Json;
using Neptune.Data;

namespace Neptune.CodeGen.Benchmarks;

/// <summary>
/// Reading the CancelMLModelTrainingJob response <c>{"status":"Stopping"}</c>: the generated ReadResponse (internal to the
/// generated code, which is compiled into this assembly) against <see cref="JsonSerializer"/> with source-generated metadata
/// (the baseline), reflection-based <see cref="JsonSerializer"/>, and <see cref="JsonDocument"/>.
/// </summary>
[MemoryDiagnoser]
public class StatusResponseReadingBenchmarks
{
    private static readonly JsonSerializerOptions ReflectionOptions = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
    private static readonly Dictionary<string, string> NoHeaders = new();
    private readonly ServiceResponse _response = new(HttpStatusCode.OK, NoHeaders, Fixture.StatusBody);

    [Benchmark(Baseline = true, Description = "JsonSerializer (source-generated)")]
    public string? SerializerSourceGenerated() =>
        JsonSerializer.Deserialize(_response.Body.Span, BenchmarkJsonContext.Default.StatusDto)!.Status;

    [Benchmark(Description = "JsonSerializer (reflection)")]
    public string? SerializerReflection() =>
        JsonSerializer.Deserialize<StatusDto>(_response.Body.Span, ReflectionOptions)!.Status;

    [Benchmark(Description = "JsonDocument")]
    public string? Document()
    {
        using var json = JsonDocument.Parse(_response.Body);
        return json.RootElement.TryGetProperty("status", out var status) ? status.GetString() : null;
    }

    [Benchmark(Description = "Generated ReadResponse (Utf8JsonReader + RestJson)")]
    public string? Generated() => CancelMLModelTrainingJobWire.ReadResponse(_response).Status;
}

/// <summary>
/// Reading a ~1.5 KB DescribeMLModelTrainingJob-shaped response (nested objects, a list, a map, numbers, a null) into typed
/// classes: a reader written the way the generator writes one (<see cref="Utf8JsonReader"/> and the runtime's
/// <see cref="RestJson"/>/<see cref="RestJsonCollections"/> helpers; that operation has no spec yet, so this one is written
/// by hand in the same shape) against <see cref="JsonSerializer"/> with source-generated metadata (the baseline),
/// reflection-based <see cref="JsonSerializer"/>, and <see cref="JsonDocument"/>.
/// </summary>
[MemoryDiagnoser]
public class TrainingJobResponseReadingBenchmarks
{
    private static readonly JsonSerializerOptions ReflectionOptions = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
    private readonly byte[] _body = Fixture.TrainingJobBody;

    [GlobalSetup]
    public void Setup()
    {
        var expected = Summary(SerializerSourceGenerated());
        foreach (var other in new[] { SerializerReflection(), Document(), GeneratedStyle() })
        {
            if (Summary(other) != expected)
            {
                throw new InvalidOperationException($"The readers disagree: {expected} vs {Summary(other)}.");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "JsonSerializer (source-generated)")]
    public TrainingJob SerializerSourceGenerated() => JsonSerializer.Deserialize(_body, BenchmarkJsonContext.Default.TrainingJob)!;

    [Benchmark(Description = "JsonSerializer (reflection)")]
    public TrainingJob SerializerReflection() => JsonSerializer.Deserialize<TrainingJob>(_body, ReflectionOptions)!;

    [Benchmark(Description = "JsonDocument into the same classes")]
    public TrainingJob Document()
    {
        using var json = JsonDocument.Parse(_body);
        var root = json.RootElement;
        var job = new TrainingJob
        {
            Status = root.GetProperty("status").GetString(),
            Id = root.GetProperty("id").GetString(),
            ProcessingJob = ReadResource(root.GetProperty("processingJob")),
            HpoJob = ReadResource(root.GetProperty("hpoJob")),
            ModelTransformJob = ReadResource(root.GetProperty("modelTransformJob")),
            TrainingInstanceType = root.GetProperty("trainingInstanceType").GetString(),
            TrainingInstanceVolumeSizeInGB = root.GetProperty("trainingInstanceVolumeSizeInGB").GetInt32(),
            TrainingTimeOutInSeconds = root.GetProperty("trainingTimeOutInSeconds").GetInt32(),
            MaxHPONumberOfTrainingJobs = root.GetProperty("maxHPONumberOfTrainingJobs").GetInt32(),
            MaxHPOParallelTrainingJobs = root.GetProperty("maxHPOParallelTrainingJobs").GetInt32(),
            EnableManagedSpotTraining = root.GetProperty("enableManagedSpotTraining").GetBoolean(),
            MlModels = [],
            CustomModelTrainingParameters = [],
            Metrics = [],
        };
        foreach (var model in root.GetProperty("mlModels").EnumerateArray())
        {
            job.MlModels.Add(new MLModel { Name = model.GetProperty("name").GetString(), Arn = model.GetProperty("arn").GetString() });
        }

        foreach (var parameter in root.GetProperty("customModelTrainingParameters").EnumerateObject())
        {
            job.CustomModelTrainingParameters.Add(parameter.Name, parameter.Value.GetString()!);
        }

        foreach (var metric in root.GetProperty("metrics").EnumerateObject())
        {
            job.Metrics.Add(metric.Name, metric.Value.GetDouble());
        }

        return job;

        static ResourceSummary ReadResource(JsonElement element) => new()
        {
            Name = element.GetProperty("name").GetString(),
            Arn = element.GetProperty("arn").GetString(),
            Status = element.GetProperty("status").GetString(),
            OutputLocation = element.GetProperty("outputLocation").GetString(),
            FailureReason = element.TryGetProperty("failureReason", out var reason) ? reason.GetString() : null,
        };
    }

    [Benchmark(Description = "Generated-style (Utf8JsonReader + RestJson)")]
    public TrainingJob GeneratedStyle()
    {
        var result = new TrainingJob();
        var reader = new Utf8JsonReader(_body);
        if (RestJson.ReadStartObject(ref reader))
        {
            while (RestJson.ReadNextProperty(ref reader))
            {
                if (reader.ValueTextEquals("status"u8)) { RestJson.ReadValue(ref reader); result.Status = RestJson.ReadString(ref reader); }
                else if (reader.ValueTextEquals("id"u8)) { RestJson.ReadValue(ref reader); result.Id = RestJson.ReadString(ref reader); }
                else if (reader.ValueTextEquals("processingJob"u8)) { RestJson.ReadValue(ref reader); result.ProcessingJob = ReadResourceSummary(ref reader); }
                else if (reader.ValueTextEquals("hpoJob"u8)) { RestJson.ReadValue(ref reader); result.HpoJob = ReadResourceSummary(ref reader); }
                else if (reader.ValueTextEquals("modelTransformJob"u8)) { RestJson.ReadValue(ref reader); result.ModelTransformJob = ReadResourceSummary(ref reader); }
                else if (reader.ValueTextEquals("mlModels"u8)) { RestJson.ReadValue(ref reader); result.MlModels = RestJsonCollections.ReadList(ref reader, ReadMLModel); }
                else if (reader.ValueTextEquals("trainingInstanceType"u8)) { RestJson.ReadValue(ref reader); result.TrainingInstanceType = RestJson.ReadString(ref reader); }
                else if (reader.ValueTextEquals("trainingInstanceVolumeSizeInGB"u8)) { RestJson.ReadValue(ref reader); result.TrainingInstanceVolumeSizeInGB = RestJson.ReadInt32(ref reader); }
                else if (reader.ValueTextEquals("trainingTimeOutInSeconds"u8)) { RestJson.ReadValue(ref reader); result.TrainingTimeOutInSeconds = RestJson.ReadInt32(ref reader); }
                else if (reader.ValueTextEquals("maxHPONumberOfTrainingJobs"u8)) { RestJson.ReadValue(ref reader); result.MaxHPONumberOfTrainingJobs = RestJson.ReadInt32(ref reader); }
                else if (reader.ValueTextEquals("maxHPOParallelTrainingJobs"u8)) { RestJson.ReadValue(ref reader); result.MaxHPOParallelTrainingJobs = RestJson.ReadInt32(ref reader); }
                else if (reader.ValueTextEquals("enableManagedSpotTraining"u8)) { RestJson.ReadValue(ref reader); result.EnableManagedSpotTraining = RestJson.ReadBoolean(ref reader); }
                else if (reader.ValueTextEquals("customModelTrainingParameters"u8)) { RestJson.ReadValue(ref reader); result.CustomModelTrainingParameters = RestJsonCollections.ReadMap(ref reader, ReadRequiredString); }
                else if (reader.ValueTextEquals("metrics"u8)) { RestJson.ReadValue(ref reader); result.Metrics = RestJsonCollections.ReadMap(ref reader, ReadRequiredDouble); }
                else { RestJson.ReadValue(ref reader); reader.Skip(); }
            }
        }

        return result;
    }

    private static ResourceSummary? ReadResourceSummary(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var result = new ResourceSummary();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object but found {reader.TokenType}.");
        }

        while (RestJson.ReadNextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) { RestJson.ReadValue(ref reader); result.Name = RestJson.ReadString(ref reader); }
            else if (reader.ValueTextEquals("arn"u8)) { RestJson.ReadValue(ref reader); result.Arn = RestJson.ReadString(ref reader); }
            else if (reader.ValueTextEquals("status"u8)) { RestJson.ReadValue(ref reader); result.Status = RestJson.ReadString(ref reader); }
            else if (reader.ValueTextEquals("outputLocation"u8)) { RestJson.ReadValue(ref reader); result.OutputLocation = RestJson.ReadString(ref reader); }
            else if (reader.ValueTextEquals("failureReason"u8)) { RestJson.ReadValue(ref reader); result.FailureReason = RestJson.ReadString(ref reader); }
            else { RestJson.ReadValue(ref reader); reader.Skip(); }
        }

        return result;
    }

    private static MLModel ReadMLModel(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object but found {reader.TokenType}.");
        }

        var result = new MLModel();
        while (RestJson.ReadNextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) { RestJson.ReadValue(ref reader); result.Name = RestJson.ReadString(ref reader); }
            else if (reader.ValueTextEquals("arn"u8)) { RestJson.ReadValue(ref reader); result.Arn = RestJson.ReadString(ref reader); }
            else { RestJson.ReadValue(ref reader); reader.Skip(); }
        }

        return result;
    }

    private static string ReadRequiredString(ref Utf8JsonReader reader) => RestJson.ReadString(ref reader) ?? throw new JsonException("A map value was null.");

    private static double ReadRequiredDouble(ref Utf8JsonReader reader) => RestJson.ReadDouble(ref reader) ?? throw new JsonException("A map value was null.");

    private static string Summary(TrainingJob job) => string.Join('|',
        job.Status, job.Id, job.ProcessingJob?.OutputLocation, job.HpoJob?.Arn, job.HpoJob?.FailureReason ?? "-", job.ModelTransformJob?.Status,
        job.MlModels?.Count, job.MlModels?[2].Arn, job.TrainingInstanceType, job.TrainingInstanceVolumeSizeInGB, job.TrainingTimeOutInSeconds,
        job.MaxHPONumberOfTrainingJobs, job.MaxHPOParallelTrainingJobs, job.EnableManagedSpotTraining,
        job.CustomModelTrainingParameters?["trainingEntryPointScript"], job.Metrics?["f1"]);
}

/// <summary>What <see cref="JsonSerializer"/> reads <c>{"status":"Stopping"}</c> into.</summary>
public sealed class StatusDto
{
    public string? Status { get; set; }
}

/// <summary>A DescribeMLModelTrainingJob-shaped result (the classes the generator would emit for it, give or take docs).</summary>
public sealed class TrainingJob
{
    public string? Status { get; set; }
    public string? Id { get; set; }
    public ResourceSummary? ProcessingJob { get; set; }
    public ResourceSummary? HpoJob { get; set; }
    public ResourceSummary? ModelTransformJob { get; set; }
    public List<MLModel>? MlModels { get; set; }
    public string? TrainingInstanceType { get; set; }
    public int? TrainingInstanceVolumeSizeInGB { get; set; }
    public int? TrainingTimeOutInSeconds { get; set; }
    public int? MaxHPONumberOfTrainingJobs { get; set; }
    public int? MaxHPOParallelTrainingJobs { get; set; }
    public bool? EnableManagedSpotTraining { get; set; }
    public Dictionary<string, string>? CustomModelTrainingParameters { get; set; }
    public Dictionary<string, double>? Metrics { get; set; }
}

public sealed class ResourceSummary
{
    public string? Name { get; set; }
    public string? Arn { get; set; }
    public string? Status { get; set; }
    public string? OutputLocation { get; set; }
    public string? FailureReason { get; set; }
}

public sealed class MLModel
{
    public string? Name { get; set; }
    public string? Arn { get; set; }
}

/// <summary>Source-generated System.Text.Json metadata for the baselines (camelCase, as the service sends).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StatusDto))]
[JsonSerializable(typeof(TrainingJob))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext
{
}
