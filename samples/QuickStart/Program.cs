using System;
using Neptune.Data;

var client = new NeptuneDataClient(new NeptuneDataClientOptions { Endpoint = new Uri("http://127.0.0.1:1"), Region = "us-east-1" });
Console.WriteLine(client.GetType());
