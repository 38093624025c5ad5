using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Neptune.Data;

namespace QuickStart;

/// <summary>
/// More of the API, as an application would call it: a bulk load, a Gremlin query and its status, and a Neptune ML
/// data-processing, training and transform pipeline, each step followed until it is done. Nothing here knows it talks
/// to the emulator except the S3 locations and role ARNs, which are made up.
/// </summary>
internal static class EmulatorTour
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public const string GremlinQuery = "g.V().hasLabel('person').count()";

    /// <returns>False when a step did not end as expected (the reason is printed).</returns>
    public static async Task<bool> RunAsync(INeptuneDataClient client, CancellationToken cancellationToken) =>
        await BulkLoadAsync(client, cancellationToken)
        && await GremlinQueryAsync(client, cancellationToken)
        && await MachineLearningPipelineAsync(client, cancellationToken);

    private static async Task<bool> BulkLoadAsync(INeptuneDataClient client, CancellationToken cancellationToken)
    {
        Console.WriteLine("Bulk load (StartLoaderJob, then GetLoaderJobStatus until it ends):");
        var started = await client.StartLoaderJobAsync(new StartLoaderJobRequest
        {
            Source = "s3://quickstart-bucket/people.csv",
            Format = Format.Csv,
            S3BucketRegion = S3BucketRegion.UsEast1,
            IamRoleArn = "arn:aws:iam::123456789012:role/NeptuneLoadFromS3",
            FailOnError = true,
        }, cancellationToken);
        var loadId = started.Payload!["loadId"];
        Console.WriteLine($"  Started load {loadId}: {started.Status}");

        JsonElement overall = default;
        var status = await PollAsync("Load", async token =>
        {
            var response = await client.GetLoaderJobStatusAsync(new GetLoaderJobStatusRequest { LoadId = loadId }, token);
            overall = response.Payload!.Value.GetProperty("overallStatus");
            return overall.GetProperty("status").GetString();
        }, static s => s is not ("LOAD_IN_QUEUE" or "LOAD_IN_PROGRESS" or "LOAD_NOT_STARTED"), cancellationToken);
        Console.WriteLine($"  Records loaded: {overall.GetProperty("totalRecords").GetInt64()}");
        Console.WriteLine();
        return Expect("The load", status, "LOAD_COMPLETED");
    }

    private static async Task<bool> GremlinQueryAsync(INeptuneDataClient client, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Gremlin query {GremlinQuery} (ExecuteGremlinQuery; meanwhile ListGremlinQueries and GetGremlinQueryStatus):");
        var query = client.ExecuteGremlinQueryAsync(new ExecuteGremlinQueryRequest { GremlinQuery = GremlinQuery }, cancellationToken);
        while (!query.IsCompleted)
        {
            var running = await client.ListGremlinQueriesAsync(new ListGremlinQueriesRequest(), cancellationToken);
            if (running.Queries is { Count: > 0 } queries && queries[0].QueryId is { } queryId)
            {
                var status = await client.GetGremlinQueryStatusAsync(new GetGremlinQueryStatusRequest { QueryId = queryId }, cancellationToken);
                Console.WriteLine($"  Running as query {status.QueryId}: {status.QueryEvalStats?.Elapsed} ms elapsed so far");
                break;
            }

            await Task.Delay(PollInterval / 4, cancellationToken);
        }

        var response = await query;
        var data = response.Result!.Value.GetProperty("data");
        var count = data.GetProperty("@value")[0].GetProperty("@value").GetInt64();
        Console.WriteLine($"  Result: {count} people (status {response.Status?.Code}, request {response.RequestId})");
        Console.WriteLine();
        return true;
    }

    private static async Task<bool> MachineLearningPipelineAsync(INeptuneDataClient client, CancellationToken cancellationToken)
    {
        Console.WriteLine("Neptune ML: data processing -> model training -> model transform, each followed until it ends:");
        var processing = await client.StartMLDataProcessingJobAsync(new StartMLDataProcessingJobRequest
        {
            Id = "quickstart-processing",
            InputDataS3Location = "s3://quickstart-bucket/graph-export/",
            ProcessedDataS3Location = "s3://quickstart-bucket/processed/",
            ModelType = "heterogeneous",
        }, cancellationToken);
        Console.WriteLine($"  Started data processing {processing.Id}");
        var status = await PollAsync("Data processing", async token =>
            (await client.GetMLDataProcessingJobAsync(new GetMLDataProcessingJobRequest { Id = processing.Id! }, token)).Status, IsFinished, cancellationToken);
        if (!Expect("Data processing", status, "Completed"))
        {
            return false;
        }

        var training = await client.StartMLModelTrainingJobAsync(new StartMLModelTrainingJobRequest
        {
            Id = "quickstart-training",
            DataProcessingJobId = processing.Id!,
            TrainModelS3Location = "s3://quickstart-bucket/training/",
        }, cancellationToken);
        Console.WriteLine($"  Started model training {training.Id}");
        GetMLModelTrainingJobResponse? trained = null;
        status = await PollAsync("Model training", async token =>
            (trained = await client.GetMLModelTrainingJobAsync(new GetMLModelTrainingJobRequest { Id = training.Id! }, token)).Status, IsFinished, cancellationToken);
        if (!Expect("Model training", status, "Completed"))
        {
            return false;
        }

        Console.WriteLine($"  Trained model: {trained?.MlModels?[0].Name}");
        var transform = await client.StartMLModelTransformJobAsync(new StartMLModelTransformJobRequest
        {
            Id = "quickstart-transform",
            DataProcessingJobId = processing.Id,
            MlModelTrainingJobId = training.Id,
            ModelTransformOutputS3Location = "s3://quickstart-bucket/transform/",
        }, cancellationToken);
        Console.WriteLine($"  Started model transform {transform.Id}");
        GetMLModelTransformJobResponse? transformed = null;
        status = await PollAsync("Model transform", async token =>
            (transformed = await client.GetMLModelTransformJobAsync(new GetMLModelTransformJobRequest { Id = transform.Id! }, token)).Status, IsFinished, cancellationToken);
        if (!Expect("Model transform", status, "Completed"))
        {
            return false;
        }

        Console.WriteLine($"  Transformed model: {transformed?.Models?[0].Name}");
        Console.WriteLine();
        return true;
    }

    private static bool IsFinished(string status) => status is "Completed" or "Failed" or "Stopped";

    /// <summary>Reads a status until <paramref name="isDone"/> says it ended, printing each new value once.</summary>
    private static async Task<string> PollAsync(string what, Func<CancellationToken, Task<string?>> readStatus, Func<string, bool> isDone, CancellationToken cancellationToken)
    {
        string? last = null;
        while (true)
        {
            var status = await readStatus(cancellationToken) ?? "(no status)";
            if (status != last)
            {
                Console.WriteLine($"  {what} status: {status}");
                last = status;
            }

            if (isDone(status))
            {
                return status;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static bool Expect(string what, string status, string expected)
    {
        if (status != expected)
        {
            Console.Error.WriteLine($"FAILED: {what} ended {status}; expected {expected}.");
        }

        return status == expected;
    }
}
