using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Packaging;

/// <summary>
/// The NuGet packages as a customer gets them. Slow (packs, restores and builds outside the repo: a minute or two);
/// all CLI work happens in <see cref="PackagedConsumerFixture"/> plus one more build here, one command at a time.
/// </summary>
[Trait("Category", "Package")]
public sealed class PackagedConsumerTests : IClassFixture<PackagedConsumerFixture>
{
    private readonly PackagedConsumerFixture _fixture;

    public PackagedConsumerTests(PackagedConsumerFixture fixture) => _fixture = fixture;

    [Fact]
    public void AnalyzerPackage_HasGeneratorAndYamlDotNetAsAnalyzers_PropsInBuildAndBuildTransitive_NoLib_AndDependsOnTheRuntime()
    {
        PackagedConsumerFixture.Require(_fixture.PackGenerator, "pack Neptune.CodeGen");
        using var package = ZipFile.OpenRead(_fixture.GeneratorPackage);
        var entries = package.Entries.Select(static e => e.FullName).ToArray();
        var listing = string.Join("\n", entries);

        Assert.True(entries.Contains("analyzers/dotnet/cs/Neptune.CodeGen.dll"), listing);
        Assert.True(entries.Contains("analyzers/dotnet/cs/YamlDotNet.dll"), listing);
        Assert.True(entries.Contains("build/Neptune.CodeGen.props"), listing);
        Assert.True(entries.Contains("buildTransitive/Neptune.CodeGen.props"), listing);
        Assert.False(entries.Any(static e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal)), listing);

