using System;
using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>
/// Reads <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c> and <c>AWS_SESSION_TOKEN</c> on every call,
/// so credentials rotated in the environment are used by the next request.
/// </summary>
public sealed class EnvironmentCredentialsProvider : IAwsCredentialsProvider
{
    /// <summary>The variable that holds the access key id.</summary>
    public const string AccessKeyIdVariable = "AWS_ACCESS_KEY_ID";

    /// <summary>The variable that holds the secret access key.</summary>
    public const string SecretAccessKeyVariable = "AWS_SECRET_ACCESS_KEY";

    /// <summary>The variable that holds the session token of temporary credentials.</summary>
    public const string SessionTokenVariable = "AWS_SESSION_TOKEN";

    private readonly Func<string, string?> _getVariable;

    /// <summary>Creates a provider over the process environment.</summary>
    public EnvironmentCredentialsProvider() : this(Environment.GetEnvironmentVariable)
    {
    }

    /// <summary>Creates a provider over any variable source (used by tests and hosts with their own environment).</summary>
    public EnvironmentCredentialsProvider(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        _getVariable = getVariable;
    }

    /// <inheritdoc />
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var accessKeyId = _getVariable(AccessKeyIdVariable);
        var secretAccessKey = _getVariable(SecretAccessKeyVariable);
        if (string.IsNullOrWhiteSpace(accessKeyId) || string.IsNullOrWhiteSpace(secretAccessKey))
        {
            var missing = string.IsNullOrWhiteSpace(accessKeyId) ? AccessKeyIdVariable : SecretAccessKeyVariable;
            throw new AwsCredentialsException(
                $"No AWS credentials: the environment variable {missing} is not set. " +
                $"Set {AccessKeyIdVariable} and {SecretAccessKeyVariable} (and {SessionTokenVariable} for temporary credentials), " +
                "or set Credentials on the client options.");
        }

        return new(new AwsCredentials(accessKeyId, secretAccessKey, _getVariable(SessionTokenVariable)));
    }
}
