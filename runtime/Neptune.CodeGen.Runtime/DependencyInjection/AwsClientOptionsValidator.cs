using System;
using Microsoft.Extensions.Options;

namespace Neptune.CodeGen.Runtime.DependencyInjection;

/// <summary>Validates one registration's named options with <see cref="AwsClientOptions.Validate"/>, with a message that names them.</summary>
internal sealed class AwsClientOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : AwsClientOptions
{
    private readonly string _name;

    public AwsClientOptionsValidator(string name) => _name = name;

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (!string.Equals(name ?? Options.DefaultName, _name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            var which = _name.Length == 0 ? typeof(TOptions).Name : $"{typeof(TOptions).Name} '{_name}'";
            return ValidateOptionsResult.Fail($"{which} is invalid: {exception.Message}");
        }
    }
}
