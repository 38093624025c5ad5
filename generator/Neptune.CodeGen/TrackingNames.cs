namespace Neptune.CodeGen;

/// <summary>Names of the pipeline steps, so caching tests can find them.</summary>
public static class TrackingNames
{
    /// <summary>AdditionalFiles that end in .yaml or .yml, with their build metadata.</summary>
    public const string SpecFiles = nameof(SpecFiles);

    /// <summary>One spec file read and bound into an equatable model.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>All spec files linked into emit units and cross-file diagnostics.</summary>
    public const string Link = nameof(Link);

    /// <summary>One emit unit (a generated file's model).</summary>
    public const string Units = nameof(Units);
}
