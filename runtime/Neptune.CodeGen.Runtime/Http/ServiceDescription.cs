using System;
using Neptune.CodeGen.Runtime.Errors;

namespace Neptune.CodeGen.Runtime.Http;

/// <summary>What the runtime needs to know about a service; generated once per service spec.</summary>
/// <param name="ServiceName">The service name from the spec, for example <c>NeptuneData</c>.</param>
/// <param name="SigningName">The SigV4 signing name, for example <c>neptune-db</c>.</param>
/// <param name="ApiVersion">The API version, for example <c>2023-08-01</c>.</param>
/// <param name="CreateException">Maps an error response (and the exception that caused it, if any) to the service's typed exception.</param>
public sealed record ServiceDescription(
    string ServiceName,
    string SigningName,
    string ApiVersion,
    Func<ServiceError, Exception?, AwsServiceException> CreateException);
