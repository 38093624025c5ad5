using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Neptune.CodeGen.Tests.Infrastructure;

/// <summary>An AdditionalFile held in memory.</summary>
internal sealed class TestAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public TestAdditionalText(string path, string text)
        : this(path, SourceText.From(text, Encoding.UTF8))
    {
    }

    public TestAdditionalText(string path, SourceText text)
    {
        Path = path;
        _text = text;
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;

    /// <summary>Reads a file from disk the way the compiler does (bytes decoded, encoding detected).</summary>
    public static TestAdditionalText FromFile(string path)
    {
        using var stream = File.OpenRead(path);
        return new TestAdditionalText(path, SourceText.From(stream, Encoding.UTF8));
    }

    /// <summary>Every .yaml/.yml file under a folder, in a stable order.</summary>
    public static ImmutableArray<AdditionalText> FromFolder(string folder) =>
        Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (AdditionalText)FromFile(p))
            .ToImmutableArray();
}

/// <summary>
/// Per-file build metadata, as MSBuild would pass it: files in <see cref="MarkedPaths"/> get
/// <c>build_metadata.AdditionalFiles.NeptuneCodeGenSpec = true</c> (what build/Neptune.CodeGen.props sets on spec files).
/// </summary>
internal sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    public const string SpecMetadata = "build_metadata.AdditionalFiles.NeptuneCodeGenSpec";

    public TestOptionsProvider(IEnumerable<string> markedPaths) => MarkedPaths = markedPaths.ToImmutableHashSet(StringComparer.Ordinal);

    public ImmutableHashSet<string> MarkedPaths { get; }

    public override AnalyzerConfigOptions GlobalOptions => DictionaryOptions.Empty;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        MarkedPaths.Contains(textFile.Path) ? DictionaryOptions.Marked : DictionaryOptions.Empty;

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        public static readonly DictionaryOptions Empty = new(ImmutableDictionary<string, string>.Empty);

        public static readonly DictionaryOptions Marked = new(ImmutableDictionary<string, string>.Empty.Add(SpecMetadata, "true"));

        private readonly ImmutableDictionary<string, string> _values;

        private DictionaryOptions(ImmutableDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
