using System;
using System.IO;
using System.Net.Http;
using Neptune.CodeGen.Runtime.Credentials;
using Neptune.Data;

namespace Neptune.CodeGen.Wire.Tests.Support;

/// <summary>Builds a <see cref="NeptuneDataClient"/> whose HTTP traffic goes to a <see cref="CapturingHandler"/>.</summary>
public static class WireClient
{
    public static readonly Uri Endpoint = new("https://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182");

    public static NeptuneDataClient Create(CapturingHandler handler) =>
        new(new NeptuneDataClientOptions
        {
            Endpoint = Endpoint,
            Region = "us-east-1",
            Credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        }, new HttpClient(handler));

    /// <summary>Reads a file of <c>DocExamples/</c> (copied to the output folder).</summary>
    public static string DocExample(string fileName) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "DocExamples", fileName));
}
