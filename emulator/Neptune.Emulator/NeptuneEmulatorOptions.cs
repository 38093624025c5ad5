using System;

namespace Neptune.Emulator;

/// <summary>
/// Settings of a <see cref="NeptuneEmulator"/>. Immutable: change a copy with a <c>with</c> expression,
/// for example <c>new NeptuneEmulatorOptions { SessionToken = "token" }</c>.
/// </summary>
public sealed record NeptuneEmulatorOptions
{
    /// <summary>The example access key id from the AWS documentation; the default <see cref="AccessKeyId"/>.</summary>
    public const string ExampleAccessKeyId = "AKIAIOSFODNN7EXAMPLE";

    /// <summary>The example secret access key from the AWS documentation; the default <see cref="SecretAccessKey"/>.</summary>
    public const string ExampleSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// <summary>The region that the credential scope must name. Default <c>us-east-1</c>.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The service name that the credential scope must name. Default <c>neptune-db</c>.</summary>
    public string SigningName { get; init; } = "neptune-db";

    /// <summary>The only access key id the emulator accepts.</summary>
    public string AccessKeyId { get; init; } = ExampleAccessKeyId;

    /// <summary>The secret access key that belongs to <see cref="AccessKeyId"/>. Never written to responses or logs.</summary>
    public string SecretAccessKey { get; init; } = ExampleSecretAccessKey;

    /// <summary>
    /// The session token of temporary credentials. When set, every request must carry it in
    /// <c>X-Amz-Security-Token</c> (signed or not); when null, a request that carries a token is rejected.
    /// </summary>
    public string? SessionToken { get; init; }

    /// <summary>How far <c>X-Amz-Date</c> may be from the emulator's clock, either way. Default 15 minutes, as Neptune.</summary>
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>When false, requests are not authenticated at all (no <c>Authorization</c> header needed). Default true.</summary>
    public bool VerifySignatures { get; init; } = true;

    /// <summary>The emulator's clock: used for the clock-skew check and for job creation times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The loopback port to listen on; 0 (the default) lets the operating system pick a free one.</summary>
    public int Port { get; init; }

    /// <summary>How long an ML job started through the API runs on the emulator's clock before it completes (an endpoint: before it is InService). Default 5 minutes.</summary>
    public TimeSpan MlJobDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a cancelled ML job stays Stopping (a deleted endpoint: Deleting) before it is Stopped (gone). Default 1 minute.</summary>
    public TimeSpan MlStopDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one bulk load runs on the emulator's clock. Default 1 minute.</summary>
    public TimeSpan LoadJobDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many requests <see cref="NeptuneEmulator.ReceivedRequests"/> keeps; older ones are dropped first, so an emulator
    /// that serves a long load run does not grow without bound. 0 records none. Default 10,000.
    /// </summary>
    public int MaxRecordedRequests { get; init; } = 10_000;

    /// <summary>The account id put into the ARNs the emulator makes up. Default <c>123456789012</c>.</summary>
    public string AccountId { get; init; } = "123456789012";

    /// <summary>
    /// The <c>Content-Type</c> of error responses. Default <c>application/json</c>; Neptune's own error page shows
    /// <c>application/x-amz-json-1.0</c>, so set that to check that a client does not depend on the content type.
    /// </summary>
    public string ErrorContentType { get; init; } = "application/json";

    /// <summary>Describes the options without the secret access key or the session token.</summary>
    public override string ToString() =>
        $"NeptuneEmulatorOptions {{ Region = {Region}, SigningName = {SigningName}, AccessKeyId = {AccessKeyId}, " +
        $"SecretAccessKey = ***, SessionToken = {(SessionToken is null ? "none" : "***")}, AllowedClockSkew = {AllowedClockSkew}, " +
        $"VerifySignatures = {VerifySignatures}, Port = {Port}, MlJobDuration = {MlJobDuration}, MlStopDuration = {MlStopDuration}, " +
        $"LoadJobDuration = {LoadJobDuration}, AccountId = {AccountId}, ErrorContentType = {ErrorContentType} }}";

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Region);
        ArgumentException.ThrowIfNullOrWhiteSpace(SigningName);
        ArgumentException.ThrowIfNullOrWhiteSpace(AccessKeyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(SecretAccessKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(AccountId);
        ArgumentException.ThrowIfNullOrWhiteSpace(ErrorContentType);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordedRequests, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(MlJobDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MlStopDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(LoadJobDuration, TimeSpan.Zero);
        if (AllowedClockSkew < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AllowedClockSkew), AllowedClockSkew, "The allowed clock skew cannot be negative.");
        }
    }
}
