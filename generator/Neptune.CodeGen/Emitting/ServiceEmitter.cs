using Neptune.CodeGen.Model;

namespace Neptune.CodeGen.Emitting;

/// <summary>
/// Emits what a service shares: the client class (its constructors; operations add their methods in their own files),
/// its interface, the options type, the service's base exception, one exception per error code, and the error-code map.
/// </summary>
internal static class ServiceEmitter
{
    public static string Emit(ServiceUnit unit)
    {
        var names = unit.Names;
        var w = new SourceWriter();
        w.Line(CSharp.FileHeader(unit.SourcePath));
        w.Open($"namespace {names.Namespace}");

        var serviceDoc = CSharp.DocText(unit.Doc, $"The {names.ServiceName} service.");
        var apiVersion = CSharp.DocText(unit.ApiVersion, string.Empty);
        w.Doc("summary", $"Calls the {names.ServiceName} API (version {apiVersion}). Thread-safe: create one and reuse it.");
        w.Doc("remarks", serviceDoc);
        w.Open($"public partial interface {names.InterfaceName}");
        w.Close();
        w.Line();

        w.Doc("summary", $"Calls the {names.ServiceName} API (version {apiVersion}): builds each request, signs it with AWS SigV4 (signing name {CSharp.DocText(unit.SigningName, "")}), sends it and maps the response.");
        w.Doc("remarks", serviceDoc + "\nThread-safe: create one client per endpoint and reuse it. Every operation method is virtual, so the client can be mocked.");
        w.Open($"public partial class {names.ClientName} : global::{names.Namespace}.{names.InterfaceName}, global::System.IDisposable");
        w.Line($"internal static readonly {ValueCode.Runtime}.Http.ServiceDescription Description = new(");
        w.Line($"    {CSharp.Literal(names.ServiceName)}, {CSharp.Literal(unit.SigningName)}, {CSharp.Literal(unit.ApiVersion)}, global::{names.Namespace}.{names.ErrorsName}.Create);");
        w.Line();
        w.Line($"private readonly {ValueCode.Runtime}.Http.ServiceClientPipeline? _pipeline;");
        w.Line();
        w.Doc("summary", "Creates a client that sends with its own HTTP connection pool.");
        w.Doc("param", "The endpoint, region and credentials to use.", " name=\"options\"");
        w.Doc("exception", "A required option is missing or invalid.", " cref=\"global::System.ArgumentException\"");
        w.Constructor($"public {names.ClientName}(global::{names.Namespace}.{names.OptionsName} options)", ": this(options, null)");
        w.Line();
        w.Doc("summary", "Creates a client that sends with the given <see cref=\"global::System.Net.Http.HttpClient\"/> (for example one from IHttpClientFactory).");
        w.Doc("param", "The endpoint, region and credentials to use.", " name=\"options\"");
        w.Doc("param", "The client to send with; null to let this client own one. Automatic redirects should be disabled on it.", " name=\"httpClient\"");
        w.Doc("exception", "A required option is missing or invalid.", " cref=\"global::System.ArgumentException\"");
        w.Open($"public {names.ClientName}(global::{names.Namespace}.{names.OptionsName} options, global::System.Net.Http.HttpClient? httpClient)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(options);");
        w.Line($"_pipeline = new {ValueCode.Runtime}.Http.ServiceClientPipeline(Description, options, httpClient);");
        w.Close();
        w.Line();
        w.Doc("summary", "For mocking frameworks: a client that cannot send; override the operation methods.");
        w.Open($"protected {names.ClientName}()");
        w.Close();
        w.Line();
        w.Line($"private {ValueCode.Runtime}.Http.ServiceClientPipeline Pipeline =>");
        w.Line($"    _pipeline ?? throw new global::System.InvalidOperationException(\"This {names.ClientName} was created for mocking; override the operation you call.\");");
        w.Line();
        w.Doc("summary", "Releases the HTTP connections this client owns.");
        w.Open("public void Dispose()");
        w.Line("Dispose(true);");
        w.Line("global::System.GC.SuppressFinalize(this);");
        w.Close();
        w.Line();
        w.Doc("summary", "Releases the HTTP connections this client owns.");
        w.Doc("param", "True when called from <see cref=\"Dispose()\"/>.", " name=\"disposing\"");
        w.Open("protected virtual void Dispose(bool disposing)");
        w.Open("if (disposing)");
        w.Line("_pipeline?.Dispose();");
        w.Close();
        w.Close();
        w.Close();
        w.Line();

        w.Doc("summary", $"Settings of <see cref=\"{names.ClientName}\"/>: endpoint, region and credentials.");
        w.Open($"public partial class {names.OptionsName} : {ValueCode.Runtime}.AwsClientOptions");
        w.Close();
        w.Line();

        w.Doc("summary", $"The base of every error the {names.ServiceName} service returns. An error code that no spec names arrives as this type, with <see cref=\"{ValueCode.Runtime}.Errors.AwsServiceException.ErrorCode\"/> set.");
        w.Open($"public partial class {names.ExceptionName} : {ValueCode.Runtime}.Errors.AwsServiceException");
        w.Doc("summary", "Creates the exception from a parsed error response (also usable in tests).");
        w.Doc("param", "The error response.", " name=\"error\"");
        w.Doc("param", "The exception that caused this one, if any.", " name=\"innerException\"");
        w.Constructor($"public {names.ExceptionName}({ValueCode.Runtime}.Errors.ServiceError error, global::System.Exception? innerException = null)", ": base(error, innerException)");
        w.Close();

        foreach (var error in unit.Errors)
        {
            w.Line();
            w.Doc("summary", CSharp.DocText(error.Doc, $"The {error.Code} error."));
            w.Doc("remarks", $"Error code <c>{CSharp.DocText(error.Code, "")}</c>, HTTP status {error.Status}." + (error.Retryable ? " The service marks it as safe to retry." : string.Empty));
            w.Open($"public sealed partial class {CSharp.Id(error.ClassName)} : global::{names.Namespace}.{names.ExceptionName}");
            w.Doc("summary", "Creates the exception from a parsed error response (also usable in tests).");
            w.Doc("param", "The error response.", " name=\"error\"");
            w.Doc("param", "The exception that caused this one, if any.", " name=\"innerException\"");
            w.Constructor($"public {CSharp.Id(error.ClassName)}({ValueCode.Runtime}.Errors.ServiceError error, global::System.Exception? innerException = null)", ": base(error, innerException)");
            if (error.Retryable)
            {
                w.Line();
                w.Line("/// <inheritdoc />");
                w.Line("public override bool Retryable => true;");
            }

            w.Close();
        }

        w.Line();
        w.Doc("summary", "Maps error codes to exception types.");
        w.Open($"internal static class {names.ErrorsName}");
        w.Open($"public static {ValueCode.Runtime}.Errors.AwsServiceException Create({ValueCode.Runtime}.Errors.ServiceError error, global::System.Exception? innerException) => error.ErrorCode switch");
        foreach (var error in unit.Errors)
        {
            w.Line($"{CSharp.Literal(error.Code)} => new global::{names.Namespace}.{CSharp.Id(error.ClassName)}(error, innerException),");
        }

        w.Line($"_ => new global::{names.Namespace}.{names.ExceptionName}(error, innerException),");
        w.Close(";");
        w.Close();
        w.Close();
        return w.ToString();
    }
}
