using System.Threading.Tasks;
using Neptune.CodeGen.Wire.Tests.Support;
using Neptune.Data;
using Xunit;

namespace Neptune.CodeGen.Wire.Tests.DocExamples;

/// <summary>GetMLModelTrainingJob read from the response documented on its API page (nested resource definitions, a model list).</summary>
public sealed class MLModelTrainingJobTests
{
    [Fact]
    public async Task Documented_response_syntax_fills_every_member()
    {
        var handler = new CapturingHandler(WireClient.DocExample("ml-model-training-job.json"));
        using var client = WireClient.Create(handler);

        var response = await client.GetMLModelTrainingJobAsync(new GetMLModelTrainingJobRequest { Id = "job-1", NeptuneIamRoleArn = "arn:aws:iam::123456789012:role/NeptuneML" });

        Assert.Equal("/ml/modeltraining/job-1?neptuneIamRoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FNeptuneML", handler.Single.Uri.PathAndQuery);
        Assert.Equal("string", response.Status);
        Assert.Equal("string", response.Id);
        foreach (var job in new[] { response.ProcessingJob, response.HpoJob, response.ModelTransformJob })
        {
            Assert.NotNull(job);
            Assert.All(
                new[] { job.Name, job.Arn, job.Status, job.OutputLocation, job.FailureReason, job.CloudwatchLogUrl },
                value => Assert.Equal("string", value));
        }

        var model = Assert.Single(response.MlModels!);
        Assert.Equal("string", model.Name);
        Assert.Equal("string", model.Arn);
    }

    [Fact]
    public async Task Each_member_is_read_from_its_own_key()
    {
        var handler = new CapturingHandler(WireClient.DocExample("ml-model-training-job.distinct-values.json"));
        using var client = WireClient.Create(handler);

        var response = await client.GetMLModelTrainingJobAsync(new GetMLModelTrainingJobRequest { Id = "job-1" });

        Assert.Equal("status", response.Status);
        Assert.Equal("id", response.Id);
        Assert.Equal("processingJob.name", response.ProcessingJob!.Name);
        Assert.Equal("processingJob.cloudwatchLogUrl", response.ProcessingJob.CloudwatchLogUrl);
        Assert.Equal("hpoJob.arn", response.HpoJob!.Arn);
        Assert.Equal("hpoJob.failureReason", response.HpoJob.FailureReason);
        Assert.Equal("modelTransformJob.outputLocation", response.ModelTransformJob!.OutputLocation);
        Assert.Equal("modelTransformJob.status", response.ModelTransformJob.Status);
        Assert.Equal("mlModels.0.arn", Assert.Single(response.MlModels!).Arn);
        Assert.Equal("mlModels.0.name", response.MlModels![0].Name);
    }
}
