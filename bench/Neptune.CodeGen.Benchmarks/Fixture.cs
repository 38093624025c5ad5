using System;
using System.Text;
using Neptune.CodeGen.Runtime.Credentials;

namespace Neptune.CodeGen.Benchmarks;

/// <summary>The cluster, credentials and bodies every benchmark shares (AWS documentation example keys, never real ones).</summary>
internal static class Fixture
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLE//////////token+with/slashes=";
    public const string Region = "us-east-1";
    public const string SigningName = "neptune-db";
    public const string Cluster = "https://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182";
    public const string RoleArn = "arn:aws:iam::123456789012:role/NeptuneML";

    /// <summary>CancelMLModelTrainingJob(Id = "job-1", Clean = true, NeptuneIamRoleArn = <see cref="RoleArn"/>) on the wire.</summary>
    public const string CancelUrl = Cluster + "/ml/modeltraining/job-1?clean=true&neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FNeptuneML";

    public const string StartTrainingUrl = Cluster + "/ml/modeltraining";

    /// <summary>What the in-memory cluster answers to a cancel.</summary>
    public static readonly byte[] StatusBody = "{\"status\":\"Stopping\"}"u8.ToArray();

    /// <summary>A fixed signing time, so both signers do the same work on every operation.</summary>
    public static readonly DateTimeOffset SigningTime = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static readonly AwsCredentials Credentials = new(AccessKeyId, SecretAccessKey, SessionToken);

    /// <summary>A StartMLModelTrainingJob-shaped request body of about 2 KB.</summary>
    public static readonly byte[] StartTrainingBody = Encoding.UTF8.GetBytes(BuildStartTrainingBody());

    /// <summary>A DescribeMLModelTrainingJob-shaped response (nested objects, a list, numbers, a map), about 1.5 KB.</summary>
    public static readonly byte[] TrainingJobBody = Encoding.UTF8.GetBytes("""
        {
          "status": "Completed",
          "id": "job-1",
          "processingJob": {
            "name": "dp-1",
            "arn": "arn:aws:sagemaker:us-east-1:123456789012:processing-job/dp-1",
            "status": "Completed",
            "outputLocation": "s3://neptune-ml-bucket/processed/dp-1"
          },
          "hpoJob": {
            "name": "hpo-1",
            "arn": "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/hpo-1",
            "status": "Completed",
            "outputLocation": "s3://neptune-ml-bucket/training/hpo-1",
            "failureReason": null
          },
          "modelTransformJob": {
            "name": "mt-1",
            "arn": "arn:aws:sagemaker:us-east-1:123456789012:transform-job/mt-1",
            "status": "InProgress",
            "outputLocation": "s3://neptune-ml-bucket/transform/mt-1"
          },
          "mlModels": [
            { "name": "model-1", "arn": "arn:aws:sagemaker:us-east-1:123456789012:model/model-1" },
            { "name": "model-2", "arn": "arn:aws:sagemaker:us-east-1:123456789012:model/model-2" },
            { "name": "model-3", "arn": "arn:aws:sagemaker:us-east-1:123456789012:model/model-3" }
          ],
          "trainingInstanceType": "ml.p3.2xlarge",
          "trainingInstanceVolumeSizeInGB": 200,
          "trainingTimeOutInSeconds": 86400,
          "maxHPONumberOfTrainingJobs": 24,
          "maxHPOParallelTrainingJobs": 4,
          "enableManagedSpotTraining": false,
          "customModelTrainingParameters": { "sourceS3DirectoryPath": "s3://neptune-ml-bucket/custom", "trainingEntryPointScript": "train.py", "transformEntryPointScript": "transform.py" },
          "metrics": { "accuracy": 0.9321, "precision": 0.9134, "recall": 0.8977, "f1": 0.9055 }
        }
        """);

    private static string BuildStartTrainingBody()
    {
        var builder = new StringBuilder("{\"id\":\"job-1\",\"dataProcessingJobId\":\"dp-1\",\"trainModelS3Location\":\"s3://neptune-ml-bucket/training\",")
            .Append("\"neptuneIamRoleArn\":\"").Append(RoleArn).Append("\",\"trainingInstanceType\":\"ml.p3.2xlarge\",")
            .Append("\"maxHPONumberOfTrainingJobs\":24,\"maxHPOParallelTrainingJobs\":4,\"customModelTrainingParameters\":{")
            .Append("\"sourceS3DirectoryPath\":\"s3://neptune-ml-bucket/custom\",\"trainingEntryPointScript\":\"train.py\"},\"subnets\":[");
        for (var i = 0; builder.Length < 2000; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append("\"subnet-0a1b2c3d4e5f6").Append(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).Append('"');
        }

        return builder.Append("]}").ToString();
    }
}
