using Neptune.CodeGen.Model;

namespace Neptune.CodeGen.Emitting;

/// <summary>
/// Emits what a service shares: the client class (its constructors; operations add their methods in their own files),
/// its interface, the options type, the service's base exception, one exception per error code, the error-code map, the
/// model factory that builds those exceptions for tests, and the dependency-injection extension methods.
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
        w.Doc("remarks", serviceDoc + $"\nThread-safe: create one client per endpoint and reuse it, or register it with <see cref=\"global::{names.Namespace}.{names.ServiceCollectionExtensionsName}.Add{names.ClientName}(global::Microsoft.Extensions.DependencyInjection.IServiceCollection, global::System.Action{{global::{names.Namespace}.{names.OptionsName}}})\"/>. Every operation method is virtual, so the client can be faked in tests; <see cref=\"global::{names.Namespace}.{names.ModelFactoryName}\"/> builds its exceptions.");
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
        w.Line();
        EmitModelFactory(w, unit);
        w.Line();
        EmitServiceCollectionExtensions(w, names);
        w.Close();
        return w.ToString();
    }

    /// <summary>
    /// A static class with one method per error code, named like its exception, that builds the exception exactly as the
    /// client would for that error response: for tests of code that uses the client.
    /// </summary>
    private static void EmitModelFactory(SourceWriter w, ServiceUnit unit)
    {
        var names = unit.Names;
        const string Status = "global::System.Net.HttpStatusCode";
        const string ServiceError = ValueCode.Runtime + ".Errors.ServiceError";
        w.Doc("summary", $"Builds the exceptions <see cref=\"global::{names.Namespace}.{names.ClientName}\"/> throws, for tests of code that uses the client (a fake client throws them). Responses need no factory: they are classes with settable properties.");
        w.Open($"public static class {names.ModelFactoryName}");
        w.Doc("summary", $"Creates the exception the client throws for an error response with this status and code: the modeled exception type for a known code, else <see cref=\"global::{names.Namespace}.{names.ExceptionName}\"/>.");
        w.Doc("param", "The HTTP status code.", " name=\"statusCode\"");
        w.Doc("param", "The error code, for example <c>MLResourceNotFoundException</c>; null when the response named none.", " name=\"errorCode\"");
        w.Doc("param", "The service's message (<c>DetailedMessage</c>), or null.", " name=\"message\"");
        w.Doc("param", "The request id, or null.", " name=\"requestId\"");
        w.Doc("param", "The raw response body; empty when null.", " name=\"responseBody\"");
        w.Open($"public static global::{names.Namespace}.{names.ExceptionName} {names.ExceptionName}({Status} statusCode, string? errorCode = null, string? message = null, string? requestId = null, string? responseBody = null)");
        w.Line($"return (global::{names.Namespace}.{names.ExceptionName})global::{names.Namespace}.{names.ErrorsName}.Create(new {ServiceError}(statusCode, errorCode, message, requestId, responseBody ?? string.Empty), null);");
        w.Close();
        foreach (var error in unit.Errors)
        {
            var type = $"global::{names.Namespace}.{CSharp.Id(error.ClassName)}";
            w.Line();
            w.Doc("summary", $"Creates the <see cref=\"{type}\"/> the client throws for an error response with the code <c>{CSharp.DocText(error.Code, "")}</c> (HTTP {error.Status}).");
            w.Doc("param", "The service's message (<c>DetailedMessage</c>), or null.", " name=\"message\"");
            w.Doc("param", "The request id, or null.", " name=\"requestId\"");
            w.Doc("param", $"The HTTP status code; the spec's {error.Status} by default.", " name=\"statusCode\"");
            w.Doc("param", "The raw response body; empty when null.", " name=\"responseBody\"");
            w.Open($"public static {type} {CSharp.Id(error.ClassName)}(string? message = null, string? requestId = null, {Status} statusCode = ({Status}){error.Status}, string? responseBody = null)");
            w.Line($"return new {type}(new {ServiceError}(statusCode, {CSharp.Literal(error.Code)}, message, requestId, responseBody ?? string.Empty));");
            w.Close();
        }

        w.Close();
    }

    /// <summary>
    /// <c>services.Add{Client}(...)</c>: thin extension methods over the runtime's <c>AwsClientRegistration</c>, which does
    /// the work (options, validation, IHttpClientFactory typed client, signing wrapped around the primary handler).
    /// </summary>
    private static void EmitServiceCollectionExtensions(SourceWriter w, ServiceNames names)
    {
        const string Services = "global::Microsoft.Extensions.DependencyInjection.IServiceCollection";
        const string Builder = "global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder";
        const string Configuration = "global::Microsoft.Extensions.Configuration.IConfiguration";
        const string Registration = ValueCode.Runtime + ".DependencyInjection.AwsClientRegistration";
        var client = $"global::{names.Namespace}.{names.ClientName}";
        var options = $"global::{names.Namespace}.{names.OptionsName}";
        var typeArguments = $"<global::{names.Namespace}.{names.InterfaceName}, {client}, {options}>";
        var create = $"static (options, httpClient) => new {client}(options, httpClient)";
        var method = $"Add{names.ClientName}";
        var returns = "The builder of the client's HttpClient: add handlers to it (a resilience handler, say); they run outside the signing, so each resend is signed afresh.";

        w.Doc("summary", $"Registers <see cref=\"{client}\"/> with dependency injection and IHttpClientFactory.");
        w.Doc("remarks", $"The client is a transient typed client, resolved as <see cref=\"global::{names.Namespace}.{names.InterfaceName}\"/> or <see cref=\"{client}\"/> (keyed by the name for a named registration), with its options in the options pattern, validated when first used. Signing is the innermost step of its HttpClient. See <see cref=\"{Registration}\"/>.");
        w.Open($"public static class {names.ServiceCollectionExtensionsName}");

        w.Doc("summary", $"Registers the client with options set by <paramref name=\"configure\"/> (the unnamed options, <c>IOptions&lt;{names.OptionsName}&gt;</c>).");
        w.Doc("param", "The service collection.", " name=\"services\"");
        w.Doc("param", "Sets the endpoint, region and other options; runs when the client is first resolved.", " name=\"configure\"");
        w.Doc("returns", returns);
        w.Open($"public static {Builder} {method}(this {Services} services, global::System.Action<{options}> configure)");
        w.Line($"return {Registration}.AddClient{typeArguments}(services, string.Empty, configure, {create});");
        w.Close();
        w.Line();

        w.Doc("summary", "Registers the client under a name: named options, and a client resolved as a keyed service with that name.");
        w.Doc("param", "The service collection.", " name=\"services\"");
        w.Doc("param", "The name of the options and the key of the client.", " name=\"name\"");
        w.Doc("param", "Sets the endpoint, region and other options; runs when the client is first resolved.", " name=\"configure\"");
        w.Doc("returns", returns);
        w.Open($"public static {Builder} {method}(this {Services} services, string name, global::System.Action<{options}> configure)");
        w.Line("global::System.ArgumentException.ThrowIfNullOrEmpty(name);");
        w.Line($"return {Registration}.AddClient{typeArguments}(services, name, configure, {create});");
        w.Close();
        w.Line();

        w.Doc("summary", "Registers the client with options read from a configuration section (<c>Endpoint</c>, <c>Region</c>, <c>AttemptTimeout</c>, <c>OperationTimeout</c>, <c>Retry</c>), read again when the configuration reloads.");
        w.Doc("param", "The service collection.", " name=\"services\"");
        w.Doc("param", "The configuration section, for example <c>configuration.GetSection(\"Neptune\")</c>.", " name=\"configuration\"");
        w.Doc("returns", returns);
        w.Open($"public static {Builder} {method}(this {Services} services, {Configuration} configuration)");
        w.Line($"return {Registration}.AddClient{typeArguments}(services, string.Empty, configuration, {create});");
        w.Close();
        w.Line();

        w.Doc("summary", "Registers the client under a name, with options read from a configuration section.");
        w.Doc("param", "The service collection.", " name=\"services\"");
        w.Doc("param", "The name of the options and the key of the client.", " name=\"name\"");
        w.Doc("param", "The configuration section.", " name=\"configuration\"");
        w.Doc("returns", returns);
        w.Open($"public static {Builder} {method}(this {Services} services, string name, {Configuration} configuration)");
        w.Line("global::System.ArgumentException.ThrowIfNullOrEmpty(name);");
        w.Line($"return {Registration}.AddClient{typeArguments}(services, name, configuration, {create});");
        w.Close();
        w.Close();
    }
}
