using System;
using System.Collections.Concurrent;
using System.Linq;
using CsCheck;
using Xunit;
using Xunit.Sdk;

namespace Neptune.CodeGen.Tests.Fuzzing;

/// <summary>The fuzz runner itself: fixed cases for a fixed seed, and a failure reported with its seed and a shrunk case.</summary>
public sealed class FuzzRunnerTests
{
    [Fact]
    public void The_same_seed_gives_the_same_cases_every_run()
    {
        var first = new ConcurrentBag<string>();
        var second = new ConcurrentBag<string>();

        FuzzRunner.Run(SpecMutator.Mutation, m => first.Add(m.ToString()), m => m.ToString(), stream: 9);
        FuzzRunner.Run(SpecMutator.Mutation, m => second.Add(m.ToString()), m => m.ToString(), stream: 9);

        Assert.Equal(FuzzRunner.Iterations, first.Count);
        Assert.Equal(first.OrderBy(x => x, StringComparer.Ordinal), second.OrderBy(x => x, StringComparer.Ordinal));
        Assert.True(first.Distinct().Count() > first.Count / 2, "the cases should differ from one another");
    }

    [Fact]
    public void A_failing_property_fails_the_test_with_its_seed_its_input_and_a_shrunk_input()
    {
        var exception = Assert.Throws<XunitException>(() => FuzzRunner.Run(
            Gen.Int[0, 1_000_000],
            n =>
            {
                if (n > 1000)
                {
                    throw new InvalidOperationException("too big: " + n);
                }
            },
            n => "n = " + n,
            stream: 10));

        Assert.Matches(@"^Case \d+ \(CsCheck seed \w+\) failed: too big: \d+", exception.Message);
        Assert.Contains("--- input ---" + Environment.NewLine + "n = ", exception.Message, StringComparison.Ordinal);
        Assert.Contains("--- shrunk by CsCheck ---", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Set seed:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutations_apply_to_the_nodes_they_name()
    {
        const string text = "operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  a: string\n  b: integer\n";

        Assert.Equal("operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  b: integer\n",
            SpecMutator.Apply(text, new Mutation(MutationKind.DropEntry, 5, string.Empty)));
        Assert.Equal("operation: Op\nhttp: { uri: /x }\ninput:\n  a: string\n  b: integer\n",
            SpecMutator.Apply(text, new Mutation(MutationKind.DropEntry, 2, string.Empty)));
        Assert.Equal("operation: Op\nhttp: { method: GET, method: GET, uri: /x }\ninput:\n  a: string\n  b: integer\n",
            SpecMutator.Apply(text, new Mutation(MutationKind.DuplicateEntry, 2, string.Empty)));
        Assert.Equal("operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  a: string\n  a: string\n  b: integer\n",
            SpecMutator.Apply(text, new Mutation(MutationKind.DuplicateEntry, 5, string.Empty)));
        Assert.Equal("operation: Op\nhttp: { method: GET, uri: /x }\ninput:\n  a: string\n  type: integer\n",
            SpecMutator.Apply(text, new Mutation(MutationKind.RenameKey, 6, "type")));
        Assert.Equal("operation: Op\nhttp: [1]\ninput:\n  a: string\n  b: integer\n",
            SpecMutator.Apply(text, new Mutation(MutationKind.Retype, 2, "[1]")));
        Assert.Equal("operation: Op\nht", SpecMutator.Apply(text, new Mutation(MutationKind.Truncate, 16, string.Empty)));
    }
}
