using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Neptune.CodeGen.EndToEnd.Tests.Support;
using Neptune.Emulator;
using Xunit;

namespace Neptune.CodeGen.EndToEnd.Tests.Packaging;

/// <summary>
/// Packs Neptune.CodeGen and Neptune.CodeGen.Runtime from this repository into a temporary feed, then creates, builds and runs
/// a console project outside the repository that uses them the way a customer would: one PackageReference, specs under specs/.
/// Everything is done once for the test class (restore + builds take a minute or two); the tests assert on the recorded steps.
/// </summary>
public sealed class PackagedConsumerFixture : IAsyncLifetime
{
    /// <summary>Set to 1 to keep the temporary folder (feed, consumer project, package cache) for a look after a failure.</summary>
    public const string KeepVariable = "NEPTUNE_E2E_KEEP";

    public const string ConsumerName = "NeptuneConsumer";

    /// <summary>A second project that keeps the package's default spec glob; only restored and evaluated, never built.</summary>
    public const string DefaultsProbeName = "DefaultsProbe";

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    public PackagedConsumerFixture()
    {
        // A version no cache can already hold, plus a package folder of its own: a stale package cannot mask a change.
        Version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        WorkRoot = Path.Combine(Path.GetTempPath(), $"neptune-codegen-e2e-{Guid.NewGuid():N}");
        Feed = Path.Combine(WorkRoot, "feed");
        PackagesFolder = Path.Combine(WorkRoot, "packages");
        ConsumerDirectory = Path.Combine(WorkRoot, ConsumerName);
    }

    public string Version { get; }

    public string WorkRoot { get; }

    public string Feed { get; }

    public string PackagesFolder { get; }

    public string ConsumerDirectory { get; }

    public string GeneratorPackage => Path.Combine(Feed, $"Neptune.CodeGen.{Version}.nupkg");

    public string RuntimePackage => Path.Combine(Feed, $"Neptune.CodeGen.Runtime.{Version}.nupkg");

    public string DefaultsProbeDirectory => Path.Combine(WorkRoot, DefaultsProbeName);

    public string ConsumerSpec(string fileName) => Path.Combine(ConsumerDirectory, "specs", "neptunedata", fileName);

    public CliResult? PackRuntime { get; private set; }

    public CliResult? PackGenerator { get; private set; }

    public CliResult? Build { get; private set; }

    public CliResult? Evaluation { get; private set; }

    public CliResult? Run { get; private set; }

    public CliResult? DefaultsProbeEvaluation { get; private set; }

    /// <summary>What the emulator received while the consumer ran.</summary>
    public IReadOnlyList<RecordedRequest> RunRequests { get; private set; } = [];

