using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Neptune.CodeGen.Import.Smithy;
using Neptune.CodeGen.Import.Tests.Infrastructure;
using Xunit;

namespace Neptune.CodeGen.Import.Tests;

/// <summary>The same model gives byte-identical files, whatever the culture or the order of shapes in the JSON.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void Importing_twice_gives_identical_files_with_lf_line_endings()
    {
        var first = TestModels.Files(SmithyModel.Load(RepoPaths.NeptuneModel));
        var second = TestModels.Files(SmithyModel.Load(RepoPaths.NeptuneModel));

        Assert.Equal(first, second);
        Assert.All(first.Values, text => Assert.DoesNotContain("\r", text, StringComparison.Ordinal));
        Assert.All(first.Values, text => Assert.EndsWith("\n", text, StringComparison.Ordinal));
        Assert.All(first.Values, text => Assert.All(text.Split('\n'), line => Assert.Equal(line.TrimEnd(), line)));
    }

    [Fact]
    public void The_current_culture_does_not_change_the_output()
    {
        var invariant = TestModels.Files(SmithyModel.Load(RepoPaths.NeptuneModel));
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("tr-TR");
            Assert.Equal(invariant, TestModels.Files(SmithyModel.Load(RepoPaths.NeptuneModel)));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void The_order_of_shapes_in_the_model_file_does_not_change_the_output()
    {
        var json = JsonNode.Parse(File.ReadAllText(RepoPaths.NeptuneModel))!.AsObject();
        var shapes = json["shapes"]!.AsObject();
        var reversed = new JsonObject();
        foreach (var (name, shape) in shapes.ToList().AsEnumerable().Reverse())
        {
            reversed[name] = shape!.DeepClone();
        }

        json["shapes"] = reversed;
        var shuffled = SmithyModel.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())), "neptunedata-2023-08-01.json");

        Assert.Equal(TestModels.Files(SmithyModel.Load(RepoPaths.NeptuneModel)), TestModels.Files(shuffled));
    }
}