        var metadata = ReadNuspecMetadata(package);
        var ns = metadata.Name.Namespace;
        Assert.Equal("Neptune.CodeGen", metadata.Element(ns + "id")?.Value);
        Assert.Equal(_fixture.Version, metadata.Element(ns + "version")?.Value);
        Assert.NotEqual("true", metadata.Element(ns + "developmentDependency")?.Value);
        var dependencies = metadata.Descendants(ns + "dependency").ToArray();
        var runtime = Assert.Single(dependencies, static d => (string?)d.Attribute("id") == "Neptune.CodeGen.Runtime");
        Assert.Equal($"[{_fixture.Version}]", (string?)runtime.Attribute("version"));
    }

    [Fact]
    public void RuntimePackage_HasTheLibraryForNet10()
    {
        PackagedConsumerFixture.Require(_fixture.PackRuntime, "pack Neptune.CodeGen.Runtime");
        using var package = ZipFile.OpenRead(_fixture.RuntimePackage);
        var entries = package.Entries.Select(static e => e.FullName).ToArray();

        Assert.True(entries.Contains("lib/net10.0/Neptune.CodeGen.Runtime.dll"), string.Join("\n", entries));
        Assert.Equal(_fixture.Version, ReadNuspecMetadata(package).Elements().Single(static e => e.Name.LocalName == "version").Value);
    }

    [Fact]
    public void Consumer_GetsTheRuntimeThroughTheAnalyzerPackage_AndNoCompileReferenceToTheGenerator()
    {
        PackagedConsumerFixture.Require(_fixture.Build, "build the consumer");
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(_fixture.ConsumerDirectory, "obj", "project.assets.json")));
        var target = assets.RootElement.GetProperty("targets").EnumerateObject().Single().Value;

        var runtime = target.GetProperty($"Neptune.CodeGen.Runtime/{_fixture.Version}");
        Assert.True(runtime.GetProperty("compile").TryGetProperty("lib/net10.0/Neptune.CodeGen.Runtime.dll", out _), runtime.ToString());
        var generator = target.GetProperty($"Neptune.CodeGen/{_fixture.Version}");
        Assert.False(generator.TryGetProperty("compile", out var compile) && compile.EnumerateObject().Any(static p => p.Name.EndsWith(".dll", StringComparison.Ordinal)), generator.ToString());
        Assert.Contains(_fixture.PackagesFolder, assets.RootElement.GetProperty("packageFolders").EnumerateObject().Select(static p => p.Name.TrimEnd('/', '\\')));
    }

    [Fact]
    public void Consumer_BuildsWithoutGeneratorLoadFailuresOrWarnings()
    {
        var build = PackagedConsumerFixture.Require(_fixture.Build, "build the consumer");

        Assert.DoesNotContain("CS8785", build.Output);
        Assert.DoesNotContain("CS8784", build.Output);
        Assert.DoesNotContain("YamlDotNet", build.Output);
        // Restore may warn about the network (NU1801 and the like); anything from the compiler or the generator is a failure.
        var warnings = build.Output.Split('\n').Where(static l => l.Contains(": warning ", StringComparison.Ordinal) && !Regex.IsMatch(l, @": warning NU\d{4}")).ToArray();
        Assert.True(warnings.Length == 0, $"Unexpected warnings:\n{string.Join("\n", warnings)}\n\n{build}");
    }

    [Fact]
    public void Consumer_NeptuneCodeGenSpecsSetInTheProjectBody_WinsOverThePackageDefault()
    {
        // The package's props are imported before the project body; the body's value must still decide the items.
        var evaluation = PackagedConsumerFixture.Require(_fixture.Evaluation, "evaluate the consumer's AdditionalFiles");
        var (specsProperty, files) = ReadEvaluation(evaluation);

        Assert.Equal("specs/neptunedata/*.yaml", specsProperty);
        // The fixture copies every spec of the repository into specs/neptunedata/ (and a broken one into specs/drafts/).
        var expected = Directory.GetFiles(RepositoryPaths.Combine("specs", "neptunedata"), "*.yaml")
            .Select(static f => ("specs/neptunedata/" + Path.GetFileName(f), (string?)"true"))
            .OrderBy(static f => f.Item1, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(44, expected.Length);
        Assert.Equal(expected, files);
    }

    [Fact]
    public void ProjectWithoutTheProperty_GetsEveryYamlAndYmlUnderSpecs_MarkedAsSpecs()
    {
        var evaluation = PackagedConsumerFixture.Require(_fixture.DefaultsProbeEvaluation, "restore and evaluate the defaults probe");
        var (specsProperty, files) = ReadEvaluation(evaluation);

        Assert.Equal("specs/**/*.yaml;specs/**/*.yml", specsProperty);
        Assert.Equal(new[] { ("specs/a.yaml", (string?)"true"), ("specs/nested/deeper/b.yml", "true") }, files);
    }

    [Fact]
    public void Consumer_Runs_CancelsTheJobAndGetsTheTypedException()
    {
        var run = PackagedConsumerFixture.Require(_fixture.Run, "run the consumer");

        Assert.Contains("status: Stopping", run.Output);
        Assert.Contains("exception: Neptune.Data.MLResourceNotFoundException code=MLResourceNotFoundException status=404 retryable=False", run.Output);
        Assert.Equal(2, _fixture.RunRequests.Count);
        Assert.Equal("/ml/modeltraining/job-1?clean=true", _fixture.RunRequests[0].RawTarget);
        Assert.Equal("/ml/modeltraining/no-such-job", _fixture.RunRequests[1].RawTarget);
        Assert.All(_fixture.RunRequests, SigV4Header.AssertAccepted);
    }

    [Fact]
    public async Task Consumer_SpecTypo_FailsTheBuildWithAnNcgErrorAtTheYamlLineAndColumn()
    {
        PackagedConsumerFixture.Require(_fixture.Build, "build the consumer");
        var specPath = _fixture.ConsumerSpec("CancelMLModelTrainingJob.yaml");
        var lines = File.ReadAllLines(specPath);
        var index = Array.FindIndex(lines, static l => l == "    required: true");
        Assert.True(index >= 0, $"The spec has no '    required: true' line to misspell:\n{string.Join("\n", lines)}");
        lines[index] = "    requird: true";
        File.WriteAllLines(specPath, lines);

        var build = await _fixture.BuildConsumerAsync();

        Assert.False(build.Succeeded, $"The build should fail on the misspelled key:\n{build}");
        // The misspelled key is on line index + 1, and starts in column 5 (after four spaces of indentation).
        var errors = Regex.Matches(build.Output, @"specs[/\\]neptunedata[/\\]CancelMLModelTrainingJob\.yaml\((\d+),(\d+)(?:,\d+,\d+)?\): error (NCG\d{4}): ([^\r\n]*)");
        Assert.True(errors.Count > 0, $"No NCG error located in specs/neptunedata/CancelMLModelTrainingJob.yaml:\n{build}");
        Assert.True(
            errors.Any(e => e.Groups[1].Value == (index + 1).ToString(CultureInfo.InvariantCulture) && e.Groups[2].Value == "5" && e.Groups[4].Value.Contains("'requird'", StringComparison.Ordinal)),
            $"No NCG error about 'requird' at ({index + 1},5):\n{build}");
        Assert.DoesNotContain("CS8785", build.Output);
    }

    /// <summary>Reads the JSON of <c>dotnet msbuild -getProperty:NeptuneCodeGenSpecs -getItem:AdditionalFiles</c>.</summary>
    private static (string? SpecsProperty, (string Path, string? Marked)[] Files) ReadEvaluation(CliResult evaluation)
    {
        var start = evaluation.Output.IndexOf('{', StringComparison.Ordinal);
        Assert.True(start >= 0, $"No JSON in the evaluation output:\n{evaluation}");
        using var json = JsonDocument.Parse(evaluation.Output[start..]);
        var property = json.RootElement.GetProperty("Properties").GetProperty("NeptuneCodeGenSpecs").GetString();
        var files = json.RootElement.GetProperty("Items").TryGetProperty("AdditionalFiles", out var items)
            ? items.EnumerateArray()
                .Select(static f => (Path: f.GetProperty("Identity").GetString()!.Replace('\\', '/'), Marked: f.TryGetProperty("NeptuneCodeGenSpec", out var m) ? m.GetString() : null))
                .OrderBy(static f => f.Path, StringComparer.Ordinal)
                .ToArray()
            : [];
        return (property, files);
    }

    private static XElement ReadNuspecMetadata(ZipArchive package)
    {
        var nuspec = package.Entries.Single(static e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        return document.Root!.Elements().Single(static e => e.Name.LocalName == "metadata");
    }
}
