using System.Collections.Generic;
using System.Linq;
using System.Text;
using CsCheck;

namespace Neptune.CodeGen.Tests.Fuzzing;

/// <summary>A YAML value to render: a scalar, a mapping or a list; collections remember whether they are written in flow style.</summary>
internal abstract record YamlValue;

internal sealed record YamlText(string Text) : YamlValue;

internal sealed record YamlMap(IReadOnlyList<(string Key, YamlValue Value)> Entries, bool Flow) : YamlValue;

internal sealed record YamlList(IReadOnlyList<YamlValue> Items, bool Flow) : YamlValue;

/// <summary>
/// Random YAML documents whose keys and scalars come mostly from the spec format's own vocabulary, so the generator's
/// binder sees plausible specs of every shape, not only syntax errors. The root is a mapping starting with
/// <c>operation</c> or <c>service</c> (so an unmarked file is recognised too).
/// </summary>
internal static class RandomYaml
{
    private static readonly Gen<string> Key = Gen.Frequency(
        (6, (IGen<string>)Gen.OneOf(SpecMutator.Vocabulary.Take(31).ToArray())),
        (2, Gen.OneOf("a", "b", "id", "widget", "Widget", "Color", "items", "x-y", "2x", "class", "Value")),
        (1, SpecMutator.Payload));

    private static readonly Gen<YamlValue> Scalar = SpecMutator.Payload.Select(text => (YamlValue)new YamlText(text));

    public static Gen<YamlValue> Value { get; } = Gen.Recursive<YamlValue>((depth, value) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (3, (IGen<YamlValue>)Scalar),
            (2, Gen.Select(Gen.Select(Key, value).List[0, 5], Gen.Bool, (entries, flow) => (YamlValue)new YamlMap(entries.Select(e => (e.Item1, e.Item2)).ToList(), flow))),
            (1, Gen.Select(value.List[0, 4], Gen.Bool, (items, flow) => (YamlValue)new YamlList(items, flow)))));

    public static Gen<string> Document { get; } = Gen.Select(
        Gen.OneOf("operation", "service"),
        Gen.OneOf("Op", "Svc", "Widget", "Get-Thing", ""),
        Gen.Select(Key, Value).List[0, 8],
        (rootKey, rootName, entries) => Render(new YamlMap(new[] { (rootKey, (YamlValue)new YamlText(rootName)) }.Concat(entries.Select(e => (e.Item1, e.Item2))).ToList(), Flow: false)));

    public static string Render(YamlValue value)
    {
        var builder = new StringBuilder();
        Write(builder, value, 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, YamlValue value, int indent)
    {
        switch (value)
        {
            case YamlText text:
                builder.Append(text.Text);
                break;
            case YamlMap { Flow: true } map:
                builder.Append("{ ");
                builder.AppendJoin(", ", map.Entries.Select(e => e.Key + ": " + Inline(e.Value)));
                builder.Append(" }");
                break;
            case YamlList { Flow: true } list:
                builder.Append('[').AppendJoin(", ", list.Items.Select(Inline)).Append(']');
                break;
            case YamlMap map when map.Entries.Count == 0:
                builder.Append("{}");
                break;
            case YamlList list when list.Items.Count == 0:
                builder.Append("[]");
                break;
            case YamlMap map:
                foreach (var (key, item) in map.Entries)
                {
                    builder.Append('\n').Append(' ', indent).Append(key).Append(':');
                    WriteChild(builder, item, indent + 2);
                }

                break;
            case YamlList list:
                foreach (var item in list.Items)
                {
                    builder.Append('\n').Append(' ', indent).Append('-');
                    WriteChild(builder, item, indent + 2);
                }

                break;
        }
    }

    private static void WriteChild(StringBuilder builder, YamlValue value, int indent)
    {
        if (value is YamlText or YamlMap { Flow: true } or YamlList { Flow: true } or YamlMap { Entries.Count: 0 } or YamlList { Items.Count: 0 })
        {
            builder.Append(' ');
        }

        Write(builder, value, indent);
    }

    private static string Inline(YamlValue value) => value switch
    {
        YamlMap map => Render(map with { Flow = true }),
        YamlList list => Render(list with { Flow = true }),
        _ => Render(value),
    };
}
