using System;

namespace Neptune.CodeGen.Runtime.Credentials;

/// <summary>Thrown when a credentials provider cannot supply credentials.</summary>
public sealed class AwsCredentialsException : Exception
{
    /// <summary>Creates the exception with a message that says where credentials were looked for.</summary>
    public AwsCredentialsException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
