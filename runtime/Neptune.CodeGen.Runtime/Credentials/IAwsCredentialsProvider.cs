using System.Threading;
using System.Threading.Tasks;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>Supplies AWS credentials. Called before every request is signed, so rotating credentials are picked up.</summary>
public interface IAwsCredentialsProvider
{
    /// <summary>Returns the credentials to sign the next request with.</summary>
    /// <exception cref="AwsCredentialsException">No credentials could be found.</exception>
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default);
}
