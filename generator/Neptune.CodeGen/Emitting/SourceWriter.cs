using System;
using System.Text;

namespace Neptune.CodeGen.Emitting;

/// <summary>A StringBuilder that keeps the indentation, so emitters read like the code they write.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
        }

        _builder.Append(text).Append('\n');
        return this;
    }

    public SourceWriter Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>An empty constructor that only chains to another one (<c>: base(...)</c> or <c>: this(...)</c>).</summary>
    public SourceWriter Constructor(string signature, string initializer)
    {
        Line(signature);
        _indent++;
        Line(initializer);
        _indent--;
        Line("{");
        return Line("}");
    }

    /// <summary>Writes an XML doc element, one <c>///</c> line per line of (already escaped) text.</summary>
    public SourceWriter Doc(string element, string escapedText, string attributes = "")
    {
        var lines = escapedText.Split('\n');
        if (lines.Length == 1)
        {
            return Line($"/// <{element}{attributes}>{lines[0]}</{element}>");
        }

        Line($"/// <{element}{attributes}>");
        foreach (var line in lines)
        {
            Line("/// " + line);
        }

        return Line($"/// </{element}>");
    }

    /// <summary>Where the writer is now, to <see cref="Rewind"/> to when what follows cannot be written.</summary>
    public (int Length, int Indent) Checkpoint() => (_builder.Length, _indent);

    /// <summary>Drops everything written since <paramref name="checkpoint"/>.</summary>
    public void Rewind((int Length, int Indent) checkpoint)
    {
        _builder.Length = checkpoint.Length;
        _indent = checkpoint.Indent;
    }

    public override string ToString()
    {
        if (_indent != 0)
        {
            throw new InvalidOperationException("Unbalanced indentation in generated source.");
        }

        return _builder.ToString();
    }
}
