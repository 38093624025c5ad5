namespace Neptune.CodeGen;

/// <summary>Names of the pipeline steps, so caching tests can find them.</summary>
public static class TrackingNames
{
    /// <summary>AdditionalFiles that end in .yaml or .yml, with their build metadata.</summary>
    public const string SpecFiles = nameof(SpecFiles);

    /// <summary>One spec file read and bound into an equatable model.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>What other files need from one spec file: its service, its operation's name, the shapes it declares.</summary>
    public const string Summary = nameof(Summary);

    /// <summary>All summaries linked into the index and the cross-file diagnostics.</summary>
    public const string Link = nameof(Link);

    /// <summary>The position-free index of services every file's unit is built against.</summary>
    public const string Index = nameof(Index);

    /// <summary>One spec file's unit (null when it gets none) and its diagnostics (Parse's and its own), from that file and the index.</summary>
    public const string Build = nameof(Build);

    /// <summary>The generated files from the units: each service's client file, and its operations grouped into files (see <c>Linking.OperationFiles</c>).</summary>
    public const string Files = nameof(Files);

    /// <summary>Each service's shapes unit and its diagnostics, from the files that declare shapes.</summary>
    public const string Shapes = nameof(Shapes);

    /// <summary>Each service's shapes emit unit.</summary>
    public const string ShapeUnits = nameof(ShapeUnits);
}