    /// <summary>The environment of every command on the consumer: its own package folder.</summary>
    public IReadOnlyDictionary<string, string?> ConsumerEnvironment => new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagesFolder };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        PackRuntime = await PackAsync("runtime/Neptune.CodeGen.Runtime/Neptune.CodeGen.Runtime.csproj");
        if (!PackRuntime.Succeeded)
        {
            return;
        }

        PackGenerator = await PackAsync("generator/Neptune.CodeGen/Neptune.CodeGen.csproj");
        if (!PackGenerator.Succeeded)
        {
            return;
        }

        WriteConsumer();
        Build = await BuildConsumerAsync();
        if (!Build.Succeeded)
        {
            return;
        }

        Evaluation = await DotNetCli.RunAsync(
            ConsumerDirectory,
            ["msbuild", $"{ConsumerName}.csproj", "-nologo", "-getProperty:NeptuneCodeGenSpecs", "-getItem:AdditionalFiles"],
            BuildTimeout,
            ConsumerEnvironment);

        WriteDefaultsProbe();
        var probeRestore = await DotNetCli.RunAsync(DefaultsProbeDirectory, ["restore", $"{DefaultsProbeName}.csproj", "-nodeReuse:false", "-tl:off"], BuildTimeout, ConsumerEnvironment);
        DefaultsProbeEvaluation = probeRestore.Succeeded
            ? await DotNetCli.RunAsync(
                DefaultsProbeDirectory,
                ["msbuild", $"{DefaultsProbeName}.csproj", "-nologo", "-getProperty:NeptuneCodeGenSpecs", "-getItem:AdditionalFiles"],
                BuildTimeout,
                ConsumerEnvironment)
            : probeRestore;

        await using var emulator = await NeptuneEmulator.StartAsync();
        emulator.AddTrainingJob("job-1");
        var environment = new Dictionary<string, string?>(ConsumerEnvironment)
        {
            ["AWS_ACCESS_KEY_ID"] = emulator.Options.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = emulator.Options.SecretAccessKey,
            ["AWS_SESSION_TOKEN"] = null,
        };
        Run = await DotNetCli.RunAsync(
            ConsumerDirectory,
            ["run", "--no-build", "--project", $"{ConsumerName}.csproj", "--", emulator.Endpoint.ToString(), emulator.Options.Region],
            RunTimeout,
            environment);
        RunRequests = emulator.ReceivedRequests;
    }

    /// <summary>Builds the consumer (restore included) as a customer would, with build servers off.</summary>
    public Task<CliResult> BuildConsumerAsync() =>
        DotNetCli.RunAsync(
            ConsumerDirectory,
            ["build", $"{ConsumerName}.csproj", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-tl:off", "-v:minimal"],
            BuildTimeout,
            ConsumerEnvironment);

    public Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable(KeepVariable) != "1" && Directory.Exists(WorkRoot))
        {
            try
            {
                Directory.Delete(WorkRoot, recursive: true);
            }
            catch (IOException)
            {
                // A leftover folder under the temp path is harmless.
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Fails the calling test with the step's whole output when the step did not run or did not succeed.</summary>
    public static CliResult Require(CliResult? step, string name)
    {
        Assert.True(step is not null, $"The step '{name}' did not run: an earlier step failed (see the first failing test).");
        Assert.True(step.Succeeded, $"The step '{name}' failed:\n{step}");
        return step;
    }

    private Task<CliResult> PackAsync(string project) =>
        // Its own artifacts folder: nothing is written to the repository's bin/ and obj/, which other builds may be using.
        DotNetCli.RunAsync(
            RepositoryPaths.Root,
            ["pack", RepositoryPaths.Combine(project.Split('/')), "-c", "Release", "-o", Feed, $"-p:Version={Version}",
             "--artifacts-path", Path.Combine(WorkRoot, "artifacts"), "-nodeReuse:false", "-p:UseSharedCompilation=false", "-tl:off"],
            PackTimeout);

    /// <summary>
    /// A project with no NeptuneCodeGenSpecs of its own: the package default (specs/**/*.yaml and *.yml) applies.
    /// Its files are empty; the project is only evaluated.
    /// </summary>
    private void WriteDefaultsProbe()
    {
        Directory.CreateDirectory(DefaultsProbeDirectory);
        foreach (var shared in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "NuGet.config" })
        {
            File.Copy(Path.Combine(ConsumerDirectory, shared), Path.Combine(DefaultsProbeDirectory, shared));
        }

        File.WriteAllText(Path.Combine(DefaultsProbeDirectory, $"{DefaultsProbeName}.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Neptune.CodeGen" Version="[{Version}]" />
              </ItemGroup>
            </Project>
            """);
        foreach (var file in new[] { "specs/a.yaml", "specs/nested/deeper/b.yml", "specs/notes.md", "elsewhere/c.yaml" })
        {
            var path = Path.Combine(DefaultsProbeDirectory, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, string.Empty);
        }
    }

    private void WriteConsumer()
    {
        Directory.CreateDirectory(Path.Combine(ConsumerDirectory, "specs", "neptunedata"));
        Directory.CreateDirectory(Path.Combine(ConsumerDirectory, "specs", "drafts"));

        // Stop MSBuild and NuGet from picking up anything above the consumer (a stray Directory.Build.props under /tmp, say).
        File.WriteAllText(Path.Combine(ConsumerDirectory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(ConsumerDirectory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(ConsumerDirectory, "Directory.Packages.props"), "<Project />\n");

        // The temporary feed on top of the machine's own sources (no <clear/>), and a package folder of its own. The machine's
        // package folder is a read-only fallback for third-party dependencies of the runtime, so they need not be downloaded
        // again; it cannot hold the e2e version of our packages.
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var fallback = Directory.Exists(machinePackages)
            ? $"""

                  <fallbackPackageFolders>
                    <add key="machine" value="{machinePackages}" />
                  </fallbackPackageFolders>
                """
            : string.Empty;
        File.WriteAllText(Path.Combine(ConsumerDirectory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="neptune-codegen-e2e" value="{Feed}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{PackagesFolder}" />
              </config>{fallback}
            </configuration>
            """);

        File.WriteAllText(Path.Combine(ConsumerDirectory, $"{ConsumerName}.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <!--
                  Set in the project body, after NuGet imported the package's props with its default (specs/**/*.yaml):
                  this must win, so specs/drafts/ is not compiled (it would fail the build).
                -->
                <NeptuneCodeGenSpecs>specs/neptunedata/*.yaml</NeptuneCodeGenSpecs>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Neptune.CodeGen" Version="[{Version}]" />
              </ItemGroup>
            </Project>
            """);

        foreach (var spec in Directory.GetFiles(RepositoryPaths.Combine("specs", "neptunedata"), "*.yaml"))
        {
            File.Copy(spec, ConsumerSpec(Path.GetFileName(spec)));
        }

        File.WriteAllText(Path.Combine(ConsumerDirectory, "specs", "drafts", "NotReady.yaml"), """
            # Marked as a spec only if the default glob were used: this file is not valid YAML.
            operation: [NotReady
            http: { method: GET
            """);

        File.WriteAllText(Path.Combine(ConsumerDirectory, "Program.cs"), """
            using Neptune.Data;

            // args: endpoint region. Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment.
            using var client = new NeptuneDataClient(new NeptuneDataClientOptions { Endpoint = new Uri(args[0]), Region = args[1] });

            var response = await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "job-1", Clean = true });
            Console.WriteLine($"status: {response.Status}");

            try
            {
                await client.CancelMLModelTrainingJobAsync(new CancelMLModelTrainingJobRequest { Id = "no-such-job" });
                Console.WriteLine("exception: none");
                return 1;
            }
            catch (NeptuneDataException e)
            {
                Console.WriteLine($"exception: {e.GetType().FullName} code={e.ErrorCode} status={(int)e.StatusCode} retryable={e.Retryable}");
                return 0;
            }
            """);
    }
}
