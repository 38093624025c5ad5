using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Neptune.CodeGen.Import.Importing;
using Neptune.CodeGen.Import.Smithy;
using Neptune.CodeGen.Import.Writing;

namespace Neptune.CodeGen.Import.Cli;

/// <summary><c>neptune-codegen import &lt;model.json&gt; --out &lt;dir&gt; [options]</c>: argument handling, exit codes, files.</summary>
internal static class ImportCommand
{
    public const int Success = 0;
    public const int ImportFailed = 1;
    public const int UsageError = 2;

    public const string Usage = """
        Usage: neptune-codegen import <model.json> --out <dir> [options]

        Reads a Smithy JSON AST of an AWS restJson1 service and writes Neptune.CodeGen specs:
        service.yaml (service, error catalog, shared shapes) and one <Operation>.yaml per operation.

        Options:
          --out <dir>              folder to write the specs to (created if missing; files are overwritten)
          --operations <A,B,...>   import only these operations (default: all)
          --skip-unsupported       skip an operation the spec format cannot express, with a warning,
                                   instead of stopping the import
          --schema <ref>           write '# yaml-language-server: $schema=<ref>' as each file's first line
          --service <Name>         the 'service:' name (default: the service title without Amazon/AWS)
          --namespace <Ns>         the 'namespace:' of the generated code (default: the service name)
          -h, --help               show this help

        Exit codes: 0 written, 1 the model cannot be imported (nothing written), 2 bad arguments.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? UsageError : Success;
        }

        if (args[0] != "import")
        {
            stderr.WriteLine($"error: unknown command '{args[0]}'. The only command is 'import'.");
            stderr.WriteLine(Usage);
            return UsageError;
        }

        string? model = null, output = null, schema = null, service = null, ns = null;
        List<string>? operations = null;
        var skip = false;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            string? Value()
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    stderr.WriteLine($"error: {arg} needs a value.");
                    return null;
                }

                return args[++i];
            }

            switch (arg)
            {
                case "-h" or "--help":
                    stdout.WriteLine(Usage);
                    return Success;
                case "--out":
                    if ((output = Value()) is null) return UsageError;
                    break;
                case "--schema":
                    if ((schema = Value()) is null) return UsageError;
                    break;
                case "--service":
                    if ((service = Value()) is null) return UsageError;
                    break;
                case "--namespace":
                    if ((ns = Value()) is null) return UsageError;
                    break;
                case "--operations":
                    var list = Value();
                    if (list is null) return UsageError;
                    operations = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                    if (operations.Count == 0)
                    {
                        stderr.WriteLine("error: --operations needs at least one operation name.");
                        return UsageError;
                    }

                    break;
                case "--skip-unsupported":
                    skip = true;
                    break;
                default:
                    if (arg.StartsWith("-", StringComparison.Ordinal) || model is not null)
                    {
                        stderr.WriteLine($"error: unexpected argument '{arg}'. See --help.");
                        return UsageError;
                    }

                    model = arg;
                    break;
            }
        }

        if (model is null || output is null)
        {
            stderr.WriteLine(model is null ? "error: give the model file: neptune-codegen import <model.json> --out <dir>." : "error: --out <dir> is required.");
            return UsageError;
        }

        if (!File.Exists(model))
        {
            stderr.WriteLine($"error: model file '{model}' not found.");
            return UsageError;
        }

        IReadOnlyList<KeyValuePair<string, string>> files;
        try
        {
            var smithy = SmithyModel.Load(model);
            var result = SpecImporter.Import(smithy, new ImportOptions { Operations = operations, SkipUnsupported = skip, ServiceName = service, Namespace = ns });
            foreach (var warning in result.Warnings)
            {
                stderr.WriteLine("warning: " + warning);
            }

            files = new SpecWriter(schema, Path.GetFileName(model)).Write(result);
        }
        catch (UnsupportedConstructException e)
        {
            stderr.WriteLine("error: unsupported construct: " + e.Message);
            stderr.WriteLine(skip
                ? "The service itself cannot be imported; nothing was written."
                : "Nothing was written. Use --skip-unsupported to import the other operations, or --operations to pick some.");
            return ImportFailed;
        }
        catch (InvalidModelException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return ImportFailed;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"error: cannot read '{model}': {e.Message}");
            return ImportFailed;
        }

        Directory.CreateDirectory(output);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(output, name), content, utf8);
        }

        stdout.WriteLine($"Wrote {files.Count} files ({files.Count - 1} operations and service.yaml) to {output}.");
        return Success;
    }
}
